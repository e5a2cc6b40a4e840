// The JSON manifest loader (format documented in manifest.hpp): for systems whose applications
// are not described by .app files. The walk checks every key and type and names the JSON path of
// the offending value (`applications[3].vsn: expected a string`); unknown keys are errors so a
// misspelt key is never silently ignored. Syntax errors report line and column with a caret.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

#include "libappgraph/manifest.hpp"

namespace appgraph {

namespace {

using Json = nlohmann::json;

class Walker {
public:
    explicit Walker(const std::string& filename) : filename_(filename) {}

    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
        throw LoadError("bad_manifest", path + ": " + message, SourceLocation{filename_, 0, 0});
    }

    void only_keys(const Json& object, const std::string& path,
                   std::initializer_list<const char*> keys) const {
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool known = false;
            for (const char* k : keys) known = known || it.key() == k;
            if (!known) {
                std::string list;
                for (const char* k : keys) list += std::string(list.empty() ? "" : ", ") + k;
                fail(join(path, it.key()), "unknown key (expected one of: " + list + ")");
            }
        }
    }

    const Json& object_at(const Json& parent, const std::string& path) const {
        if (!parent.is_object()) fail(path, "expected an object");
        return parent;
    }

    std::string string_at(const Json& object, const std::string& path, const char* key,
                          bool required, bool name = false) const {
        auto it = object.find(key);
        if (it == object.end()) {
            if (required) fail(join(path, key), "missing (required)");
            return {};
        }
        if (!it->is_string()) fail(join(path, key), "expected a string");
        std::string value = it->get<std::string>();
        if (name && value.empty()) fail(join(path, key), "expected a non-empty name");
        return value;
    }

    std::vector<std::string> names_at(const Json& object, const std::string& path,
                                      const char* key) const {
        auto it = object.find(key);
        if (it == object.end()) return {};
        const std::string here = join(path, key);
        if (!it->is_array()) fail(here, "expected an array of names");
        std::vector<std::string> names;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const Json& v = (*it)[i];
            if (!v.is_string() || v.get<std::string>().empty())
                fail(here + "[" + std::to_string(i) + "]",
                     "expected a non-empty string (an application name)");
            names.push_back(v.get<std::string>());
        }
        return names;
    }

    Application application(const Json& j, const std::string& path) const {
        object_at(j, path);
        only_keys(j, path,
                  {"name", "vsn", "description", "applications", "included_applications",
                   "optional_applications", "registered", "modules", "mod"});
        Application app;
        app.name = string_at(j, path, "name", true, true);
        app.vsn = string_at(j, path, "vsn", true);
        app.description = string_at(j, path, "description", false);
        app.applications = names_at(j, path, "applications");
        app.included_applications = names_at(j, path, "included_applications");
        app.optional_applications = names_at(j, path, "optional_applications");
        app.registered = names_at(j, path, "registered");
        app.modules = names_at(j, path, "modules");
        if (j.contains("mod")) app.mod = string_at(j, path, "mod", true, true);
        app.source = SourceLocation{filename_ + ":" + path, 0, 0};
        return app;
    }

    ReleaseEntry entry(const Json& j, const std::string& path) const {
        object_at(j, path);
        only_keys(j, path, {"name", "vsn", "type", "included_applications"});
        ReleaseEntry e;
        e.name = string_at(j, path, "name", true, true);
        e.vsn = string_at(j, path, "vsn", true);
        if (j.contains("type")) {
            auto type = start_type_from_string(string_at(j, path, "type", true));
            if (!type)
                fail(join(path, "type"),
                     "expected one of permanent, transient, temporary, load, none");
            e.type = *type;
        }
        if (j.contains("included_applications"))
            e.included_override = names_at(j, path, "included_applications");
        e.source = SourceLocation{filename_ + ":" + path, 0, 0};
        return e;
    }

    Release release(const Json& j, const std::string& path) const {
        object_at(j, path);
        only_keys(j, path, {"name", "vsn", "erts", "applications"});
        Release rel;
        rel.name = string_at(j, path, "name", true, true);
        rel.vsn = string_at(j, path, "vsn", true);
        rel.erts_vsn = string_at(j, path, "erts", false);
        rel.source = SourceLocation{filename_ + ":" + path, 0, 0};
        auto it = j.find("applications");
        if (it == j.end()) fail(join(path, "applications"), "missing (required)");
        if (!it->is_array())
            fail(join(path, "applications"), "expected an array of {\"name\", \"vsn\"} objects");
        for (std::size_t i = 0; i < it->size(); ++i)
            rel.entries.push_back(
                entry((*it)[i], join(path, "applications") + "[" + std::to_string(i) + "]"));
        return rel;
    }

    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }

