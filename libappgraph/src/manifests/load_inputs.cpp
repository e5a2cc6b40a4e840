// load_inputs: turns the PATHs a user gives (.app, .rel and JSON files, directories) into one set
// of applications and at most one release. Directories are searched the way projects and releases
// lay them out (see directory_layout.cpp). With a release, each entry's .app file is looked up the
// way systools looks it up on its path: the candidates are tried in order and the first whose vsn
// is the one the .rel asks for wins; when none matches, the first one found is kept (so
// validate_release reports the mismatch) and when none is found at all the error names every
// place looked. As systools does while reading a .rel, kernel and stdlib are checked before any
// .app is looked up.

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <future>

#include "../name_table.hpp"
#include "directory_layout.hpp"
#include "libappgraph/join.hpp"
#include "libappgraph/manifest.hpp"
#include "libappgraph/read_file.hpp"
#include "libappgraph/term.hpp"
#include "manifest_internal.hpp"
#include "parallel_load.hpp"
#include "release_choice.hpp"
#include "term_checks.hpp"
#include "version_order.hpp"

namespace appgraph {

namespace fs = std::filesystem;

namespace {

using detail::Found;

// From this many .app files in a directory, its .rel is read on a thread of its own.
constexpr std::size_t kReleaseReadAside = 1000;

class Collector {
public:
    Collector(Inputs& inputs, Diagnostics& diagnostics)
        : inputs_(inputs), diagnostics_(diagnostics) {}

    void reserve_more(std::size_t count) {
        index_.reserve(index_.size() + count);
        inputs_.applications.reserve(inputs_.applications.size() + count);
    }

    void add(Application app) {
        const std::size_t position = index_.intern(app.name);
        if (position == inputs_.applications.size()) {
            inputs_.applications.push_back(std::move(app));
            return;
        }
        ignored(inputs_.applications[position], app);
    }

    // add() on each of `apps`, in order; the first ones are taken over without moving them one
    // by one.
    void add_all(std::vector<Application> apps) {
        if (!inputs_.applications.empty()) {
            reserve_more(apps.size());
            for (Application& app : apps) add(std::move(app));
            return;
        }
        std::vector<Application>& kept = inputs_.applications;
        kept = std::move(apps);
        index_.reserve(kept.size());
        std::size_t size = 0;
        for (std::size_t i = 0; i < kept.size(); ++i) {
            const std::size_t position = index_.intern(kept[i].name);
            if (position != size) {
                ignored(kept[position], kept[i]);
                continue;
            }
            if (i != size) kept[size] = std::move(kept[i]);
            ++size;
        }
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(size), kept.end());
    }

    void set_release(Release rel) {
        if (inputs_.release)
            diagnostics_.error(DiagnosticKind::bad_rel, rel.source,
                               "a second release given (the first came from " +
                                   describe(inputs_.release->source) +
                                   "): give one .rel at a time");
        else
            inputs_.release = std::move(rel);
    }

    void set_script(BootScript script) {
        if (!inputs_.boot_script) inputs_.boot_script = std::move(script);
    }

    void set_env(const std::string& env) {
        if (inputs_.env.empty()) inputs_.env = env;
    }

    // The position of `name` in inputs.applications, or -1.
    std::ptrdiff_t index_of(const std::string& name) const { return index_.find(name); }

private:
    // A second application of a name already taken: dropped, with a warning when the versions
    // differ.
    void ignored(const Application& first, const Application& app) {
        if (first.vsn == app.vsn) return;
        // lib/<app>-<vsn>/ebin/<app>.app: two versions in one lib directory, where the search
        // put the highest first (the one the code server takes).
        const auto lib_of = [](const SourceLocation& source) {
            return fs::path(source.file).parent_path().parent_path().parent_path();
        };
        const bool same_lib =
            lib_of(first.source) == lib_of(app.source) && detail::newer_version(first.vsn, app.vsn);
        diagnostics_.warning(
            DiagnosticKind::shadowed_app, app.source,
            "application '" + app.name + "' version \"" + app.vsn + "\" ignored: " +
                (same_lib ? "version \"" + first.vsn + "\" (" + first.source.file +
                                ") is the highest in that lib directory, and the one the code "
                                "server takes"
                          : "version \"" + first.vsn + "\" was found first in " +
                                describe(first.source)),
            {app.name});
    }

