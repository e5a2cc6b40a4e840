// What several appgraph commands print the same way: loading with its diagnostics, resolver
// errors as text and JSON, and a resolution as JSON.

#include <fcntl.h>
#include <unistd.h>

#include <set>
#include <unordered_map>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "common/content.hpp"
#include "load.hpp"

namespace appgraph_cli {

namespace {

// The first bytes of a file (nothing for what cannot be opened, and never standard input).
std::string head_of(const std::string& path) {
    std::string bytes;
    if (path == "<stdin>") return bytes;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return bytes;
    bytes.resize(1 << 16);
    const ssize_t n = ::read(fd, bytes.data(), bytes.size());
    ::close(fd);
    bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return bytes;
}

// "hint: FILE looks like ..." under the errors of a file that is of a kind appgraph does not
// read (an environment image, a supervision tree), once per file.
void hint_other_kinds(const appgraph::Diagnostics& diagnostics, const toolcommon::Reporter& diag) {
    std::set<std::string> done;
    for (const appgraph::Diagnostic& d : diagnostics.all()) {
        if (d.severity != appgraph::Severity::error || d.where.file.empty()) continue;
        if (!done.insert(d.where.file).second) continue;
        const toolcommon::Content looks = toolcommon::what_it_looks_like(head_of(d.where.file));
        if (looks == toolcommon::Content::environment ||
            looks == toolcommon::Content::supervision_tree ||
            looks == toolcommon::Content::events_file || looks == toolcommon::Content::binary)
            diag.note("hint: " + toolcommon::looks_like(d.where.file, looks));
    }
}

}  // namespace

nlohmann::ordered_json error_json(const std::vector<appgraph::Diagnostic>& errors) {
    const auto one = toolcommon::diagnostic_json;
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

nlohmann::ordered_json resolution_json(const appgraph::Resolution& r, const LoadedRelease* loaded) {
    std::unordered_map<std::string, const std::string*> files;
    if (loaded)
        for (const auto& a : loaded->apps) files.emplace(a.name, &a.source.file);
    const auto text_or_null = [](const std::string* text) {
        return text && !text->empty() ? nlohmann::ordered_json(*text)
                                      : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json apps = nlohmann::ordered_json::array();
    for (const auto& a : r.applications) {
        nlohmann::ordered_json app{
            {"name", a.name},
            {"vsn", a.vsn},
            {"type", appgraph::to_string(a.type)},
            {"included_by", a.included_by ? nlohmann::ordered_json(*a.included_by)
                                          : nlohmann::ordered_json(nullptr)},
            {"loaded", a.loaded},
            {"started", a.started},
            {"start_fails", a.not_started_because.empty()
                                ? nlohmann::ordered_json(nullptr)
                                : nlohmann::ordered_json(a.not_started_because)}};
        if (loaded) {
            auto it = files.find(a.name);
            app["file"] = text_or_null(it == files.end() ? nullptr : it->second);
        }
        apps.push_back(std::move(app));
    }
    nlohmann::ordered_json doc{{"start", r.start}, {"applications", apps}};
    if (loaded) {
        const bool given = loaded->from_rel;
        doc["release"] = {{"name", given ? nlohmann::ordered_json(loaded->release.name) : nullptr},
                          {"vsn", given ? nlohmann::ordered_json(loaded->release.vsn) : nullptr},
                          {"file", given ? text_or_null(&loaded->release.source.file) : nullptr},
                          {"kind", !given           ? "none"
                                   : loaded->script ? "boot_script"
                                                    : "rel"},
                          {"env", text_or_null(&loaded->env)}};
    }
    return doc;
}

void report_errors(const std::vector<appgraph::Diagnostic>& errors,
                   const toolcommon::Reporter& diag) {
    for (const auto& e : errors) toolcommon::report(diag, e);
}

std::optional<LoadedRelease> load_or_report(const Options& o, const std::vector<std::string>& paths,
                                            const std::vector<std::string>& roots,
                                            toolcommon::Output& out,
                                            const toolcommon::Reporter& diag, int& exit_code,
                                            bool validate) {
    appgraph::Diagnostics diagnostics(appgraph::Diagnostics::Mode::collect_all,
                                      toolcommon::Reporter::kMaxReports);
    LoadedRelease loaded = load_release(paths, o, roots, diagnostics, validate);
    toolcommon::report_all(diag, diagnostics);
    if (diagnostics.ok()) return loaded;
    hint_other_kinds(diagnostics, diag);
    exit_code = toolcommon::exit_code_for(diagnostics);
    if (o.json) {
        std::vector<appgraph::Diagnostic> errors;
        for (const auto& d : diagnostics.all())
            if (d.severity == appgraph::Severity::error) errors.push_back(d);
        toolcommon::write_json(out, toolcommon::to_json(error_json(errors)), o.json);
    }
    return std::nullopt;
}

}  // namespace appgraph_cli