private:
    const std::string& filename_;
};

SourceLocation position_of(std::string_view text, std::size_t byte, const std::string& filename,
                           int& column) {
    int line = 1;
    column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return SourceLocation{filename, line, column};
}

}  // namespace

Manifest parse_json_manifest(std::string_view text, const std::string& filename) {
    Json root;
    // nlohmann keeps the last of two equal keys in an object; a repeated key is an error here so
    // that no value the user wrote is dropped without a word.
    std::vector<std::vector<std::string>> keys_by_depth;
    auto reject_repeated_keys = [&](int depth, Json::parse_event_t event, Json& parsed) {
        auto level = static_cast<std::size_t>(depth);
        if (event == Json::parse_event_t::object_start) {
            if (keys_by_depth.size() <= level) keys_by_depth.resize(level + 1);
            keys_by_depth[level].clear();
        } else if (event == Json::parse_event_t::key && level > 0) {
            auto& seen = keys_by_depth[level - 1];
            const std::string& key = parsed.get_ref<const std::string&>();
            if (std::find(seen.begin(), seen.end(), key) != seen.end())
                throw LoadError("bad_manifest",
                                "the key \"" + key + "\" appears twice in the same object",
                                SourceLocation{filename, 0, 0});
            seen.push_back(key);
        }
        return true;
    };
    try {
        root = Json::parse(text.begin(), text.end(), reject_repeated_keys);
    } catch (const Json::parse_error& e) {
        // nlohmann reports the byte after which the error was seen (1-based); point at it.
        int column = 0;
        std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        SourceLocation where = position_of(text, byte, filename, column);
        std::string what = e.what();
        std::size_t cut = what.find("syntax error");
        std::string message =
            "invalid JSON: " + (cut == std::string::npos ? what : what.substr(cut));
        throw LoadError("parse_error", message, where,
                        make_snippet(text, where.line, where.column));
    } catch (const Json::exception& e) {
        // Other parser failures (a number too large for a double) carry no position.
        std::string what = e.what();
        std::size_t cut = what.find("] ");
        throw LoadError("parse_error",
                        "invalid JSON: " + (cut == std::string::npos ? what : what.substr(cut + 2)),
                        SourceLocation{filename, 0, 0});
    }
    Walker walk(filename);
    if (!root.is_object())
        walk.fail("(top level)", "expected an object with \"release\" and/or \"applications\"");
    walk.only_keys(root, "", {"release", "applications"});
    if (!root.contains("release") && !root.contains("applications"))
        walk.fail("(top level)", "expected \"release\" and/or \"applications\"");
    Manifest manifest;
    if (root.contains("release")) manifest.release = walk.release(root["release"], "release");
    if (root.contains("applications")) {
        const Json& apps = root["applications"];
        if (!apps.is_array()) walk.fail("applications", "expected an array of application objects");
        for (std::size_t i = 0; i < apps.size(); ++i)
            manifest.applications.push_back(
                walk.application(apps[i], "applications[" + std::to_string(i) + "]"));
    }
    return manifest;
}

}  // namespace appgraph