    Inputs& inputs_;
    Diagnostics& diagnostics_;
    detail::NameTable index_;  // name -> position in inputs_.applications
};

// The directories a release's .app files are looked for in, normalised once per release.
struct SearchPlan {
    std::vector<std::string> search_dirs;   // --path directories
    std::string rel_dir;                    // the .rel's own directory
    std::vector<std::string> release_libs;  // the lib/ directories of the usual release layouts
};

std::string normalised(const fs::path& dir) {
    std::string text = dir.lexically_normal().string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text.empty() ? "." : text;
}

// A --path DIR with wildcards ('lib/*/ebin', as systools and relx take it): the directories it
// matches, in name order; a DIR without them as it is.
std::vector<std::string> expand_search_dir(const std::string& dir) {
    if (dir.find_first_of("*?[{") == std::string::npos) return {dir};
    std::vector<std::string> out;
    glob_t matches{};
    if (::glob(dir.c_str(), GLOB_BRACE | GLOB_ONLYDIR | GLOB_MARK, nullptr, &matches) == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
            std::string match = matches.gl_pathv[i];
            // GLOB_ONLYDIR is only a hint: GLOB_MARK ends each directory with '/'.
            if (!match.empty() && match.back() == '/') out.push_back(match);
        }
    }
    ::globfree(&matches);
    return out;
}

SearchPlan plan_search(const std::string& rel_file, const LoadOptions& options) {
    SearchPlan plan;
    for (const std::string& pattern : options.search_dirs)
        for (const std::string& dir : expand_search_dir(pattern))
            plan.search_dirs.push_back(normalised(dir));
    const fs::path rel_dir =
        fs::path(rel_file).parent_path().empty() ? fs::path(".") : fs::path(rel_file).parent_path();
    plan.rel_dir = normalised(rel_dir);
    // <release>/releases/<vsn>/<name>.rel and <release>/releases/<name>.rel: the release's lib/.
    plan.release_libs.push_back(normalised(rel_dir / ".." / ".." / "lib"));
    plan.release_libs.push_back(normalised(rel_dir / ".." / "lib"));
    // _build/<env>/rel/<name>/releases/<vsn>/<name>.rel: the project's _build/<env>/lib/.
    plan.release_libs.push_back(normalised(rel_dir / ".." / ".." / ".." / ".." / "lib"));
    return plan;
}

// Every place a release entry's .app may be, in the order they are tried, handed to `visit`
// until it returns false.
template <typename Visit>
void for_each_candidate(const ReleaseEntry& entry, const SearchPlan& plan,
                        detail::DirectoryCache& cache, Visit visit) {
    const std::string file = entry.name + ".app";
    const std::string versioned = entry.name + "-" + entry.vsn;
    const auto in_dir = [&](const std::string& dir) {
        if (!visit(dir + "/" + file)) return false;
        if (!visit(dir + "/" + versioned + "/ebin/" + file)) return false;
        if (!visit(dir + "/" + entry.name + "/ebin/" + file)) return false;
        // Other versions of the application (lib/<app>-<other vsn>/): found, so a mismatch is
        // reported as such rather than as "not found".
        for (const std::string& other : detail::versioned_dirs(cache, dir, entry.name))
            if (other != versioned && !visit(dir + "/" + other + "/ebin/" + file)) return false;
        return true;
    };
    for (const std::string& dir : plan.search_dirs)
        if (!in_dir(dir)) return;
    if (!visit(plan.rel_dir + "/" + file)) return;
    for (const std::string& dir : plan.release_libs)
        if (!in_dir(dir)) return;
}

// The candidates of one entry that exist, in the order they are tried (each once), and every
// place looked (for the message when none exists).
std::vector<std::string> existing_candidates(const ReleaseEntry& entry, const SearchPlan& plan,
                                             detail::DirectoryCache& cache,
                                             std::vector<std::string>* looked = nullptr) {
    std::vector<std::string> tried;
    std::vector<std::string> existing;
    for_each_candidate(entry, plan, cache, [&](std::string candidate) {
        if (std::find(tried.begin(), tried.end(), candidate) != tried.end()) return true;
        tried.push_back(candidate);
        if (cache.is_file(candidate)) existing.push_back(std::move(candidate));
        return true;
    });
    if (looked) *looked = std::move(tried);
    return existing;
}

