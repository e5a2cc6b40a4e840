// A boot script read as a release: what it loads and starts, in its own order, so that `order`,
// `diff` and the others describe the script that ships rather than the manifests beside it (a
// rebuild can change the manifests without touching the script). script_release makes the .rel
// and .app files the script stands for; resolution_of_script reads the order straight from the
// script.

#include <algorithm>
#include <unordered_set>

#include "libappgraph/boot_script.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph {

namespace {

StartType type_in_script(const BootApplication& entry) {
    if (entry.start_type) return *entry.start_type;
    return entry.included_by ? StartType::permanent : StartType::load;
}

// The applications loaded ones use or include that the script leaves out, in the order they are
// first named: type none in the .rel (a missing optional one is no application of the release).
std::vector<std::string> left_out(const BootScript& script) {
    std::unordered_set<std::string> loaded;
    for (const BootApplication& entry : script.applications) loaded.insert(entry.app.name);
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    for (const BootApplication& entry : script.applications) {
        const Application& app = entry.app;
        const auto consider = [&](const std::string& name, bool may_be_optional) {
            if (loaded.count(name) || seen.count(name)) return;
            if (may_be_optional &&
                std::find(app.optional_applications.begin(), app.optional_applications.end(),
                          name) != app.optional_applications.end())
                return;
            seen.insert(name);
            out.push_back(name);
        };
        for (const std::string& name : app.applications) consider(name, true);
        for (const std::string& name : app.included_applications) consider(name, false);
    }
    return out;
}

}  // namespace

ScriptRelease script_release(const BootScript& script) {
    ScriptRelease out;
    out.release.name = script.name;
    out.release.vsn = script.vsn;
    out.release.source = script.source;
    for (const BootApplication& entry : script.applications) {
        ReleaseEntry rel_entry;
        rel_entry.name = entry.app.name;
        rel_entry.vsn = entry.app.vsn;
        rel_entry.type = type_in_script(entry);
        rel_entry.source = entry.app.source;
        out.release.entries.push_back(std::move(rel_entry));
        out.applications.push_back(entry.app);
    }
    for (const std::string& name : left_out(script)) {
        ReleaseEntry rel_entry;
        rel_entry.name = name;
        rel_entry.type = StartType::none;
        rel_entry.source = script.source;
        out.release.entries.push_back(std::move(rel_entry));
        Application app;
        app.name = name;
        app.description = "not in the boot script (type none)";
        app.source = script.source;
        out.applications.push_back(std::move(app));
    }
    return out;
}

Resolution resolution_of_script(const BootScript& script) {
    Resolution r;
    for (const BootApplication& entry : script.applications) {
        ResolvedApp app;
        app.name = entry.app.name;
        app.vsn = entry.app.vsn;
        app.type = type_in_script(entry);
        app.included_by = entry.included_by;
        app.loaded = entry.loaded;
        app.started = entry.start_type.has_value();
        r.applications.push_back(std::move(app));
    }
    for (const std::string& name : left_out(script)) {
        ResolvedApp app;
        app.name = name;
        app.type = StartType::none;
        app.loaded = false;
        app.started = false;
        r.applications.push_back(std::move(app));
    }
    r.start = script.start;
    return r;
}

}  // namespace appgraph
