// Directory search for manifests. Projects and releases keep .app files in a few fixed places:
// mix and rebar3 build into _build/<env>/lib/<app>/ebin/<app>.app, a release (mix release, relx)
// holds lib/<app>-<vsn>/ebin/<app>.app and releases/<vsn>/<name>.rel (mix names it start.rel;
// start_clean.rel and no_dot_erlang.rel beside it are not the release), an OTP lib directory
// holds <app>-<vsn>/ebin/.
// The search looks in each of those places in a fixed order, sorted by name inside each, so the
// result (and which duplicate wins) never depends on the file system's listing order. Reading a
// file and loading one .app file (with systools' check that it is named after its application)
// are here too, for load_inputs and list_application_names.

#include "directory_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "libappgraph/manifest.hpp"

namespace appgraph::detail {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> sorted_entries(const fs::path& dir, bool want_dirs,
                                     const std::string& ext = {}) {
    std::vector<fs::path> out;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return out;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        std::error_code type_ec;
        const bool is_dir = it->is_directory(type_ec);
        if (want_dirs ? is_dir : (!is_dir && it->path().extension() == ext))
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

void add_ebin_apps(const fs::path& app_dir, std::vector<std::string>& out) {
    for (const fs::path& p : sorted_entries(app_dir / "ebin", false, ".app"))
        out.push_back(p.string());
}

bool is_not_the_release(const fs::path& rel) {
    const std::string name = rel.filename().string();
    return name == "start_clean.rel" || name == "no_dot_erlang.rel";
}

// releases/<vsn>/<name>.rel; with several versions, the one releases/start_erl.data names.
std::vector<std::string> release_files(const fs::path& releases) {
    std::vector<std::string> out;
    std::string current;
    std::ifstream start_erl(releases / "start_erl.data");
    if (start_erl) {
        std::string erts;
        start_erl >> erts >> current;
    }
    for (const fs::path& vsn_dir : sorted_entries(releases, true)) {
        if (!current.empty() && vsn_dir.filename() != current) continue;
        std::vector<std::string> here;
        for (const fs::path& rel : sorted_entries(vsn_dir, false, ".rel"))
            if (!is_not_the_release(rel)) here.push_back(rel.string());
        // mix writes the release as start.rel; a <name>.rel beside it (relx) is the same release.
        if (here.size() > 1)
            here.erase(std::remove_if(here.begin(), here.end(),
                                      [](const std::string& r) {
                                          return fs::path(r).filename() == "start.rel";
                                      }),
                       here.end());
        out.insert(out.end(), here.begin(), here.end());
    }
    return out;
}

}  // namespace

Found scan_directory(const std::string& dir_text) {
    const fs::path dir(dir_text);
    Found found;
    for (const fs::path& env : sorted_entries(dir / "_build", true))
        for (const fs::path& app : sorted_entries(env / "lib", true))
            add_ebin_apps(app, found.app_files);
    for (const fs::path& app : sorted_entries(dir / "lib", true))
        add_ebin_apps(app, found.app_files);
    add_ebin_apps(dir, found.app_files);
    for (const fs::path& app : sorted_entries(dir, true))
        if (app.filename() != "lib" && app.filename() != "_build")
            add_ebin_apps(app, found.app_files);
    for (const fs::path& p : sorted_entries(dir, false, ".app"))
        found.app_files.push_back(p.string());
    found.rel_files = release_files(dir / "releases");
    for (const fs::path& p : sorted_entries(dir, false, ".rel"))
        if (!is_not_the_release(p)) found.rel_files.push_back(p.string());
    return found;
}

std::string read_text_file(const std::string& path) {
    // C stdio, for the system's own reason (errno) when the file cannot be read.
    const auto fail = [&](int error) {
        std::string reason = std::strerror(error);
        if (!reason.empty())
            reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        return LoadError("io_error", "cannot read: " + reason, SourceLocation{path, 0, 0});
    };
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) throw fail(errno);
    std::string text;
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    const int error = std::ferror(file) ? errno : 0;
    std::fclose(file);
    if (error) throw fail(error);
    return text;
}

Application load_app_file(const std::string& path) {
    Application app = parse_app_file(read_text_file(path), path);
    const std::string stem = fs::path(path).stem().string();
    if (app.name != stem)
        throw LoadError("bad_app",
                        "the file defines application '" + app.name + "' but is named " +
                            fs::path(path).filename().string() +
                            " (systools: bad_application_name)",
                        app.source, {}, {app.name, stem});
    return app;
}

std::vector<std::string> versioned_dirs(const std::string& dir, const std::string& name) {
    std::vector<std::string> out;
    const std::string prefix = name + "-";
    for (const fs::path& p : sorted_entries(dir, true)) {
        const std::string base = p.filename().string();
        if (base.size() > prefix.size() && base.compare(0, prefix.size(), prefix) == 0)
            out.push_back(base);
    }
    return out;
}

}  // namespace appgraph::detail
