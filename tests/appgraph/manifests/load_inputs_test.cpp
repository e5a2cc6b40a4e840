// load_inputs and list_application_names over directory trees laid out like real projects and
// releases (built in a temporary directory): which files are found, which wins, how a .rel's
// .app files are looked up, and the errors when something is missing.

#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "libappgraph/manifest.hpp"

namespace fs = std::filesystem;
using appgraph::DiagnosticError;
using appgraph::DiagnosticKind;
using appgraph::Diagnostics;
using appgraph::Inputs;
using appgraph::LoadOptions;

namespace {

// load_inputs and validate_release stopping at the first error, which they throw.
Inputs load_inputs(const std::vector<std::string>& paths, const LoadOptions& options) {
    Diagnostics first(Diagnostics::Mode::stop_at_first);
    return appgraph::load_inputs(paths, options, first);
}
void validate_release(const appgraph::Release& rel,
                      const std::vector<appgraph::Application>& apps) {
    Diagnostics first(Diagnostics::Mode::stop_at_first);
    validate_release(rel, apps, first);
}

class TempTree {
public:
    TempTree() {
        static int counter = 0;
        root_ = fs::temp_directory_path() / ("appgraph-manifests-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(++counter));
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~TempTree() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    std::string write(const std::string& relative, const std::string& text) const {
        fs::path p = root_ / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }
    std::string app(const std::string& relative_dir, const std::string& name,
                    const std::string& vsn, const std::string& uses = "kernel, stdlib") const {
        return write((relative_dir.empty() ? "" : relative_dir + "/") + name + ".app",
                     "{application, " + name + ", [{description, \"" + name + "\"}, {vsn, \"" +
                         vsn + "\"}, {modules, []}, {registered, []}, {applications, [" + uses +
                         "]}]}.\n");
    }
    std::string path(const std::string& relative = "") const { return (root_ / relative).string(); }

private:
    fs::path root_;
};

std::vector<std::string> names(const Inputs& in) {
    std::vector<std::string> out;
    for (const auto& a : in.applications) out.push_back(a.name + "-" + a.vsn);
    return out;
}

const std::string rel_text =
    "{release, {\"r\", \"1.0\"}, {erts, \"13.1\"}, [{kernel, \"8.5\"}, {stdlib, \"4.2\"}, {x, "
    "\"1\"}]}.\n";

DiagnosticError load_error(const std::vector<std::string>& paths, const LoadOptions& options = {}) {
    try {
        load_inputs(paths, options);
    } catch (const DiagnosticError& e) {
        return e;
    }
    FAIL("no error");
    return DiagnosticError(appgraph::Diagnostic{});
}

}  // namespace

TEST_CASE("a project without a release: the applications of one environment, never a mix") {
    TempTree t;
    t.write("mix.exs", "");
    t.app("_build/dev/lib/a/ebin", "a", "1");
    t.app("_build/dev/lib/b/ebin", "b", "2", "kernel, a");
    t.app("_build/test/lib/a/ebin", "a", "1-test");
    t.write("_build/dev/lib/a/ebin/a.appup", "not an app");
    SUBCASE("nothing chooses: mix's default environment, dev") {
        Diagnostics diagnostics;
        Inputs in = appgraph::load_inputs({t.path()}, {}, diagnostics);
        CHECK_FALSE(in.release);
        CHECK(in.env == "dev");
        CHECK(names(in) == std::vector<std::string>{"a-1", "b-2"});
        CHECK(in.applications[1].applications == std::vector<std::string>{"kernel", "a"});
        CHECK(diagnostics.all().empty());  // the test environment's a is not read at all
    }
    SUBCASE("--env, MIX_ENV, or _build given directly") {
        LoadOptions options;
        options.env = "test";
        CHECK(names(load_inputs({t.path()}, options)) == std::vector<std::string>{"a-1-test"});
        options.env.clear();
        options.mix_env = "test";
        CHECK(names(load_inputs({t.path()}, options)) == std::vector<std::string>{"a-1-test"});
        options.rebar_profile = "dev";  // a mix project: REBAR_PROFILE says nothing
        CHECK(names(load_inputs({t.path("_build")}, options)) ==
              std::vector<std::string>{"a-1-test"});
        CHECK(names(load_inputs({t.path("_build/dev")}, {})) ==
              std::vector<std::string>{"a-1", "b-2"});
    }
    SUBCASE("an environment that is not there") {
        LoadOptions options;
        options.env = "prod";
        const DiagnosticError e = load_error({t.path()}, options);
        CHECK(e.diagnostic().kind == DiagnosticKind::unknown_release);
        CHECK(e.diagnostic().message ==
              "--env prod: no environment of that name here (environments: dev, test)");
    }
    SUBCASE("no default environment among them") {
        fs::rename(t.path("_build/dev"), t.path("_build/staging"));
        const DiagnosticError e = load_error({t.path()}, {});
        CHECK(e.diagnostic().kind == DiagnosticKind::ambiguous_release);
        CHECK(e.diagnostic().message ==
              "no release, and the applications of 2 environments: choose one with --env "
              "staging, --env test");
    }
}

TEST_CASE("a project with _build/dev and _build/prod: the release, not the dev .app files") {
    // The state after `MIX_ENV=prod mix release` and a dev compile: dev holds an extra
    // application (a dev-only extra_applications entry) the release does not have.
    TempTree t;
    t.write("mix.exs", "");
    t.app("_build/dev/lib/web/ebin", "web", "0.1.0", "kernel, stdlib, devtools");
    t.app("_build/dev/lib/devtools/ebin", "devtools", "0.1.0", "kernel");
    t.app("_build/prod/lib/web/ebin", "web", "0.1.0", "kernel, stdlib");
    t.app("_build/prod/rel/web/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("_build/prod/rel/web/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    t.app("_build/prod/rel/web/lib/web-0.1.0/ebin", "web", "0.1.0", "kernel, stdlib");
    const std::string rel =
        "{release, {\"web\", \"0.1.0\"}, {erts, \"13.1\"}, [{kernel, "
        "\"8.5\"}, {stdlib, \"4.2\"}, {web, \"0.1.0\"}]}.\n";
    t.write("_build/prod/rel/web/releases/0.1.0/web.rel", rel);
    const std::vector<std::string> release{"kernel-8.5", "stdlib-4.2", "web-0.1.0"};
    for (const std::string input : {"", "_build", "_build/prod", "_build/prod/rel",
                                    "_build/prod/rel/web", "_build/prod/rel/web/releases"}) {
        CAPTURE(input);
        Diagnostics diagnostics;
        Inputs in = appgraph::load_inputs({t.path(input)}, {}, diagnostics);
        REQUIRE(in.release);
        CHECK(in.release->source.file == t.path("_build/prod/rel/web/releases/0.1.0/web.rel"));
        CHECK(in.env == "prod");
        CHECK(names(in) == release);
        CHECK(in.applications[2].source.file ==
              t.path("_build/prod/rel/web/lib/web-0.1.0/ebin/web.app"));
        CHECK(diagnostics.all().empty());
    }
    SUBCASE("a dev release too: ambiguous, with the choices") {
        t.write("_build/dev/rel/web/releases/0.1.0/web.rel", rel);
        t.app("_build/dev/rel/web/lib/kernel-8.5/ebin", "kernel", "8.5", "");
        t.app("_build/dev/rel/web/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
        t.app("_build/dev/rel/web/lib/web-0.1.0/ebin", "web", "0.1.0", "kernel, devtools");
        const DiagnosticError e = load_error({t.path()}, {});
        CHECK(e.diagnostic().kind == DiagnosticKind::ambiguous_release);
        CHECK(e.diagnostic().message ==
              "2 releases here: web 0.1.0 in dev (--env dev), web 0.1.0 in prod (--env prod); "
              "choose one with --env ENV or --release NAME@VSN");
        LoadOptions options;
        options.mix_env = "prod";
        CHECK(load_inputs({t.path()}, options).env == "prod");
        options.env = "dev";  // --env wins over MIX_ENV
        CHECK(load_inputs({t.path()}, options).release->source.file ==
              t.path("_build/dev/rel/web/releases/0.1.0/web.rel"));
    }
    SUBCASE("--release NAME@VSN: a version other than the current one") {
        t.write("_build/prod/rel/web/releases/0.2.0/web.rel", rel);
        t.write("_build/prod/rel/web/releases/start_erl.data", "13.1 0.2.0\n");
        LoadOptions options;
        CHECK(load_inputs({t.path()}, options).release->source.file ==
              t.path("_build/prod/rel/web/releases/0.2.0/web.rel"));
        options.release_name = "web";
        options.release_vsn = "0.1.0";
        CHECK(load_inputs({t.path("_build/prod/rel/web")}, options).release->source.file ==
              t.path("_build/prod/rel/web/releases/0.1.0/web.rel"));
        options.release_vsn = "0.3.0";
        const DiagnosticError e = load_error({t.path()}, options);
        CHECK(e.diagnostic().kind == DiagnosticKind::unknown_release);
        CHECK(e.diagnostic().message ==
              "--release web@0.3.0: no such release here (releases: web 0.1.0 in prod (--release "
              "web@0.1.0), web 0.2.0 in prod (--release web@0.2.0))");
    }
}

TEST_CASE("two versions of one application in lib/: the highest by OTP's order, one warning") {
    TempTree t;
    t.app("lib/util-0.2.0/ebin", "util", "0.2.0");
    t.app("lib/util-0.3.0/ebin", "util", "0.3.0");
    t.app("lib/codec-1.10.0/ebin", "codec", "1.10.0");
    t.app("lib/codec-1.9.0/ebin", "codec", "1.9.0");
    Diagnostics diagnostics;
    Inputs in = appgraph::load_inputs({t.path()}, {}, diagnostics);
    CHECK(names(in) == std::vector<std::string>{"codec-1.10.0", "util-0.3.0"});
    REQUIRE(diagnostics.all().size() == 2);
    CHECK(appgraph::format_diagnostic(diagnostics.all()[1]) ==
          t.path("lib/util-0.2.0/ebin/util.app") +
              ":1:1: application 'util' version \"0.2.0\" ignored: version \"0.3.0\" (" +
              t.path("lib/util-0.3.0/ebin/util.app") +
              ") is the highest in that lib directory, and the one the code server takes");
}

TEST_CASE("--path with wildcards: the directories it matches, as systools expands them") {
    TempTree t;
    t.app("rel/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("rel/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    t.app("rel/lib/x-1/ebin", "x", "1");
    t.write("r.rel", rel_text);
    LoadOptions options;
    options.search_dirs = {t.path("rel/lib/*/ebin")};
    Inputs in = load_inputs({t.path("r.rel")}, options);
    CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
    CHECK(in.applications[2].source.file == t.path("rel/lib/x-1/ebin/x.app"));
}

TEST_CASE("a release directory: lib/<app>-<vsn>/ebin and releases/<vsn>/<name>.rel") {
    TempTree t;
    t.app("rel/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("rel/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    t.app("rel/lib/x-1/ebin", "x", "1");
    t.write("rel/releases/1.0/r.rel", rel_text);
    t.write(
        "rel/releases/1.0/start_clean.rel",
        "{release, {\"r\", \"1.0\"}, {erts, \"13.1\"}, [{kernel, \"8.5\"}, {stdlib, \"4.2\"}]}.\n");
    SUBCASE("the directory") {
        Inputs in = load_inputs({t.path("rel")}, {});
        REQUIRE(in.release);
        CHECK(in.release->name == "r");
        CHECK(in.release->source.file == t.path("rel/releases/1.0/r.rel"));
        CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
    }
    SUBCASE("the .rel alone: its apps are found in ../../lib") {
        Inputs in = load_inputs({t.path("rel/releases/1.0/r.rel")}, {});
        CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
        CHECK(in.applications[2].source.file == t.path("rel/lib/x-1/ebin/x.app"));
        CHECK_NOTHROW(validate_release(*in.release, in.applications));
    }
    SUBCASE("several versions: releases/start_erl.data names the current one") {
        t.write("rel/releases/0.9/r.rel", rel_text);
        CHECK(load_error({t.path("rel")}).diagnostic().kind == DiagnosticKind::ambiguous_release);
        t.write("rel/releases/start_erl.data", "13.1 1.0\n");
        CHECK(load_inputs({t.path("rel")}, {}).release->source.file ==
              t.path("rel/releases/1.0/r.rel"));
    }
}

TEST_CASE("a mix release directory: releases/<vsn>/start.rel beside start_clean.rel") {
    TempTree t;
    t.app("r/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("r/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    t.app("r/lib/x-1/ebin", "x", "1");
    t.write("r/releases/1.0/start.rel", rel_text);
    t.write(
        "r/releases/1.0/start_clean.rel",
        "{release, {\"r\", \"1.0\"}, {erts, \"13.1\"}, [{kernel, \"8.5\"}, {stdlib, \"4.2\"}]}.\n");
    t.write("r/releases/start_erl.data", "13.1 1.0");
    Inputs in = load_inputs({t.path("r")}, {});
    REQUIRE(in.release);
    CHECK(in.release->source.file == t.path("r/releases/1.0/start.rel"));
    CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
    SUBCASE("with a relx-style <name>.rel beside it, that one is the release") {
        t.write("r/releases/1.0/r.rel", rel_text);
        CHECK(load_inputs({t.path("r")}, {}).release->source.file ==
              t.path("r/releases/1.0/r.rel"));
    }
}

TEST_CASE("a mix release inside _build: the project's _build/<env>/lib is searched too") {
    TempTree t;
    t.app("_build/prod/rel/r/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("_build/prod/rel/r/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    t.app("_build/prod/lib/x/ebin", "x", "1");
    std::string rel = t.write("_build/prod/rel/r/releases/1.0/r.rel", rel_text);
    Inputs in = load_inputs({rel}, {});
    CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
}

TEST_CASE("the project root of a mix release: _build/<env>/rel/<name>/ is found as the release") {
    TempTree t;
    t.app("_build/prod/rel/r/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("_build/prod/rel/r/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    t.app("_build/prod/rel/r/lib/x-1/ebin", "x", "1");
    t.write("_build/prod/rel/r/releases/1.0/r.rel", rel_text);
    Inputs in = load_inputs({t.path("")}, {});
    REQUIRE(in.release.has_value());
    CHECK(in.release->name == "r");
    CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
    CHECK(appgraph::list_application_names({t.path("")}, {}) ==
          std::vector<std::string>{"kernel", "stdlib", "x"});
    SUBCASE("two releases built for two environments: the user must choose") {
        t.write("_build/dev/rel/r/releases/1.0/r.rel", rel_text);
        CHECK_THROWS_WITH_AS(load_inputs({t.path("")}, {}), doctest::Contains("2 releases here"),
                             appgraph::DiagnosticError);
    }
}

TEST_CASE("a .rel with --path: the first .app whose version matches wins, as in systools") {
    TempTree t;
    std::string rel = t.write("r.rel", rel_text);
    t.app("first", "kernel", "8.5", "");
    t.app("first", "stdlib", "4.2", "kernel");
    t.app("first/x-0/ebin", "x", "0");
    t.app("second/x-1/ebin", "x", "1");
    LoadOptions options;
    options.search_dirs = {t.path("first"), t.path("second")};
    Inputs in = load_inputs({rel}, options);
    CHECK(names(in) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-1"});
    SUBCASE("no version matches: the first found is kept and validate_release reports it") {
        fs::remove_all(t.path("second"));
        Inputs mismatched = load_inputs({rel}, options);
        CHECK(names(mismatched) == std::vector<std::string>{"kernel-8.5", "stdlib-4.2", "x-0"});
        try {
            validate_release(*mismatched.release, mismatched.applications);
            FAIL("no error");
        } catch (const DiagnosticError& e) {
            CHECK(e.diagnostic().kind == DiagnosticKind::vsn_mismatch);
            CHECK(e.diagnostic().message ==
                  "application 'x': the release asks for version \"1\" but " +
                      t.path("first/x-0/ebin/x.app") + " has version \"0\"");
        }
    }
    SUBCASE("an .app given on the command line is used first") {
        std::string given = t.app("given", "x", "1", "kernel");
        Inputs with_given = load_inputs({rel, given}, options);
        CHECK(with_given.applications[2].source.file == given);
    }
}

TEST_CASE("app_not_found names the apps and where it looked") {
    TempTree t;
    std::string rel = t.write("r.rel", rel_text);
    t.app("", "kernel", "8.5", "");
    DiagnosticError e = load_error({rel});
    CHECK(e.diagnostic().kind == DiagnosticKind::app_not_found);
    CHECK(e.diagnostic().involved == std::vector<std::string>{"stdlib", "x"});
    CHECK(e.diagnostic().message.find(
              "no .app file found for 'stdlib', 'x'; for 'stdlib' looked in: " +
              t.path("stdlib.app") + ", ") == 0);
    CHECK(e.diagnostic().message.find((fs::path(t.path()) / "../../lib/stdlib-4.2/ebin/stdlib.app")
                                          .lexically_normal()
                                          .string()) != std::string::npos);
    CHECK(e.diagnostic().where.file == rel);
}

TEST_CASE("kernel and stdlib are checked before any .app is looked up, as systools does") {
    TempTree t;
    std::string rel = t.write(
        "r.rel", "{release, {\"r\", \"1\"}, {erts, \"1\"}, [{stdlib, \"4.2\"}, {x, \"1\"}]}.");
    CHECK(load_error({rel}).diagnostic().kind == DiagnosticKind::missing_mandatory_app);
}

TEST_CASE("input errors") {
    TempTree t;
    t.write("empty/README", "nothing here");
    std::string misnamed = t.write("y.app",
                                   "{application, x, [{description, \"\"}, {vsn, \"1\"}, {modules, "
                                   "[]}, {registered, []}, {applications, []}]}.");
    std::string other = t.write("notes.txt", "x");
    std::string broken = t.write("b.app", "{application, b, [}.");
    CHECK(load_error({t.path("missing.app")}).diagnostic().message ==
          "cannot read: no such file or directory");
    CHECK(load_error({t.path("missing-dir")}).diagnostic().kind == DiagnosticKind::io_error);
    std::string unreadable = t.write("u.app", "{application, u, []}.");
    fs::permissions(unreadable, fs::perms::none);
    if (::geteuid() != 0) {  // root reads it anyway
        CHECK(load_error({unreadable}).diagnostic().message == "cannot read: permission denied");
    }
    fs::create_directories(t.path("dir.app"));
    CHECK(load_error({t.path("dir.app")})
              .diagnostic()
              .message.find("no .app or .rel files found in this directory") == 0);
    CHECK(load_error({t.path("empty")}).diagnostic().kind == DiagnosticKind::unsupported_input);
    CHECK(load_error({other}).diagnostic().kind == DiagnosticKind::unsupported_input);
    CHECK(load_error({other}).diagnostic().message ==
          "not a .app, .rel, .json, .boot or .script file, nor a directory");
    DiagnosticError e = load_error({misnamed});
    CHECK(e.diagnostic().kind == DiagnosticKind::bad_app);
    CHECK(std::string(e.what()) == misnamed +
                                       ":1:1: the file defines application 'x' but is named y.app "
                                       "(systools: bad_application_name)");
    DiagnosticError p = load_error({broken});
    CHECK(p.diagnostic().kind == DiagnosticKind::parse_error);
    CHECK(appgraph::format_diagnostic(p.diagnostic()) ==
          broken +
              ":1:19: unexpected '}': expected a term\n{application, b, [}.\n                  ^");
    std::string rel1 = t.write("r1.rel", rel_text);
    std::string rel2 = t.write("r2.rel", rel_text);
    CHECK(load_error({rel1, rel2}).diagnostic().kind == DiagnosticKind::bad_rel);
}

TEST_CASE("plain directories: ebin/, <app>/ebin/ and *.app; JSON manifests") {
    TempTree t;
    t.app("proj/ebin", "p", "1");
    t.app("libdir/q-1/ebin", "q", "1");
    t.app("plain", "r", "1");
    std::string json = t.write("m.json", R"({"applications": [{"name": "s", "vsn": "3"}]})");
    Inputs in = load_inputs({t.path("proj"), t.path("libdir"), t.path("plain"), json}, {});
    CHECK(names(in) == std::vector<std::string>{"p-1", "q-1", "r-1", "s-3"});
}

TEST_CASE("list_application_names: sorted, unique, skips what cannot be read") {
    TempTree t;
    t.app("_build/dev/lib/b/ebin", "b", "1");
    t.app("_build/dev/lib/a/ebin", "a", "1");
    t.write("_build/dev/lib/c/ebin/c.app", "{application, c, [broken");
    t.write("_build/dev/lib/d/ebin/d.app",
            "{application, d, []}.");  // fails systools' checks: still a name
    std::string rel = t.write("r.rel", rel_text);
    std::vector<std::string> found = appgraph::list_application_names(
        {t.path(), rel, t.path("missing"), t.path("bad.json")}, {});
    CHECK(found == std::vector<std::string>{"a", "b", "d", "kernel", "stdlib", "x"});
}

TEST_CASE("a .rel listing an application twice is an error naming both entries") {
    TempTree t;
    t.app("", "kernel", "8.5", "");
    t.app("", "stdlib", "4.2", "kernel");
    t.app("", "x", "1");
    const std::string rel =
        t.write("r.rel",
                "{release, {\"r\", \"1.0\"}, {erts, \"13.1\"},\n [{kernel, \"8.5\"}, {stdlib, "
                "\"4.2\"},\n  {x, \"1\"},\n  {x, \"1\"}]}.\n");
    Inputs in = load_inputs({rel}, {});
    Diagnostics all;
    appgraph::validate_release(*in.release, in.applications, all);
    REQUIRE(all.error_count() == 1);
    CHECK(all.all()[0].kind == DiagnosticKind::bad_rel);
    CHECK(appgraph::format_diagnostic(all.all()[0])
              .find(rel + ":4:3: the release lists application 'x' a second time (first at " + rel +
                    ":3:3)") == 0);
}

TEST_CASE("LoadOptions::threads: every thread count gives what one thread gives") {
    // 1,200 applications (enough for the loader to start threads), every fifth one listed by the
    // .rel under a version lib/ does not have first, two broken .app files: the applications,
    // their order, the files they came from and the problems reported must not depend on how
    // many threads read the files.
    TempTree t;
    t.app("rel/lib/kernel-8.5/ebin", "kernel", "8.5", "");
    t.app("rel/lib/stdlib-4.2/ebin", "stdlib", "4.2", "kernel");
    std::string entries = "{kernel, \"8.5\"}, {stdlib, \"4.2\"}";
    for (int i = 0; i < 1200; ++i) {
        const std::string name = "a" + std::to_string(i);
        t.app("rel/lib/" + name + "-1/ebin", name, "1");
        if (i % 5 == 0) t.app("more/" + name + "-2/ebin", name, "2");
        entries += ", {" + name + ", \"" + (i % 5 == 0 ? "2" : "1") + "\"}";
    }
    t.write("rel/releases/1.0/r.rel",
            "{release, {\"r\", \"1.0\"}, {erts, \"13.1\"}, [" + entries + "]}.\n");
    t.write("plain/b7/ebin/b7.app", "{application, b7, [{vsn, \"1\"}.\n");
    t.write("plain/b9/ebin/b9.app", "{application, b9 [{vsn, \"1\"}]}.\n");
    for (int i = 0; i < 600; ++i)
        t.app("plain/c" + std::to_string(i) + "/ebin", "c" + std::to_string(i), "1");

    const auto load = [&](unsigned threads) {
        LoadOptions options;
        options.threads = threads;
        options.search_dirs = {t.path("more/*/ebin")};
        Diagnostics diagnostics;
        Inputs in = appgraph::load_inputs({t.path("rel/releases/1.0/r.rel"), t.path("plain")},
                                          options, diagnostics);
        std::vector<std::string> seen;
        for (const auto& a : in.applications)
            seen.push_back(a.name + "-" + a.vsn + " " + a.source.file);
        for (const auto& d : diagnostics.all())
            seen.push_back(appgraph::describe(d.where) + ": " + d.message);
        return seen;
    };
    const std::vector<std::string> one = load(1);
    REQUIRE(one.size() == 2 + 1200 + 600 + 2);
    CHECK(one[2] == "a0-2 " + t.path("more/a0-2/ebin/a0.app"));
    CHECK(one[3] == "a1-1 " + t.path("rel/lib/a1-1/ebin/a1.app"));
    CHECK(load(0) == one);
    CHECK(load(2) == one);
    CHECK(load(8) == one);
}