// The first of them: the one that holds the entry's .app in any ordinary release, found without
// building the others.
std::string first_existing_candidate(const ReleaseEntry& entry, const SearchPlan& plan,
                                     detail::DirectoryCache& cache) {
    std::string first;
    for_each_candidate(entry, plan, cache, [&](std::string candidate) {
        if (!cache.is_file(candidate)) return true;
        first = std::move(candidate);
        return false;
    });
    return first;
}

// The applications given in PATHs, which release entries take (move) rather than copy: in the
// common case, a release directory, every application is both.
class GivenApps {
public:
    GivenApps(std::vector<Application>& apps, const Collector& collector)
        : apps_(apps), collector_(collector), taken_(apps.size(), -1) {}

    // The position of the given application `name`, or -1.
    std::ptrdiff_t position(const std::string& name) const { return collector_.index_of(name); }
    const Application& at(std::ptrdiff_t position) const {
        return apps_[static_cast<std::size_t>(position)];
    }

    // Appends the given application at `position` to `out`: moved the first time, copied from
    // where it went when a .rel lists it twice.
    void take(std::ptrdiff_t position, std::vector<Application>& out) {
        const auto i = static_cast<std::size_t>(position);
        if (taken_[i] >= 0) {
            Application copy = out[static_cast<std::size_t>(taken_[i])];
            out.push_back(std::move(copy));
            return;
        }
        taken_[i] = static_cast<std::ptrdiff_t>(out.size());
        out.push_back(std::move(apps_[i]));
    }

    bool taken(std::size_t i) const { return taken_[i] >= 0; }

private:
    std::vector<Application>& apps_;
    const Collector& collector_;
    std::vector<std::ptrdiff_t> taken_;  // index in the release's list, or -1
};

// Finds each release entry's .app: the first existing candidate whose vsn matches wins, else the
// first one found (validate_release then reports the mismatch). The first candidate of every
// entry is loaded up front, in parallel; it is the one that matches in any ordinary release.
void resolve_release_apps(const Release& rel, const LoadOptions& options, GivenApps& given_apps,
                          detail::DirectoryCache& cache, std::vector<Application>& release_apps,
                          Diagnostics& diagnostics) {
    const SearchPlan plan = plan_search(rel.source.file, options);
    std::vector<char> has_candidate(rel.entries.size(), 0);
    std::vector<std::string> first_candidates;
    // Per entry: the given application of its name (or -1), and whether it has the version.
    std::vector<std::ptrdiff_t> given(rel.entries.size());
    std::vector<char> given_matches(rel.entries.size(), 0);
    for (std::size_t i = 0; i < rel.entries.size(); ++i) {
        const ReleaseEntry& entry = rel.entries[i];
        given[i] = given_apps.position(entry.name);
        given_matches[i] = given[i] >= 0 && given_apps.at(given[i]).vsn == entry.vsn;
        if (given_matches[i]) continue;
        std::string first = first_existing_candidate(entry, plan, cache);
        has_candidate[i] = !first.empty();
        if (has_candidate[i]) first_candidates.push_back(std::move(first));
    }
    detail::LoadedApps preloaded = detail::load_app_files(first_candidates, options.threads);

    std::vector<std::string> missing;
    std::size_t next_preloaded = 0;
    for (std::size_t i = 0; i < rel.entries.size(); ++i) {
        const ReleaseEntry& entry = rel.entries[i];
        if (given_matches[i]) {
            given_apps.take(given[i], release_apps);
            continue;
        }
        std::optional<Application> first_found;
        std::optional<Diagnostic> first_error;
        bool matched = false;
        const auto consider = [&](detail::LoadedApps& from, std::size_t k) {
            if (from.errors[k]) {
                if (!first_error) first_error = std::move(*from.errors[k]);
            } else if (from.apps[k].vsn == entry.vsn) {
                release_apps.push_back(std::move(from.apps[k]));
                matched = true;
            } else if (!first_found) {
                first_found = std::move(from.apps[k]);
            }
        };
        if (has_candidate[i]) {
            consider(preloaded, next_preloaded++);
            // The other candidates are listed only when the first is not the version asked for.
            if (!matched) {
                std::vector<std::string> existing = existing_candidates(entry, plan, cache);
                for (std::size_t j = 1; j < existing.size() && !matched; ++j) {
                    detail::LoadedApps more = detail::load_app_files({existing[j]}, 1);
                    consider(more, 0);
                }
            }
        }
        if (matched) continue;
        if (given[i] >= 0) {
            // A given .app of another version: validate_release reports it.
            given_apps.take(given[i], release_apps);
        } else if (first_found) {
            release_apps.push_back(std::move(*first_found));
        } else if (first_error) {
            diagnostics.report(std::move(*first_error));
        } else {
            missing.push_back(entry.name);
        }
    }
    if (!missing.empty()) {
        std::vector<std::string> looked;
        for (const ReleaseEntry& entry : rel.entries)
            if (entry.name == missing.front()) existing_candidates(entry, plan, cache, &looked);
        std::string message = "no .app file found for ";
        for (std::size_t i = 0; i < missing.size(); ++i)
            message += (i ? ", '" : "'") + missing[i] + "'";
        message += "; for '" + missing.front() + "' looked in: ";
        message += join(looked);
        message += " (add a --path directory that holds it)";
        diagnostics.error(DiagnosticKind::app_not_found, rel.source, message, {}, missing);
    }
}

