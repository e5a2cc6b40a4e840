// The .rel loader and validate_release: the entry forms systools accepts, its illegal forms,
// and one test per validation error kind with the whole message.

#include <doctest/doctest.h>

#include <string>

#include "libappgraph/manifest.hpp"

using appgraph::Application;
using appgraph::DiagnosticError;
using appgraph::DiagnosticKind;
using appgraph::parse_rel_file;
using appgraph::Release;
using appgraph::StartType;
using appgraph::validate_release;

namespace {

std::string rel_with(const std::string& entries) {
    return "{release, {\"r\", \"1.0\"}, {erts, \"13.1\"}, [" + entries + "]}.";
}

DiagnosticError rel_error(const std::string& text) {
    try {
        parse_rel_file(text, "r.rel");
    } catch (const DiagnosticError& e) {
        return e;
    }
    FAIL("no error for " << text);
    return DiagnosticError(appgraph::Diagnostic{});
}

Application app(const std::string& name, const std::string& vsn,
                std::vector<std::string> incl = {}) {
    Application a;
    a.name = name;
    a.vsn = vsn;
    a.included_applications = std::move(incl);
    a.source.file = name + ".app";
    return a;
}

const std::vector<Application> base_apps = {app("kernel", "8.5"), app("stdlib", "4.2"),
                                            app("x", "1", {"y", "z"}), app("y", "1"),
                                            app("z", "1")};

DiagnosticError validation_error(const std::string& entries,
                                 const std::vector<Application>& apps = base_apps) {
    Release rel = parse_rel_file(rel_with(entries), "r.rel");
    try {
        appgraph::Diagnostics first(appgraph::Diagnostics::Mode::stop_at_first);
        validate_release(rel, apps, first);
    } catch (const DiagnosticError& e) {
        return e;
    }
    FAIL("no validation error for " << entries);
    return DiagnosticError(appgraph::Diagnostic{});
}

}  // namespace

TEST_CASE(".rel: every entry form") {
    Release rel = parse_rel_file(
        "%% release\n" +
            rel_with("\n {kernel, \"8.5\"}, {stdlib, \"4.2\", permanent},\n {x, \"1\", [y]}, {y, "
                     "\"1\", load},\n"
                     " {z, \"1\", none, []}, {w, \"2\", temporary, [a, b]}, {v, \"3\", transient}"),
        "r.rel");
    CHECK(rel.name == "r");
    CHECK(rel.vsn == "1.0");
    CHECK(rel.erts_vsn == "13.1");
    CHECK(rel.source.line == 2);
    REQUIRE(rel.entries.size() == 7);
    CHECK(rel.entries[0].name == "kernel");
    CHECK(rel.entries[0].vsn == "8.5");
    CHECK(rel.entries[0].type == StartType::permanent);
    CHECK_FALSE(rel.entries[0].included_override);
    CHECK(rel.entries[2].type == StartType::permanent);
    REQUIRE(rel.entries[2].included_override);
    CHECK(*rel.entries[2].included_override == std::vector<std::string>{"y"});
    CHECK(rel.entries[3].type == StartType::load);
    CHECK(rel.entries[4].type == StartType::none);
    CHECK(rel.entries[4].included_override == std::vector<std::string>{});
    CHECK(rel.entries[5].type == StartType::temporary);
    CHECK(*rel.entries[5].included_override == std::vector<std::string>{"a", "b"});
    CHECK(rel.entries[6].type == StartType::transient);
    CHECK(rel.entries[3].source.line == 4);
    CHECK(rel.entries[3].source.column == 17);
}

TEST_CASE(".rel: an application listed twice is kept twice, as systools keeps it") {
    Release rel = parse_rel_file(
        rel_with("{kernel, \"1\"}, {stdlib, \"1\"}, {x, \"1\"}, {x, \"1\"}"), "r.rel");
    CHECK(rel.entries.size() == 4);
}

