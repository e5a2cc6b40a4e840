// The boot script reader on a script real systools wrote (data/boot: small.rel and its .app
// files through systools:make_script on OTP 25, the .boot written again with [compressed]; see
// data/boot/README), and on hand-written scripts for each refusal.

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "libappgraph/boot_script.hpp"
#include "libappgraph/resolve.hpp"

#ifndef BOOT_DATA_DIR
#error "BOOT_DATA_DIR must name tests/appgraph/manifests/data/boot"
#endif

using appgraph::BootScript;
using appgraph::DiagnosticError;
using appgraph::StartType;

namespace {

std::string read_file(const std::string& name) {
    std::ifstream in(std::string(BOOT_DATA_DIR) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "name vsn status" per application, status the start type or "loaded" or "included-by=X".
std::string summary(const BootScript& s) {
    std::string out;
    for (const auto& a : s.applications) {
        out += a.app.name + " " + a.app.vsn + " " +
               (a.start_type ? appgraph::to_string(*a.start_type) : "loaded");
        if (a.included_by) out += " included-by=" + *a.included_by;
        out += "\n";
    }
    return out;
}

std::string error_of(const std::string& text) {
    try {
        appgraph::parse_script_file(text, "t.script");
    } catch (const DiagnosticError& e) {
        return appgraph::format_diagnostic(e.diagnostic());
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the .script, the .boot and the compressed .boot of one release read the same") {
    const BootScript text = appgraph::parse_script_file(read_file("small.script"), "small.script");
    const BootScript boot = appgraph::parse_boot_file(read_file("small.boot"), "small.boot");
    const BootScript packed =
        appgraph::parse_boot_file(read_file("small_compressed.boot"), "small_compressed.boot");
    // systools' order: what the boot script loads (docs is type none: absent) and starts.
    const char* expected =
        "kernel 8.5.3 permanent\n"
        "stdlib 4.2 permanent\n"
        "store 0.3.1 transient\n"
        "web_cache 1.0.0 loaded included-by=web\n"
        "web 1.0.0 permanent\n"
        "tools 2.0 loaded\n"
        "audit 1.1 temporary\n";
    for (const BootScript* s : {&text, &boot, &packed}) {
        CHECK(s->name == "small");
        CHECK(s->vsn == "1.0.0");
        CHECK(summary(*s) == expected);
        CHECK(s->start == std::vector<std::string>{"kernel", "stdlib", "store", "web", "audit"});
        CHECK(s->warnings.empty());
    }
    // The specs are systools' copies: web's optional metrics kept, audit's use of web_cache
    // rewritten into a use of web, its top includer.
    const auto& web = boot.applications[4].app;
    CHECK(web.applications == std::vector<std::string>{"kernel", "stdlib", "store", "metrics"});
    CHECK(web.optional_applications == std::vector<std::string>{"metrics"});
    CHECK(web.included_applications == std::vector<std::string>{"web_cache"});
    CHECK(web.mod == std::optional<std::string>("web"));
    CHECK(web.modules == std::vector<std::string>{"web", "web_sup"});
    CHECK(boot.applications[6].app.applications ==
          std::vector<std::string>{"kernel", "stdlib", "web"});
    CHECK(text.applications[4].app.source.line > 0);
}

TEST_CASE("scripts a VM could not run are refused, naming the instruction") {
    CHECK(error_of("{release, {\"r\", \"1\"}, []}.") ==
          "t.script:1:1: expected {script, {Name, Vsn}, [Instruction]}, found {release,{\"r\","
          "\"1\"},[]}\n{release, {\"r\", \"1\"}, []}.\n^");
    CHECK(error_of("{script, {r, \"1\"}, []}.") ==
          "t.script:1:10: the release name and version must be strings, found {r,\"1\"}\n"
          "{script, {r, \"1\"}, []}.\n         ^");
    CHECK(error_of("{script, {\"r\", \"1\"},\n [{progress, x},\n  {apply, {application, "
                   "start_boot, [a, load]}}]}.") ==
          "t.script:3:3: instruction 2 of the script: application:start_boot takes an "
          "application and permanent, transient or temporary, found [a,load]\n"
          "  {apply, {application, start_boot, [a, load]}}]}.\n  ^");
    CHECK(error_of("{script, {\"r\", \"1\"}, [{apply, {application, load, [{app, a, []}]}}]}.") ==
          "t.script:1:52: instruction 1 of the script: expected an application spec "
          "{application, Name, [Option]}, found {app,a,[]}\n"
          "{script, {\"r\", \"1\"}, [{apply, {application, load, [{app, a, []}]}}]}.\n"
          "                                                   ^");
    CHECK(error_of("{script, {\"r\", \"1\"}, [{apply, {application, load, [{application, a, "
                   "[{vsn, 1}]}]}}]}.")
              .rfind("t.script:1:76: instruction 1 of the script: application 'a': 'vsn' must be "
                     "a string, found 1\n",
                     0) == 0);
    CHECK(error_of("") ==
          "t.script: no term in the file: expected {script, {Name, Vsn}, "
          "[Instruction]}.");
}

TEST_CASE("what no real script does is read as init would run it, with a warning") {
    const BootScript s = appgraph::parse_script_file(
        "{script, {\"r\", \"1\"}, [\n"
        "  {apply, {application, load, [{application, a, [{vsn, \"1\"}]}]}},\n"
        "  {apply, {application, load, [{application, a, [{vsn, \"2\"}]}]}},\n"
        "  {apply, {application, start_boot, [b, permanent]}},\n"
        "  {apply, {application, start_boot, [a]}},\n"
        "  {apply, {application, start_boot, [a, permanent]}}]}.",
        "t.script");
    CHECK(summary(s) == "a 1 temporary\nb  permanent\n");
    CHECK(s.start == std::vector<std::string>{"b", "a"});
    CHECK(s.warnings ==
          std::vector<std::string>{
              "t.script: instruction 2: application 'a' is loaded a second time "
              "(application:load returns already_loaded; the first spec stays)",
              "t.script: instruction 5: application 'a' is started a second time (start_boot "
              "returns already_started; the first type stays)",
              "t.script: application 'b' is started but the script never loads it"});
}

TEST_CASE("a boot script read as a release: the order it runs, also when resolved again") {
    const BootScript boot = appgraph::parse_boot_file(read_file("small.boot"), "small.boot");
    const appgraph::ScriptRelease release = appgraph::script_release(boot);
    std::string entries;
    for (const auto& e : release.release.entries)
        entries += e.name + ":" + e.vsn + ":" + appgraph::to_string(e.type) + " ";
    // Load order; the included web_cache given as permanent (the script does not say); docs
    // (type none) is used by nothing, and web's missing metrics is optional: neither is added.
    CHECK(entries ==
          "kernel:8.5.3:permanent stdlib:4.2:permanent store:0.3.1:transient "
          "web_cache:1.0.0:permanent web:1.0.0:permanent tools:2.0:load audit:1.1:temporary ");
    const appgraph::Resolution direct = appgraph::resolution_of_script(boot);
    const appgraph::Resolution again =
        appgraph::resolve_boot(release.release, release.applications);
    REQUIRE(again.ok());
    for (const appgraph::Resolution* r : {&direct, &again}) {
        CHECK(r->start == boot.start);
        std::string order;
        for (const auto& a : r->applications)
            order += a.name + (a.started ? "+" : a.loaded ? "~" : "-") + " ";
        CHECK(order == "kernel+ stdlib+ store+ web_cache~ web+ tools~ audit+ ");
    }
    CHECK(direct.applications[3].included_by == std::optional<std::string>("web"));
}

TEST_CASE("a boot script read as a release: a used application it leaves out is of type none") {
    const BootScript s = appgraph::parse_script_file(
        "{script, {\"r\", \"1\"}, [\n"
        " {kernelProcess, application_controller, {application_controller, start,\n"
        "   [{application, kernel, [{vsn, \"1\"}, {applications, []}]}]}},\n"
        " {apply, {application, load, [{application, stdlib, [{vsn, \"1\"}, "
        "{applications, [kernel]}]}]}},\n"
        " {apply, {application, load, [{application, web, [{vsn, \"2\"}, "
        "{applications, [kernel, stdlib, docs]}]}]}},\n"
        " {apply, {application, start_boot, [kernel, permanent]}},\n"
        " {apply, {application, start_boot, [stdlib, permanent]}},\n"
        " {apply, {application, start_boot, [web, permanent]}}]}.\n",
        "t.script");
    const appgraph::ScriptRelease release = appgraph::script_release(s);
    REQUIRE(release.release.entries.size() == 4);
    CHECK(release.release.entries[3].name == "docs");
    CHECK(release.release.entries[3].type == StartType::none);
    const appgraph::Resolution again =
        appgraph::resolve_boot(release.release, release.applications);
    REQUIRE(again.ok());
    CHECK(again.start == s.start);
    const appgraph::Resolution direct = appgraph::resolution_of_script(s);
    CHECK(direct.applications.back().name == "docs");
    CHECK_FALSE(direct.applications.back().loaded);
}