// Reads and parses one file with `parse`, reporting what fails; nullopt then.
template <typename Parse>
auto parse_file(const std::string& path, Diagnostics& diagnostics, Parse parse)
    -> std::optional<decltype(parse(std::string()))> {
    try {
        return parse(appgraph::read_text_file(path));
    } catch (const DiagnosticError& e) {
        diagnostics.report(e.diagnostic());
        return std::nullopt;
    }
}

// A manifest's text whose file name says nothing of its kind (standard input, a pipe): a JSON
// object is a manifest, an Erlang term `{application, ...}` a .app, `{release, ...}` a .rel.
void load_text(const std::string& name, const std::string& text, Collector& collector,
               Diagnostics& diagnostics) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t second =
        first == std::string::npos ? first : text.find_first_not_of(" \t\r\n", first + 1);
    if (first != std::string::npos && text[first] == '{' &&
        (second == std::string::npos || text[second] == '"' || text[second] == '}')) {
        Manifest manifest = parse_json_manifest(text, name, diagnostics);
        for (Application& app : manifest.applications) collector.add(std::move(app));
        if (manifest.release) collector.set_release(std::move(*manifest.release));
        return;
    }
    try {
        std::optional<Term> term = parse_first_term(text, name);
        if (term && term->kind == Term::Kind::tuple && !term->items.empty() &&
            term->items[0].is_atom("release"))
            collector.set_release(parse_rel_file(text, name));
        else
            collector.add(parse_app_file(text, name));
    } catch (const DiagnosticError& e) {
        diagnostics.report(e.diagnostic());
    }
}

