// The JSON manifest: a complete document, and every kind of mistake with the JSON path it names.

#include <doctest/doctest.h>

#include <string>

#include "libappgraph/manifest.hpp"

using appgraph::DiagnosticError;
using appgraph::Manifest;
using appgraph::parse_json_manifest;
using appgraph::StartType;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_json_manifest(text, "m.json");
    } catch (const DiagnosticError& e) {
        const appgraph::Diagnostic& d = e.diagnostic();
        return appgraph::to_string(d.kind) + (": " + appgraph::format_diagnostic(d));
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("JSON manifest: a release and its applications") {
    Manifest m = parse_json_manifest(R"({
      "release": {"name": "rel", "vsn": "1.0", "erts": "13.1",
                  "applications": [{"name": "kernel", "vsn": "8.5"},
                                   {"name": "app", "vsn": "2", "type": "temporary", "included_applications": ["sub"]}]},
      "applications": [
        {"name": "kernel", "vsn": "8.5"},
        {"name": "app", "vsn": "2", "description": "An app", "applications": ["kernel"],
         "included_applications": ["sub"], "optional_applications": ["opt"], "registered": ["srv"],
         "modules": ["app", "app_sup"], "mod": "app"}
      ]})",
                                     "m.json");
    REQUIRE(m.release);
    CHECK(m.release->name == "rel");
    CHECK(m.release->vsn == "1.0");
    CHECK(m.release->erts_vsn == "13.1");
    REQUIRE(m.release->entries.size() == 2);
    CHECK(m.release->entries[0].type == StartType::permanent);
    CHECK_FALSE(m.release->entries[0].included_override);
    CHECK(m.release->entries[1].type == StartType::temporary);
    CHECK(*m.release->entries[1].included_override == std::vector<std::string>{"sub"});
    REQUIRE(m.applications.size() == 2);
    CHECK(m.applications[0].applications.empty());
    CHECK_FALSE(m.applications[0].mod);
    const auto& app = m.applications[1];
    CHECK(app.description == "An app");
    CHECK(app.applications == std::vector<std::string>{"kernel"});
    CHECK(app.included_applications == std::vector<std::string>{"sub"});
    CHECK(app.optional_applications == std::vector<std::string>{"opt"});
    CHECK(app.registered == std::vector<std::string>{"srv"});
    CHECK(app.modules == std::vector<std::string>{"app", "app_sup"});
    CHECK(*app.mod == "app");
    CHECK(app.source.file == "m.json");
    CHECK(app.source.json_path == "applications[1]");
    CHECK(m.release->entries[1].source.json_path == "release.applications[1]");
}

TEST_CASE("JSON manifest: applications alone, release alone") {
    CHECK(parse_json_manifest(R"({"applications": []})", "m.json").applications.empty());
    CHECK_FALSE(parse_json_manifest(R"({"applications": []})", "m.json").release);
    CHECK(parse_json_manifest(R"({"release": {"name": "r", "vsn": "1", "applications": []}})",
                              "m.json")
              .release->erts_vsn == "");
}

