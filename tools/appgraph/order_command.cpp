// `appgraph order` and the JSON/text rendering of a resolution shared with other commands.

#include <iostream>

#include "commands.hpp"
#include "load.hpp"

namespace appgraph_cli {

nlohmann::ordered_json error_json(const std::vector<appgraph::ResolveError>& errors) {
    auto one = [](const appgraph::ResolveError& e) {
        nlohmann::ordered_json j{{"kind", e.kind}, {"apps", e.apps}, {"message", e.message}};
        if (!e.pairs.empty()) j["pairs"] = e.pairs;
        if (!e.cycle.empty()) {
            nlohmann::ordered_json steps = nlohmann::ordered_json::array();
            for (const auto& s : e.cycle)
                steps.push_back({{"from", s.from}, {"to", s.to}, {"reason", s.reason}});
            j["cycle"] = steps;
        }
        return j;
    };
    nlohmann::ordered_json first = one(errors.front());
    // systools reports a circular and an undefined set together as {apps, [...]}: the second
    // one rides along.
    if (errors.size() > 1) {
        nlohmann::ordered_json more = nlohmann::ordered_json::array();
        for (std::size_t i = 1; i < errors.size(); ++i) more.push_back(one(errors[i]));
        first["more"] = more;
    }
    return {{"error", first}};
}

nlohmann::ordered_json resolution_json(const appgraph::Resolution& r) {
    nlohmann::ordered_json apps = nlohmann::ordered_json::array();
    for (const auto& a : r.applications) {
        apps.push_back({{"name", a.name},
                        {"vsn", a.vsn},
                        {"type", appgraph::to_string(a.type)},
                        {"included_by", a.included_by ? nlohmann::ordered_json(*a.included_by)
                                                      : nlohmann::ordered_json(nullptr)},
                        {"started", a.started}});
    }
    return {{"start", r.start}, {"applications", apps}};
}

void report_errors(const std::vector<appgraph::ResolveError>& errors,
                   const toolcommon::Diagnostics& diag) {
    for (const auto& e : errors) {
        if (e.cycle.empty()) {
            diag.error(e.kind + ": " + e.message);
        } else {
            std::string apps;
            for (const auto& a : e.apps) apps += (apps.empty() ? "" : ", ") + a;
            diag.error(e.kind + ": circular dependencies among " + apps + "; one cycle:");
        }
        for (const auto& step : e.cycle)
            diag.note("  " + step.from + " -> " + step.to + ": " + step.reason);
    }
}

void report_warnings(const std::vector<std::string>& warnings,
                     const toolcommon::Diagnostics& diag) {
    for (const auto& w : warnings) diag.warning(w);
}

int run_order(const Options& o, const toolcommon::Diagnostics& diag) {
    const bool ensure = o.mode == "ensure";
    LoadedRelease loaded =
        load_release(o.paths, o.search_dirs, ensure ? std::vector<std::string>{} : o.roots);
    report_warnings(loaded.warnings, diag);
    appgraph::Resolution r;
    if (ensure) {
        r = appgraph::resolve_ensure(o.roots.empty() ? top_level(loaded) : o.roots, loaded.apps);
    } else {
        if (loaded.from_rel && !o.roots.empty()) {
            diag.error(
                "--root forms a release when there is no .rel; with a .rel it only applies to "
                "--mode ensure");
            return exit_usage;
        }
        appgraph::ResolveOptions options;
        options.explain = false;  // order prints neither the graph nor the reasons
        r = appgraph::resolve_boot(loaded.release, loaded.apps, options);
    }
    if (!r.ok()) {
        if (o.json) std::cout << error_json(r.errors).dump(2) << "\n";
        report_errors(r.errors, diag);
        if (!loaded.from_rel && r.errors.front().kind == "undefined_applications")
            diag.note(
                "(without a .rel the release holds only the applications found: add the "
                "directories that "
                "hold these as more PATHs, e.g. Elixir's lib directory)");
        return exit_release_error;
    }
    if (o.json) {
        std::cout << resolution_json(r).dump(2) << "\n";
    } else if (o.verbose) {
        for (const auto& a : r.applications) {
            std::string line = a.name + " " + (a.vsn.empty() ? "-" : a.vsn) + " " +
                               appgraph::to_string(a.type) + " " +
                               (a.started ? "started" : (a.loaded ? "loaded" : "not-loaded"));
            if (a.included_by) line += " included-by=" + *a.included_by;
            std::cout << line << "\n";
        }
    } else {
        for (const auto& name : r.start) std::cout << name << "\n";
    }
    return exit_ok;
}

}  // namespace appgraph_cli