void load_path(const std::string& path, const LoadOptions& options, Collector& collector,
               detail::DirectoryCache& cache, Diagnostics& diagnostics) {
    for (const GivenText& given : options.given_texts)
        if (given.path == path) return load_text(given.name, given.text, collector, diagnostics);
    const SourceLocation here{path, 0, 0, {}};
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        Found found;
        try {
            detail::DirectoryChoice choice = detail::choose_in_directory(path, options, cache);
            if (choice.layout_known) {
                collector.set_env(choice.env);
                if (!choice.rel_file.empty()) found.rel_files.push_back(choice.rel_file);
                found.app_files = std::move(choice.app_files);
            } else {
                found = detail::scan_directory(path, cache);
            }
        } catch (const DiagnosticError& e) {
            return diagnostics.report(e.diagnostic());
        }
        if (found.app_files.empty() && found.rel_files.empty())
            return diagnostics.error(
                DiagnosticKind::unsupported_input, here,
                "no .app or .rel files found in this directory (looked for "
                "_build/<env>/lib/<app>/ebin, "
                "lib/<app>-<vsn>/ebin, releases/<vsn>/<name>.rel, ebin/, */ebin/ and *.app)");
        if (found.rel_files.size() > 1) {
            const std::string list = join(found.rel_files);
            return diagnostics.error(
                DiagnosticKind::bad_rel, here,
                "several releases in this directory: " + list + "; give the .rel file to use");
        }
        // With threads, a large release's .rel is read while its .app files load (the machine's
        // cores are shared between both); an error in an .app file is still reported first.
        std::future<Release> release;
        if (!found.rel_files.empty()) {
            const std::string& rel = found.rel_files.front();
            const auto read_release = [rel] {
                return parse_rel_file(appgraph::read_text_file(rel), rel);
            };  // its error, if any, is reported when the result is taken
            release = std::async(options.threads != 1 && found.app_files.size() >= kReleaseReadAside
                                     ? std::launch::async
                                     : std::launch::deferred,
                                 read_release);
        }
        detail::LoadedApps loaded = detail::load_app_files(found.app_files, options.threads);
        bool loaded_all = true;
        for (const std::unique_ptr<Diagnostic>& error : loaded.errors) {
            if (!error) continue;
            diagnostics.report(*error);
            loaded_all = false;
        }
        // A file that failed left an empty Application in its slot.
        if (!loaded_all)
            std::erase_if(loaded.apps, [](const Application& app) { return app.name.empty(); });
        collector.add_all(std::move(loaded.apps));
        if (release.valid()) {
            try {
                collector.set_release(release.get());
            } catch (const DiagnosticError& e) {
                diagnostics.report(e.diagnostic());
            }
        }
        return;
    }
    const std::string ext = fs::path(path).extension().string();
    if (ext == ".app") {
        try {
            collector.add(detail::load_app_file(path));
        } catch (const DiagnosticError& e) {
            diagnostics.report(e.diagnostic());
        }
    } else if (ext == ".rel") {
        auto rel = parse_file(path, diagnostics,
                              [&](const std::string& text) { return parse_rel_file(text, path); });
        if (rel) collector.set_release(std::move(*rel));
    } else if (ext == ".boot" || ext == ".script") {
        std::optional<BootScript> script;
        try {
            const std::string bytes = appgraph::read_text_file(path);
            script = ext == ".boot" ? parse_boot_file(bytes, path) : parse_script_file(bytes, path);
        } catch (const DiagnosticError& e) {
            return diagnostics.report(e.diagnostic());
        }
        ScriptRelease release = script_release(*script);
        collector.add_all(std::move(release.applications));
        collector.set_release(std::move(release.release));
        collector.set_script(std::move(*script));
    } else if (ext == ".json") {
        std::string text;
        try {
            text = appgraph::read_text_file(path);
        } catch (const DiagnosticError& e) {
            return diagnostics.report(e.diagnostic());
        }
        Manifest manifest = parse_json_manifest(text, path, diagnostics);
        for (Application& app : manifest.applications) collector.add(std::move(app));
        if (manifest.release) collector.set_release(std::move(*manifest.release));
    } else if (!fs::exists(path, ec)) {
        diagnostics.error(DiagnosticKind::io_error, here, "cannot read: no such file or directory");
    } else if (!fs::is_regular_file(path, ec)) {
        try {
            load_text(path, appgraph::read_text_file(path), collector, diagnostics);
        } catch (const DiagnosticError& e) {
            diagnostics.report(e.diagnostic());
        }
    } else {
        diagnostics.error(DiagnosticKind::unsupported_input, here,
                          "not a .app, .rel, .json, .boot or .script file, nor a directory");
    }
}

}  // namespace

Inputs load_inputs(const std::vector<std::string>& paths, const LoadOptions& options,
                   Diagnostics& diagnostics) {
    Inputs inputs;
    Collector collector(inputs, diagnostics);
    detail::DirectoryCache cache;
    for (const std::string& path : paths) load_path(path, options, collector, cache, diagnostics);
    if (!inputs.release) return inputs;
    detail::check_mandatory_apps(*inputs.release, diagnostics);
    std::vector<Application> release_apps;
    release_apps.reserve(inputs.release->entries.size());
    GivenApps given(inputs.applications, collector);
    resolve_release_apps(*inputs.release, options, given, cache, release_apps, diagnostics);
    // The release's applications first, in .rel order, then the other applications given.
    Inputs ordered;
    ordered.release = std::move(inputs.release);
    ordered.env = std::move(inputs.env);
    ordered.boot_script = std::move(inputs.boot_script);
    Collector result(ordered, diagnostics);
    result.add_all(std::move(release_apps));
    result.reserve_more(inputs.applications.size());
    for (std::size_t i = 0; i < inputs.applications.size(); ++i)
        if (!given.taken(i)) result.add(std::move(inputs.applications[i]));
    return ordered;
}

}  // namespace appgraph