TEST_CASE("JSON manifest: mistakes name the JSON path") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"[]",
         "bad_manifest: m.json: (top level): expected an object with \"release\" and/or "
         "\"applications\""},
        {"{}", "bad_manifest: m.json: (top level): expected \"release\" and/or \"applications\""},
        {R"({"apps": []})",
         "bad_manifest: m.json: apps: unknown key \"apps\" (expected one of: release, "
         "applications)"},
        {R"({"applications": {}})",
         "bad_manifest: m.json: applications: expected an array of application objects"},
        {R"({"applications": [{"name": "a", "vsn": "1"}, 3]})",
         "bad_manifest: m.json: applications[1]: expected an object"},
        {R"({"applications": [{"vsn": "1"}]})",
         "bad_manifest: m.json: applications[0].name: missing (required)"},
        {R"({"applications": [{"name": "", "vsn": "1"}]})",
         "bad_manifest: m.json: applications[0].name: expected a non-empty name"},
        {R"({"applications": [{"name": "a", "vsn": 1}]})",
         "bad_manifest: m.json: applications[0].vsn: expected a string"},
        {R"({"applications": [{"name": "a", "vsn": "1", "aplications": []}]})",
         "bad_manifest: m.json: applications[0].aplications: unknown key \"aplications\" (expected "
         "one of: name, "
         "vsn, description, applications, "
         "included_applications, optional_applications, registered, modules, mod)"},
        {R"({"applications": [{"name": "a", "vsn": "1", "applications": "kernel"}]})",
         "bad_manifest: m.json: applications[0].applications: expected an array of names"},
        {R"({"applications": [{"name": "a", "vsn": "1", "applications": ["kernel", 2]}]})",
         "bad_manifest: m.json: applications[0].applications[1]: expected a non-empty string (an "
         "application name)"},
        {R"({"applications": [{"name": "a", "vsn": "1", "mod": ""}]})",
         "bad_manifest: m.json: applications[0].mod: expected a non-empty name"},
        {R"({"release": {"name": "r", "vsn": "1"}})",
         "bad_manifest: m.json: release.applications: missing (required)"},
        {R"({"release": {"name": "r", "vsn": "1", "applications": [{"name": "k", "vsn": "1", "type": "perm"}]}})",
         "bad_manifest: m.json: release.applications[0].type: expected one of permanent, "
         "transient, temporary, load, none"},
        {R"({"release": {"name": "r", "vsn": "1", "applications": [{"name": "k"}]}})",
         "bad_manifest: m.json: release.applications[0].vsn: missing (required)"},
        {R"({"release": {"name": "r", "vsn": "1", "erts": 13, "applications": []}})",
         "bad_manifest: m.json: release.erts: expected a string"},
        {"{\"applications\": [\n  {\"name\": \"a\",}\n]}",
         "parse_error: m.json:2:16: invalid JSON: syntax error while parsing object key - "
         "unexpected '}'; expected string literal\n"
         "  {\"name\": \"a\",}\n               ^"},
        {"{\"applications\": [",
         "parse_error: m.json:1:19: invalid JSON: syntax error while parsing value - unexpected "
         "end of input; "
         "expected '[', '{', or a literal\n{\"applications\": [\n                  ^"},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.text);
        CHECK(error_of(c.text) == c.expected);
    }
}

TEST_CASE("JSON manifest: hostile input fails cleanly") {
    CHECK(error_of("[1e999999]") ==
          "parse_error: m.json: invalid JSON: number overflow parsing '1e999999'");
    CHECK(error_of(std::string(1000000, '[')).find("parse_error: m.json:1:1000001: invalid JSON") ==
          0);
    CHECK(error_of(std::string(100000, '[') + std::string(100000, ']')) ==
          "bad_manifest: m.json: (top level): expected an object with \"release\" and/or "
          "\"applications\"");
}

TEST_CASE("JSON manifest: a key repeated in one object is an error, not a silent overwrite") {
    CHECK(error_of(R"({"applications": [{"name": "a", "vsn": "1", "vsn": "2"}]})") ==
          "bad_manifest: m.json: applications[0]: the key \"vsn\" appears twice in the same "
          "object");
    CHECK(error_of(R"({"applications": [], "applications": []})") ==
          "bad_manifest: m.json: (top level): the key \"applications\" appears twice in the same "
          "object");
    // The same key in sibling or nested objects is fine.
    CHECK(error_of(R"({"applications": [{"name": "a", "vsn": "1"}, {"name": "b", "vsn": "1"}]})") ==
          "(no error)");
}

TEST_CASE("JSON manifest: every mistake, when the caller collects them all") {
    appgraph::Diagnostics diagnostics;
    parse_json_manifest(R"({"applications": [{"name": "", "vsn": 1}, {"vsn": "1", "modules": [""]}],
                           "extra": true})",
                        "m.json", diagnostics);
    std::string all;
    for (const auto& d : diagnostics.all()) all += appgraph::format_diagnostic(d) + "\n";
    CHECK(
        all ==
        "m.json: extra: unknown key \"extra\" (expected one of: release, applications)\n"
        "m.json: applications[0].name: expected a non-empty name\n"
        "m.json: applications[0].vsn: expected a string\n"
        "m.json: applications[1].name: missing (required)\n"
        "m.json: applications[1].modules[0]: expected a non-empty string (an application name)\n");
}
