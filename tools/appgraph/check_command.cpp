// `appgraph check`: every problem in one run (check_release and, with --boot FILE,
// compare_with_boot_script, in libappgraph/check.hpp), printed as text or JSON; --strict makes
// warnings fail.

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "libappgraph/check.hpp"
#include "load.hpp"

namespace appgraph_cli {

int run_check(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    appgraph::Diagnostics diagnostics(appgraph::Diagnostics::Mode::collect_all,
                                      toolcommon::Reporter::kMaxReports);
    LoadedRelease loaded = load_release(o.paths, o, o.roots, diagnostics, /*validate=*/false);
    std::optional<LoadedRelease> boot;
    if (diagnostics.ok() && !o.boot.empty()) {
        boot = load_release({o.boot}, o, {}, diagnostics, false);
        if (diagnostics.ok() && !boot->script) {
            diag.error("--boot " + o.boot + ": not a boot script (.boot or .script)");
            return toolcommon::exit_usage;
        }
    }
    if (!diagnostics.ok()) {
        toolcommon::report_all(diag, diagnostics);
        return toolcommon::exit_code_for(diagnostics);
    }
    const appgraph::Resolution r = appgraph::check_release(
        loaded.release, loaded.apps, loaded.from_rel && !loaded.script, diagnostics);
    if (boot)
        appgraph::compare_with_boot_script(loaded.release, loaded.apps, r, boot->apps,
                                           *boot->script, boot->release.source.file, diagnostics);

    // Warnings are printed as themselves, errors named by their kind when they have no place.
    for (const appgraph::Diagnostic& d : diagnostics.all()) {
        if (d.severity == appgraph::Severity::warning && d.where.file.empty())
            diag.warning(d.message);
        else
            toolcommon::report(diag, d);
    }
    const std::size_t errors = diagnostics.error_count();
    const std::size_t warnings = diagnostics.warning_count();
    const bool failed = errors > 0 || (o.strict && warnings > 0);
    if (o.json) {
        nlohmann::ordered_json doc{{"ok", !failed},
                                   {"applications", loaded.release.entries.size()},
                                   {"errors", nlohmann::ordered_json::array()},
                                   {"warnings", nlohmann::ordered_json::array()}};
        for (const appgraph::Diagnostic& d : diagnostics.all())
            doc[d.severity == appgraph::Severity::error ? "errors" : "warnings"].push_back(
                toolcommon::diagnostic_json(d));
        toolcommon::write_json(out, toolcommon::to_json(doc), o.json);
    } else {
        out << (failed ? "failed" : "ok") << ": " << loaded.release.entries.size()
            << " applications, " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
            << (warnings == 1 ? " warning" : " warnings")
            << (o.strict && warnings > 0 && errors == 0 ? " (--strict: warnings fail)" : "")
            << "\n";
    }
    return failed ? toolcommon::exit_negative : toolcommon::exit_ok;
}

}  // namespace appgraph_cli
