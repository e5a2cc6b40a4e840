// Directory search for manifests. Projects and releases keep .app files in a few fixed places:
// mix and rebar3 build into _build/<env>/lib/<app>/ebin/<app>.app, a release (mix release, relx;
// inside a project at _build/<env>/rel/<name>/) holds lib/<app>-<vsn>/ebin/<app>.app and
// releases/<vsn>/<name>.rel (mix names it start.rel;
// start_clean.rel and no_dot_erlang.rel beside it are not the release), an OTP lib directory
// holds <app>-<vsn>/ebin/.
// The search looks in each of those places in a fixed order, sorted by name inside each, so the
// result (and which duplicate wins) never depends on the file system's listing order. Every
// directory is listed once (DirectoryCache) and existence checks are look-ups in those listings,
// so finding the .app files of a release is linear in its size. Reading a
// file and loading one .app file (with systools' check that it is named after its application)
// are here too, for load_inputs and list_application_names.

#include "directory_layout.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "libappgraph/manifest.hpp"
#include "libappgraph/read_file.hpp"
#include "version_order.hpp"

namespace appgraph::detail {

namespace fs = std::filesystem;

namespace {

// "a/b/c" -> {"a/b", "c"}; "c" -> {"", "c"} (the working directory).
std::pair<std::string, std::string> split_last(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return {"", path};
    return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

// "dir/name.app" -> "name": the file name without its last extension, as path::stem().
std::string_view file_stem(std::string_view path) {
    const auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

bool contains(const std::vector<std::string>& sorted, const std::string& name) {
    return std::binary_search(sorted.begin(), sorted.end(), name);
}

}  // namespace

// One readdir() pass per directory, names only: a release of 100,000 applications is a directory
// of 100,000 entries, so neither building a path object per entry nor listing it twice is cheap.
const DirectoryListing* DirectoryCache::find(const std::string& dir_text) {
    std::string dir = dir_text;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    auto found = listings_.find(dir);
    if (found != listings_.end()) return &found->second;
    // A directory its parent's listing does not show is neither opened nor remembered: the search
    // for a release's .app files asks about many directories that do not exist.
    auto [parent, name] = split_last(dir);
    if (!(parent.empty() || parent == dir || name.empty() || name == "." || name == "..")) {
        const DirectoryListing* up = find(parent);
        if (up == nullptr || !contains(up->dirs, name)) return nullptr;
    }
    DirectoryListing listing;
    if (DIR* handle = ::opendir(dir.empty() ? "." : dir.c_str())) {
        while (const dirent* entry = ::readdir(handle)) {
            std::string entry_name = entry->d_name;
            if (entry_name == "." || entry_name == "..") continue;
            bool is_dir = entry->d_type == DT_DIR;
            if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
                struct stat st {};
                if (::stat((dir + "/" + entry_name).c_str(), &st) != 0) continue;
                is_dir = S_ISDIR(st.st_mode);
                if (!is_dir && !S_ISREG(st.st_mode)) continue;
            } else if (!is_dir && entry->d_type != DT_REG) {
                continue;
            }
            (is_dir ? listing.dirs : listing.files).push_back(std::move(entry_name));
        }
        ::closedir(handle);
        std::sort(listing.dirs.begin(), listing.dirs.end());
        std::sort(listing.files.begin(), listing.files.end());
    }
    return &listings_.emplace(std::move(dir), std::move(listing)).first->second;
}

const DirectoryListing& DirectoryCache::list(const std::string& dir) {
    static const DirectoryListing kNothing;
    const DirectoryListing* listing = find(dir);
    return listing ? *listing : kNothing;
}

bool DirectoryCache::is_file(const std::string& path) {
    auto [dir, name] = split_last(path);
    return contains(list(dir).files, name);
}

bool DirectoryCache::is_dir(const std::string& path) {
    auto [dir, name] = split_last(path);
    return contains(list(dir).dirs, name);
}

namespace {

std::string join(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

bool has_extension(const std::string& name, std::string_view ext) {
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
}

void add_files(DirectoryCache& cache, const std::string& dir, std::string_view ext,
               std::vector<std::string>& out) {
    for (const std::string& name : cache.list(dir).files)
        if (has_extension(name, ext)) out.push_back(join(dir, name));
}

void add_ebin_apps(DirectoryCache& cache, const std::string& app_dir,
                   std::vector<std::string>& out) {
    if (cache.is_dir(join(app_dir, "ebin"))) add_files(cache, join(app_dir, "ebin"), ".app", out);
}

bool is_not_the_release(const std::string& name) {
    return name == "start_clean.rel" || name == "no_dot_erlang.rel";
}

// releases/<vsn>/<name>.rel; with several versions, the one releases/start_erl.data names.
std::vector<std::string> release_files(DirectoryCache& cache, const std::string& releases) {
    std::vector<std::string> out;
    std::string current;
    std::ifstream start_erl(join(releases, "start_erl.data"));
    if (start_erl) {
        std::string erts;
        start_erl >> erts >> current;
    }
    for (const std::string& vsn : cache.list(releases).dirs) {
        if (!current.empty() && vsn != current) continue;
        const std::string vsn_dir = join(releases, vsn);
        std::vector<std::string> here;
        for (const std::string& name : cache.list(vsn_dir).files)
            if (has_extension(name, ".rel") && !is_not_the_release(name)) here.push_back(name);
        // mix writes the release as start.rel; a <name>.rel beside it (relx) is the same release.
        if (here.size() > 1)
            here.erase(std::remove(here.begin(), here.end(), "start.rel"), here.end());
        for (const std::string& name : here) out.push_back(join(vsn_dir, name));
    }
    return out;
}

// The directories of a lib/ directory (<app>-<vsn>, or <app>), each application's versions
// highest first by OTP's version order: the first one found is the one loaded, and the code
// server takes the highest version in a lib directory, not the first by name.
std::vector<std::string> highest_version_first(std::vector<std::string> dirs) {
    const auto name_of = [](const std::string& dir) {
        const auto dash = dir.rfind('-');
        return dash == std::string::npos ? std::string_view(dir)
                                         : std::string_view(dir).substr(0, dash);
    };
    const auto vsn_of = [](const std::string& dir) {
        const auto dash = dir.rfind('-');
        return dash == std::string::npos ? std::string_view()
                                         : std::string_view(dir).substr(dash + 1);
    };
    std::stable_sort(dirs.begin(), dirs.end(), [&](const std::string& a, const std::string& b) {
        const std::string_view name_a = name_of(a), name_b = name_of(b);
        if (name_a != name_b) return name_a < name_b;
        return newer_version(vsn_of(a), vsn_of(b));
    });
    return dirs;
}

}  // namespace

Found scan_directory(const std::string& dir, DirectoryCache& cache) {
    Found found;
    const std::string build = join(dir, "_build");
    for (const std::string& env : cache.list(build).dirs)
        for (const std::string& app : cache.list(join(join(build, env), "lib")).dirs)
            add_ebin_apps(cache, join(join(join(build, env), "lib"), app), found.app_files);
    // `mix release` (and `mix firmware`) inside the project: _build/<env>/rel/<name>/ is a release.
    for (const std::string& env : cache.list(build).dirs) {
        const std::string rels = join(join(build, env), "rel");
        for (const std::string& name : cache.list(rels).dirs) {
            const std::string release = join(rels, name);
            for (const std::string& app : cache.list(join(release, "lib")).dirs)
                add_ebin_apps(cache, join(join(release, "lib"), app), found.app_files);
            for (std::string& rel : release_files(cache, join(release, "releases")))
                found.rel_files.push_back(std::move(rel));
        }
    }
    for (const std::string& app : highest_version_first(cache.list(join(dir, "lib")).dirs))
        add_ebin_apps(cache, join(join(dir, "lib"), app), found.app_files);
    add_ebin_apps(cache, dir, found.app_files);
    for (const std::string& app : cache.list(dir).dirs)
        if (app != "lib" && app != "_build") add_ebin_apps(cache, join(dir, app), found.app_files);
    add_files(cache, dir, ".app", found.app_files);
    for (std::string& rel : release_files(cache, join(dir, "releases")))
        found.rel_files.push_back(std::move(rel));
    for (const std::string& name : cache.list(dir).files)
        if (has_extension(name, ".rel") && !is_not_the_release(name))
            found.rel_files.push_back(join(dir, name));
    return found;
}

void read_text_file_into(const std::string& path, std::string& text) {
    // open/read/close rather than a stream: three system calls for a small file, and the
    // system's own reason (errno) when the file cannot be read.
    const auto fail = [&](int error) {
        std::string reason = std::strerror(error);
        if (!reason.empty())
            reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        return DiagnosticError(DiagnosticKind::io_error, SourceLocation{path, 0, 0, {}},
                               "cannot read: " + reason);
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw fail(errno);
    text.clear();
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            throw fail(error);
        }
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
}

Application load_app_file(const std::string& path) {
    thread_local std::string text;
    read_text_file_into(path, text);
    Application app = parse_app_file(text, path);
    const std::string_view stem = file_stem(path);
    if (app.name != stem)
        throw DiagnosticError(DiagnosticKind::bad_app, app.source,
                              "the file defines application '" + app.name + "' but is named " +
                                  fs::path(path).filename().string() +
                                  " (systools: bad_application_name)",
                              {}, {app.name, std::string(stem)});
    return app;
}

std::vector<std::string> versioned_dirs(DirectoryCache& cache, const std::string& dir,
                                        const std::string& name) {
    std::vector<std::string> out;
    const std::string prefix = name + "-";
    const auto& dirs = cache.list(dir).dirs;
    // The listing is sorted: every `<name>-...` sits in one run starting at lower_bound(prefix).
    for (auto it = std::lower_bound(dirs.begin(), dirs.end(), prefix);
         it != dirs.end() && it->compare(0, prefix.size(), prefix) == 0; ++it) {
        if (it->size() > prefix.size()) out.push_back(*it);
    }
    return out;
}

}  // namespace appgraph::detail

namespace appgraph {

std::string read_text_file(const std::string& path) {
    std::string text;
    detail::read_text_file_into(path, text);
    return text;
}

}  // namespace appgraph