TEST_CASE(".rel: systools' illegal forms are bad_rel, with the exact message") {
    struct Case {
        std::string text;
        std::string message;
    };
    const Case cases[] = {
        {"", "r.rel: no term in the file: expected {release, {Name, Vsn}, {erts, EVsn}, [App]}."},
        {"{release, {\"r\", \"1\"}, {erts, \"1\"}, foo}.",
         "r.rel:1:1: badly formatted release: expected {release, {Name, Vsn}, {erts, EVsn}, "
         "[App]}, found {release,{\"r\",\"1\"},{erts,\"1\"},foo}\n"
         "{release, {\"r\", \"1\"}, {erts, \"1\"}, foo}.\n^"},
        {"{release, {\"r\", \"1\"}, [{kernel, \"1\"}]}.",
         "r.rel:1:1: badly formatted release: expected {release, {Name, Vsn}, {erts, EVsn}, "
         "[App]}, found {release,{\"r\",\"1\"},[{kernel,\"1\"}]}\n"
         "{release, {\"r\", \"1\"}, [{kernel, \"1\"}]}.\n^"},
        {"{release, {r, \"1\"}, {erts, \"1\"}, []}.",
         "r.rel:1:12: the release name must be a string, found r\n{release, {r, \"1\"}, {erts, "
         "\"1\"}, []}.\n           ^"},
        {"{release, {\"r\", 1}, {erts, \"1\"}, []}.",
         "r.rel:1:17: the release version must be a string, found 1\n{release, {\"r\", 1}, {erts, "
         "\"1\"}, []}.\n                ^"},
        {"{release, {\"r\", \"1\"}, {erts, 1}, []}.",
         "r.rel:1:30: the release erts version must be a string, found 1\n{release, {\"r\", "
         "\"1\"}, {erts, 1}, []}.\n                             ^"},
        {rel_with("{kernel, \"1\"}, {x, \"1\", bogus}"),
         "r.rel:1:57: illegal application entry {x,\"1\",bogus}: the type must be permanent, "
         "transient, temporary, load or none\n" +
             rel_with("{kernel, \"1\"}, {x, \"1\", bogus}") + "\n" + std::string(56, ' ') + "^"},
        {rel_with("{x, 1}"),
         "r.rel:1:42: illegal application entry {x,1}: the version must be a string\n" +
             rel_with("{x, 1}") + "\n" + std::string(41, ' ') + "^"},
        {rel_with("{\"x\", \"1\"}"),
         "r.rel:1:42: illegal application entry {\"x\",\"1\"}: the application name must be an "
         "atom\n" +
             rel_with("{\"x\", \"1\"}") + "\n" + std::string(41, ' ') + "^"},
        {rel_with("{x, \"1\", [y], load}"),
         "r.rel:1:42: illegal application entry {x,\"1\",[y],load}: the type must be permanent, "
         "transient, temporary, load or none\n" +
             rel_with("{x, \"1\", [y], load}") + "\n" + std::string(41, ' ') + "^"},
        {rel_with("{x, \"1\", [y|z]}"),
         "r.rel:1:42: illegal application entry {x,\"1\",[y|z]}: the included applications must be "
         "a list of atoms\n" +
             rel_with("{x, \"1\", [y|z]}") + "\n" + std::string(41, ' ') + "^"},
        {rel_with("x"),
         "r.rel:1:42: illegal application entry x: expected {App, Vsn}, {App, Vsn, Type}, {App, "
         "Vsn, IncApps} or {App, Vsn, Type, IncApps}\n" +
             rel_with("x") + "\n" + std::string(41, ' ') + "^"},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.text);
        DiagnosticError e = rel_error(c.text);
        CHECK(e.diagnostic().kind == DiagnosticKind::bad_rel);
        CHECK(appgraph::format_diagnostic(e.diagnostic()) == c.message);
    }
    CHECK(rel_error(rel_with("{x, \"1\", bogus}")).diagnostic().involved ==
          std::vector<std::string>{"x"});
}

