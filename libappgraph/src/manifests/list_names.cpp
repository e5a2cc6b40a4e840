// list_application_names: the application names in PATHs, for shell completion. It must be cheap
// and never fail: it reads only the first term of each .app (no systools checks), takes names from
// .rel entries and JSON manifests, and silently skips whatever cannot be read.

#include <algorithm>
#include <filesystem>

#include "directory_layout.hpp"
#include "libappgraph/manifest.hpp"
#include "libappgraph/read_file.hpp"
#include "libappgraph/term.hpp"

namespace appgraph {

namespace fs = std::filesystem;

namespace {

void names_from_app(const std::string& path, std::vector<std::string>& out) {
    try {
        std::optional<Term> t = parse_first_term(appgraph::read_text_file(path), path);
        if (t && t->kind == Term::Kind::tuple && t->items.size() == 3 &&
            t->items[0].is_atom("application") && t->items[1].is_atom())
            out.push_back(t->items[1].text);
    } catch (const DiagnosticError&) {
    }
}

void names_from_rel(const std::string& path, std::vector<std::string>& out) {
    try {
        for (const ReleaseEntry& e : parse_rel_file(appgraph::read_text_file(path), path).entries)
            out.push_back(e.name);
    } catch (const DiagnosticError&) {
    }
}

}  // namespace

std::vector<std::string> list_application_names(const std::vector<std::string>& paths,
                                                const LoadOptions& options) {
    std::vector<std::string> names;
    std::vector<std::string> dirs = options.search_dirs;
    for (const std::string& path : paths) {
        std::error_code ec;
        const std::string ext = fs::path(path).extension().string();
        if (fs::is_directory(path, ec)) {
            dirs.push_back(path);
        } else if (ext == ".app") {
            names_from_app(path, names);
        } else if (ext == ".rel") {
            names_from_rel(path, names);
        } else if (ext == ".json") {
            try {
                Manifest m = parse_json_manifest(appgraph::read_text_file(path), path);
                for (const Application& a : m.applications) names.push_back(a.name);
                if (m.release)
                    for (const ReleaseEntry& e : m.release->entries) names.push_back(e.name);
            } catch (const DiagnosticError&) {
            }
        }
    }
    for (const std::string& dir : dirs) {
        detail::DirectoryCache cache;
        detail::Found found = detail::scan_directory(dir, cache);
        for (const std::string& app : found.app_files) names_from_app(app, names);
        for (const std::string& rel : found.rel_files) names_from_rel(rel, names);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

}  // namespace appgraph
