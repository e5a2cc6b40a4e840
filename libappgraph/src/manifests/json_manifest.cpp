// The JSON manifest loader (format documented in manifest.hpp): for systems whose applications
// are not described by .app files. The walk checks every key and type and names the JSON path of
// the offending value (`applications[3].vsn: expected a string`); unknown keys are errors so a
// misspelt key is never silently ignored. Every problem is reported, not only the first, when
// the caller collects them all. Syntax errors report line and column with a caret.

#include <vector>

#include "../json_input.hpp"
#include "libappgraph/manifest.hpp"

namespace appgraph {

namespace {

using Json = nlohmann::json;
using detail::json_element;
using detail::json_member;

class Walker {
public:
    Walker(const std::string& filename, Diagnostics& diagnostics)
        : filename_(filename), diagnostics_(diagnostics) {}

    void fail(const std::string& path, std::string message) const {
        diagnostics_.error(DiagnosticKind::bad_manifest, detail::json_location(filename_, path),
                           std::move(message));
    }

    void only_keys(const Json& object, const std::string& path,
                   std::initializer_list<const char*> keys) const {
        detail::check_known_keys(object, path, keys, filename_, DiagnosticKind::bad_manifest,
                                 diagnostics_);
    }

    bool is_object(const Json& value, const std::string& path) const {
        if (!value.is_object()) fail(path, "expected an object");
        return value.is_object();
    }

    std::string string_at(const Json& object, const std::string& path, const char* key,
                          bool required, bool name = false) const {
        auto it = object.find(key);
        if (it == object.end()) {
            if (required) fail(json_member(path, key), "missing (required)");
            return {};
        }
        if (!it->is_string()) {
            fail(json_member(path, key), "expected a string");
            return {};
        }
        std::string value = it->get<std::string>();
        if (name && value.empty()) fail(json_member(path, key), "expected a non-empty name");
        return value;
    }

    std::vector<std::string> names_at(const Json& object, const std::string& path,
                                      const char* key) const {
        auto it = object.find(key);
        if (it == object.end()) return {};
        const std::string here = json_member(path, key);
        if (!it->is_array()) {
            fail(here, "expected an array of names");
            return {};
        }
        std::vector<std::string> names;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const Json& v = (*it)[i];
            if (!v.is_string() || v.get<std::string>().empty())
                fail(json_element(here, i), "expected a non-empty string (an application name)");
            else
                names.push_back(v.get<std::string>());
        }
        return names;
    }

    Application application(const Json& j, const std::string& path) const {
        Application app;
        app.source = detail::json_location(filename_, path);
        if (!is_object(j, path)) return app;
        only_keys(j, path,
                  {"name", "vsn", "description", "applications", "included_applications",
                   "optional_applications", "registered", "modules", "mod"});
        app.name = string_at(j, path, "name", true, true);
        app.vsn = string_at(j, path, "vsn", true);
        app.description = string_at(j, path, "description", false);
        app.applications = names_at(j, path, "applications");
        app.included_applications = names_at(j, path, "included_applications");
        app.optional_applications = names_at(j, path, "optional_applications");
        app.registered = names_at(j, path, "registered");
        app.modules = names_at(j, path, "modules");
        if (j.contains("mod")) app.mod = string_at(j, path, "mod", true, true);
        return app;
    }

    ReleaseEntry entry(const Json& j, const std::string& path) const {
        ReleaseEntry e;
        e.source = detail::json_location(filename_, path);
        if (!is_object(j, path)) return e;
        only_keys(j, path, {"name", "vsn", "type", "included_applications"});
        e.name = string_at(j, path, "name", true, true);
        e.vsn = string_at(j, path, "vsn", true);
        if (j.contains("type")) {
            auto type = from_string<StartType>(string_at(j, path, "type", true));
            if (type)
                e.type = *type;
            else
                fail(json_member(path, "type"), "expected one of " + names_in<StartType>());
        }
        if (j.contains("included_applications"))
            e.included_override = names_at(j, path, "included_applications");
        return e;
    }

    Release release(const Json& j, const std::string& path) const {
        Release rel;
        rel.source = detail::json_location(filename_, path);
        if (!is_object(j, path)) return rel;
        only_keys(j, path, {"name", "vsn", "erts", "applications"});
        rel.name = string_at(j, path, "name", true, true);
        rel.vsn = string_at(j, path, "vsn", true);
        rel.erts_vsn = string_at(j, path, "erts", false);
        const std::string list = json_member(path, "applications");
        auto it = j.find("applications");
        if (it == j.end()) {
            fail(list, "missing (required)");
        } else if (!it->is_array()) {
            fail(list, "expected an array of {\"name\", \"vsn\"} objects");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i)
                rel.entries.push_back(entry((*it)[i], json_element(list, i)));
        }
        return rel;
    }

private:
    const std::string& filename_;
    Diagnostics& diagnostics_;
};

}  // namespace

Manifest parse_json_manifest(std::string_view text, const std::string& filename,
                             Diagnostics& diagnostics) {
    Manifest manifest;
    std::optional<Json> root =
        detail::parse_json_document(text, filename, DiagnosticKind::bad_manifest, diagnostics);
    if (!root) return manifest;
    Walker walk(filename, diagnostics);
    if (!root->is_object()) {
        walk.fail("", "expected an object with \"release\" and/or \"applications\"");
        return manifest;
    }
    walk.only_keys(*root, "", {"release", "applications"});
    if (!root->contains("release") && !root->contains("applications"))
        walk.fail("", "expected \"release\" and/or \"applications\"");
    if (root->contains("release")) manifest.release = walk.release((*root)["release"], "release");
    if (root->contains("applications")) {
        const Json& apps = (*root)["applications"];
        if (!apps.is_array()) {
            walk.fail("applications", "expected an array of application objects");
        } else {
            for (std::size_t i = 0; i < apps.size(); ++i)
                manifest.applications.push_back(
                    walk.application(apps[i], json_element("applications", i)));
        }
    }
    return manifest;
}

Manifest parse_json_manifest(std::string_view text, const std::string& filename) {
    Diagnostics stop_at_first(Diagnostics::Mode::stop_at_first);
    return parse_json_manifest(text, filename, stop_at_first);
}

}  // namespace appgraph