TEST_CASE("validate_release: a valid release passes") {
    appgraph::Diagnostics diagnostics;
    validate_release(
        parse_rel_file(
            rel_with(
                "{kernel, \"8.5\"}, {stdlib, \"4.2\"}, {x, \"1\", [z]}, {y, \"1\"}, {z, \"1\"}"),
            "r.rel"),
        base_apps, diagnostics);
    CHECK(diagnostics.all().empty());
}

TEST_CASE("validate_release: every problem of the release when the caller collects them all") {
    appgraph::Diagnostics diagnostics;
    validate_release(
        parse_rel_file(rel_with("{kernel, \"8.5\", load}, {x, \"2\"}, {nope, \"1\"}"), "r.rel"),
        base_apps, diagnostics);
    std::vector<std::string> kinds;
    for (const auto& d : diagnostics.all()) kinds.push_back(appgraph::to_string(d.kind));
    CHECK(kinds == std::vector<std::string>{"mandatory_app", "missing_mandatory_app",
                                            "vsn_mismatch", "app_not_found"});
    CHECK(diagnostics.error_count() == 4);
}

TEST_CASE("validate_release: missing_mandatory_app") {
    DiagnosticError e = validation_error("{stdlib, \"4.2\"}, {x, \"1\"}");
    CHECK(e.diagnostic().kind == DiagnosticKind::missing_mandatory_app);
    CHECK(std::string(e.what()) == "r.rel:1:1: the release must include the application 'kernel'");
    CHECK(e.diagnostic().involved == std::vector<std::string>{"kernel"});
    DiagnosticError s = validation_error("{kernel, \"8.5\"}, {x, \"1\"}");
    CHECK(s.diagnostic().kind == DiagnosticKind::missing_mandatory_app);
    CHECK(std::string(s.what()) == "r.rel:1:1: the release must include the application 'stdlib'");
}

TEST_CASE("validate_release: mandatory_app (kernel reported before stdlib, as systools does)") {
    DiagnosticError e = validation_error("{kernel, \"8.5\", load}, {stdlib, \"4.2\", temporary}");
    CHECK(e.diagnostic().kind == DiagnosticKind::mandatory_app);
    CHECK(std::string(e.what()) ==
          "r.rel:1:42: the application 'kernel' must be permanent, not load");
    CHECK(e.diagnostic().involved == std::vector<std::string>{"kernel"});
    DiagnosticError s = validation_error("{kernel, \"8.5\"}, {stdlib, \"4.2\", temporary}");
    CHECK(std::string(s.what()) ==
          "r.rel:1:59: the application 'stdlib' must be permanent, not temporary");
}

TEST_CASE("validate_release: vsn_mismatch") {
    DiagnosticError e =
        validation_error("{kernel, \"8.5\"}, {stdlib, \"4.2\"}, {x, \"2\"}, {y, \"1\"}");
    CHECK(e.diagnostic().kind == DiagnosticKind::vsn_mismatch);
    CHECK(std::string(e.what()) ==
          "r.rel:1:76: application 'x': the release asks for version \"2\" but x.app has version "
          "\"1\"");
    CHECK(e.diagnostic().involved == std::vector<std::string>{"x"});
}

TEST_CASE("validate_release: override_include names the apps the .app does not include") {
    DiagnosticError e =
        validation_error("{kernel, \"8.5\"}, {stdlib, \"4.2\"}, {x, \"1\", [y, w, v]}, {y, \"1\"}");
    CHECK(e.diagnostic().kind == DiagnosticKind::override_include);
    CHECK(
        std::string(e.what()) ==
        "r.rel:1:76: application 'x': the release includes [w, v], which its .app does not list in "
        "included_applications [y, z]");
    CHECK(e.diagnostic().involved == std::vector<std::string>{"w", "v"});
}

TEST_CASE("validate_release: app_not_found") {
    DiagnosticError e = validation_error("{kernel, \"8.5\"}, {stdlib, \"4.2\"}, {nope, \"1\"}");
    CHECK(e.diagnostic().kind == DiagnosticKind::app_not_found);
    CHECK(std::string(e.what()) == "r.rel:1:76: no .app file for the release's application 'nope'");
    CHECK(e.diagnostic().involved == std::vector<std::string>{"nope"});
}
