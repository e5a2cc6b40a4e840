// `appgraph diff OLD NEW`: resolves both releases and prints what changed, one line per fact,
// so a CI log of an upgrade review reads top to bottom. Exit 0 when they are the same, 1 when
// they differ (as diff(1)); positions are start positions, the line numbers of `order`.

#include "commands.hpp"
#include "libappgraph/diff.hpp"
#include "load.hpp"

namespace appgraph_cli {

namespace {

nlohmann::ordered_json changes_json(const std::vector<appgraph::AppChange>& changes) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& c : changes) j.push_back({{"name", c.name}, {"from", c.from}, {"to", c.to}});
    return j;
}

}  // namespace

int run_diff(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    appgraph::Resolution sides[2];
    const std::string* inputs[2] = {&o.old_path, &o.new_path};
    int exit_code = toolcommon::exit_ok;
    for (int i = 0; i < 2; ++i) {
        std::optional<LoadedRelease> loaded =
            load_or_report(o, {*inputs[i]}, {}, out, diag, exit_code);
        if (!loaded) return exit_code;
        // A boot script runs its own order: read from it, not recomputed.
        sides[i] = loaded->script ? *loaded->script
                                  : appgraph::resolve_boot(loaded->release, loaded->apps);
        if (!sides[i].ok()) {
            diag.error(*inputs[i] + " does not resolve");
            report_errors(sides[i].errors, diag);
            return toolcommon::exit_negative;
        }
    }
    appgraph::ReleaseDiff d = appgraph::diff_releases(sides[0], sides[1]);
    if (o.json) {
        nlohmann::ordered_json moved = nlohmann::ordered_json::array();
        for (const auto& m : d.moved)
            moved.push_back({{"name", m.name},
                             {"from", m.from},
                             {"to", m.to},
                             {"reason", m.reason.empty() ? nlohmann::ordered_json(nullptr)
                                                         : nlohmann::ordered_json(m.reason)}});
        const nlohmann::ordered_json doc{
            {"added", d.added},
            {"removed", d.removed},
            {"versions", changes_json(d.versions)},
            {"types", changes_json(d.types)},
            {"started", changes_json(d.started)},
            {"included_applications", changes_json(d.includes)},
            {"moved", moved},
            {"start", {{"from", sides[0].start}, {"to", sides[1].start}}}};
        toolcommon::write_json(out, toolcommon::to_json(doc), o.json);
        return d.empty() ? toolcommon::exit_ok : toolcommon::exit_negative;
    }
    if (d.empty()) {
        out << "no changes: same applications, versions, types and start order\n";
        return toolcommon::exit_ok;
    }
    for (const auto& a : d.added) out << "added " << a << "\n";
    for (const auto& a : d.removed) out << "removed " << a << "\n";
    for (const auto& c : d.versions)
        out << "version " << c.name << " " << c.from << " -> " << c.to << "\n";
    for (const auto& c : d.types)
        out << "type " << c.name << " " << c.from << " -> " << c.to << "\n";
    for (const auto& c : d.started)
        out << "status " << c.name << " " << c.from << " -> " << c.to << "\n";
    for (const auto& c : d.includes)
        out << "included_applications " << c.name << " [" << c.from << "] -> [" << c.to << "]\n";
    for (const auto& c : d.moved)
        out << "moved " << c.name << " position " << c.from << " -> " << c.to
            << (c.reason.empty() ? "" : ": " + c.reason) << "\n";
    return toolcommon::exit_negative;  // they differ, as diff(1) and fwkv diff say it
}

}  // namespace appgraph_cli
