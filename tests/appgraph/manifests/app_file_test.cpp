// The .app loader: the fields it fills in, and systools' checks key by key (which key is
// required, which is type-checked and how, which is ignored), each with its exact message.

#include <doctest/doctest.h>

#include <string>

#include "libappgraph/manifest.hpp"

using appgraph::Application;
using appgraph::DiagnosticError;
using appgraph::parse_app_file;

namespace {

const std::string required =
    "{description, \"d\"}, {vsn, \"1.0\"}, {modules, []}, {registered, []}, {applications, "
    "[kernel]}";

std::string app_with(const std::string& options) {
    return "{application, x, [" + options + "]}.";
}

struct Failure {
    std::string kind;
    std::string message;  // format_error: location, message and snippet
    std::vector<std::string> apps;
};

Failure failure_of(const std::string& text) {
    try {
        parse_app_file(text, "x.app");
    } catch (const DiagnosticError& e) {
        const appgraph::Diagnostic& d = e.diagnostic();
        return {appgraph::to_string(d.kind), appgraph::format_diagnostic(d), d.involved};
    }
    return {"(none)", "", {}};
}

}  // namespace

TEST_CASE(".app: the fields of a complete file") {
    const Application app = parse_app_file(
        "%% the x application\n"
        "{application, x,\n"
        " [{description, \"An \" \"example\"}, {vsn, \"1.2.3\"}, {id, \"x-id\"},\n"
        "  {modules, [x_app, x_sup]}, {registered, [x_server]},\n"
        "  {applications, [kernel, stdlib, crypto]},\n"
        "  {optional_applications, [crypto]},\n"
        "  {included_applications, [x_inc]},\n"
        "  {mod, {x_app, [arg]}}, {start_phases, [{init, []}]}, {env, [{k, v}]},\n"
        "  {maxT, infinity}, {maxP, 5}, {runtime_dependencies, [\"kernel-8.0\"]}, {unknown_key, "
        "1}]}.\n",
        "x.app");
    CHECK(app.name == "x");
    CHECK(app.vsn == "1.2.3");
    CHECK(app.description == "An example");
    CHECK(app.modules == std::vector<std::string>{"x_app", "x_sup"});
    CHECK(app.registered == std::vector<std::string>{"x_server"});
    CHECK(app.applications == std::vector<std::string>{"kernel", "stdlib", "crypto"});
    CHECK(app.optional_applications == std::vector<std::string>{"crypto"});
    CHECK(app.included_applications == std::vector<std::string>{"x_inc"});
    REQUIRE(app.mod);
    CHECK(*app.mod == "x_app");
    CHECK(app.source.file == "x.app");
    CHECK(app.source.line == 2);
}

TEST_CASE(".app: what systools accepts") {
    // As systools: the first entry of a key wins, non-tuple entries are ignored, `{mod, []}` and
    // `{start_phases, undefined}` are the defaults, strings are charlists, only the first term
    // counts.
    CHECK(parse_app_file(app_with(required + ", {vsn, \"2\"}"), "x.app").vsn == "1.0");
    CHECK(parse_app_file(app_with("foo, " + required), "x.app").vsn == "1.0");
    CHECK_FALSE(parse_app_file(app_with(required + ", {mod, []}"), "x.app").mod);
    CHECK(parse_app_file(app_with(required + ", {start_phases, undefined}"), "x.app").vsn == "1.0");
    CHECK(parse_app_file(app_with("{vsn, [$1, $., $0]}, {description, []}, {modules, []}, "
                                  "{registered, \"\"}, {applications, []}"),
                         "x.app")
              .vsn == "1.0");
    CHECK(parse_app_file(app_with(required) + " {junk", "x.app").name == "x");
    CHECK(parse_app_file(app_with(required + ", {maxT, 99999999999999999999999}"), "x.app").name ==
          "x");
    CHECK(parse_app_file(app_with(required + ", {id, [1000]}"), "x.app").name == "x");
    CHECK(parse_app_file(app_with(required + ", {description, \"\\x{263A}\"}"), "x.app")
              .description == "d");
}

