// systools' checks that need the .rel and the .app files together, in the order systools makes
// them: kernel and stdlib present and permanent (systools_make:mandatory_applications, which looks
// at the first entry of each name and reports kernel before stdlib), then per .rel entry in order
// the version the .rel asks for against the .app's vsn (no_valid_version in systools) and the
// .rel's IncApps against the .app's included_applications (override_include, naming the apps that
// are not in the .app, as systools' specified/2 does). An application listed twice is an error
// here ("bad_rel"), although systools takes it.

#include <algorithm>

#include "../name_table.hpp"
#include "libappgraph/join.hpp"
#include "libappgraph/manifest.hpp"
#include "manifest_internal.hpp"

namespace appgraph {

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
    return "[" + join(names) + "]";
}

}  // namespace

namespace detail {

void check_mandatory_apps(const Release& rel, Diagnostics& diagnostics) {
    for (const char* mandatory : {"kernel", "stdlib"}) {
        auto it = std::find_if(rel.entries.begin(), rel.entries.end(),
                               [&](const ReleaseEntry& e) { return e.name == mandatory; });
        if (it == rel.entries.end())
            diagnostics.error(
                DiagnosticKind::missing_mandatory_app, rel.source,
                std::string("the release must include the application '") + mandatory + "'", {},
                {mandatory});
        else if (it->type != StartType::permanent)
            diagnostics.error(DiagnosticKind::mandatory_app, it->source,
                              std::string("the application '") + mandatory +
                                  "' must be permanent, not " + to_string(it->type),
                              {}, {mandatory});
    }
}

}  // namespace detail

void validate_release(const Release& rel, const std::vector<Application>& apps,
                      Diagnostics& diagnostics) {
    detail::check_mandatory_apps(rel, diagnostics);
    detail::NameTable names;
    names.reserve(apps.size());
    const std::vector<const Application*> by_id = detail::intern_applications(names, apps);
    detail::NameTable listed;                // the entries' names, to find one listed twice
    std::vector<const ReleaseEntry*> first;  // by id in `listed`: the entry that listed it first
    listed.reserve(rel.entries.size());
    for (const ReleaseEntry& entry : rel.entries) {
        const auto listed_id = static_cast<std::size_t>(listed.intern(entry.name));
        if (listed_id == first.size()) {
            first.push_back(&entry);
        } else {
            // systools takes it (OTP 25 writes a script that loads and starts it twice, or
            // reports a circular dependency nobody wrote): never what was meant.
            diagnostics.error(DiagnosticKind::bad_rel, entry.source,
                              "the release lists application '" + entry.name +
                                  "' a second time (first at " +
                                  describe(first[listed_id]->source) +
                                  "); systools does not refuse it, but its boot script then "
                                  "loads and starts it twice or it reports a circular "
                                  "dependency that is not there",
                              {}, {entry.name});
            continue;
        }
        const int id = names.find(entry.name);
        if (id < 0) {
            diagnostics.error(DiagnosticKind::app_not_found, entry.source,
                              "no .app file for the release's application '" + entry.name + "'", {},
                              {entry.name});
            continue;
        }
        const Application& app = *by_id[static_cast<std::size_t>(id)];
        if (app.vsn != entry.vsn)
            diagnostics.error(DiagnosticKind::vsn_mismatch, entry.source,
                              "application '" + entry.name + "': the release asks for version \"" +
                                  entry.vsn + "\" but " +
                                  (app.source.file.empty()
                                       ? "its .app"
                                       : describe({app.source.file, 0, 0, app.source.json_path})) +
                                  " has version \"" + app.vsn + "\"",
                              {}, {entry.name});
        if (entry.included_override) {
            std::vector<std::string> not_specified;
            for (const std::string& inc : *entry.included_override)
                if (std::find(app.included_applications.begin(), app.included_applications.end(),
                              inc) == app.included_applications.end())
                    not_specified.push_back(inc);
            if (!not_specified.empty())
                diagnostics.error(
                    DiagnosticKind::override_include, entry.source,
                    "application '" + entry.name + "': the release includes " +
                        quoted_list(not_specified) + ", which its .app does not list in " +
                        "included_applications " + quoted_list(app.included_applications),
                    {}, not_specified);
        }
    }
}

}  // namespace appgraph