TEST_CASE(".app: systools' errors, with their exact messages") {
    struct Case {
        std::string text;
        std::string kind;
        std::string message;
    };
    const Case cases[] = {
        {"", "bad_app", "x.app: no term in the file: expected {application, Name, [Option]}."},
        {"{app, x, []}.", "bad_app",
         "x.app:1:1: expected {application, Name, [Option]}, found {app,x,[]}\n{app, x, []}.\n^"},
        {"{application, \"x\", []}.", "bad_app",
         "x.app:1:15: the application name must be an atom, found \"x\"\n{application, \"x\", "
         "[]}.\n              ^"},
        {"{application, x, {}}.", "bad_app",
         "x.app:1:18: application 'x': the options must be a proper list, found {}\n{application, "
         "x, {}}.\n                 ^"},
        {"{application, x, [" + required + "|foo]}.", "bad_app",
         "x.app:1:18: application 'x': the options must be a proper list, found "
         "[{description,\"d\"},{vsn,\"1.0\"},{modules,[]},{registered,[]},...\n"
         "{application, x, [" +
             required + "|foo]}.\n                 ^"},
        {"{application, x, [{vsn, \"1\"}]}.", "missing_param",
         "x.app:1:18: application 'x': missing required key 'description' (systools requires "
         "description, vsn, modules, registered and applications)\n"
         "{application, x, [{vsn, \"1\"}]}.\n                 ^"},
        {"{application, x, []}.", "missing_param",
         "x.app:1:18: application 'x': missing required key 'vsn' (systools requires description, "
         "vsn, modules, registered and applications)\n"
         "{application, x, []}.\n                 ^"},
        {"{application, x, [{vsn}, {vsn, \"1\"}]}.", "missing_param",
         "x.app:1:19: application 'x': 'vsn' must be {vsn, Value}, found {vsn}\n{application, x, "
         "[{vsn}, {vsn, \"1\"}]}.\n                  ^"},
        {app_with("{description, \"d\"}, {vsn, \"1\"}, {registered, []}, {applications, []}"),
         "missing_param",
         "x.app:1:18: application 'x': missing required key 'modules' (systools requires "
         "description, vsn, modules, registered and applications)\n"
         "{application, x, [{description, \"d\"}, {vsn, \"1\"}, {registered, []}, {applications, "
         "[]}]}.\n                 ^"},
        {app_with("{vsn, 1}"), "bad_param",
         "x.app:1:25: application 'x': 'vsn' must be a string, found 1\n{application, x, [{vsn, "
         "1}]}.\n                        ^"},
        {app_with("{vsn, \"1\"}, {description, <<\"d\">>}"), "bad_param",
         "x.app:1:45: application 'x': 'description' must be a string, found <<100>>\n"
         "{application, x, [{vsn, \"1\"}, {description, <<\"d\">>}]}.\n                            "
         "                ^"},
        {app_with(required + ", {id, a}"), "bad_param", ""},
        {app_with("{modules, [{m, 1}]}, " + required), "bad_param", ""},
        {app_with("{registered, x}, " + required), "bad_param", ""},
        {app_with("{applications, [\"k\"]}, " + required), "bad_param", ""},
        {app_with(required.substr(0, required.find(", {applications")) +
                  ", {applications, [kernel|foo]}"),
         "bad_param", ""},
        {app_with(required + ", {optional_applications, foo}"), "bad_param", ""},
        {app_with(required + ", {included_applications, [\"k\"]}"), "bad_param", ""},
        {app_with(required + ", {start_phases, [{a, b, c}]}"), "bad_param", ""},
        {app_with(required + ", {env, foo}"), "bad_param", ""},
        {app_with(required + ", {env, [{a}]}"), "bad_param", ""},
        {app_with(required + ", {maxT, 0}"), "bad_param", ""},
        {app_with(required + ", {maxP, -1}"), "bad_param", ""},
        {app_with(required + ", {maxP, foo}"), "bad_param", ""},
        // systools has no clause for a bad `mod` and reports it as missing.
        {app_with(required + ", {mod, foo}"), "missing_param", ""},
        {app_with(required + ", {mod, {\"foo\", []}}"), "missing_param", ""},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.text);
        Failure f = failure_of(c.text);
        CHECK(f.kind == c.kind);
        if (!c.message.empty()) CHECK(f.message == c.message);
        if (c.kind != "bad_app" || c.text.find("\"x\"") == std::string::npos) {
            if (!c.text.empty() && c.text.find("{app,") != 0)
                CHECK(f.apps == std::vector<std::string>{"x"});
        }
    }
}

TEST_CASE(".app: the key systools checks first is the one reported") {
    // systools checks vsn, id, description, modules, registered, applications,
    // optional_applications, included_applications, mod, start_phases, env, maxT, maxP in order.
    auto kind_and_key = [](const std::string& text) {
        try {
            parse_app_file(text, "x.app");
        } catch (const DiagnosticError& e) {
            const appgraph::Diagnostic& d = e.diagnostic();
            return appgraph::to_string(d.kind) + (" " + d.message.substr(d.message.find('\'', 17)));
        }
        return std::string("(none)");
    };
    CHECK(kind_and_key(app_with("{optional_applications, foo}, {description, \"d\"}, {vsn, \"1\"}, "
                                "{modules, []}, {registered, []}"))
              .find("missing_param 'applications'") == 0);
    CHECK(kind_and_key(app_with("{optional_applications, foo}, " + required +
                                ", {included_applications, foo}, {maxP, 0}"))
              .find("bad_param 'optional_applications'") == 0);
    CHECK(kind_and_key(app_with("{description, 1}, {modules, x}")).find("missing_param 'vsn'") ==
          0);
    CHECK(
        kind_and_key(app_with("{vsn, \"1\"}, {description, 1}, {id, 1}")).find("bad_param 'id'") ==
        0);
}
