#pragma once
// Where manifests live in the directories of real projects and releases. Private header.

#include <string>
#include <vector>

#include "libappgraph/model.hpp"

namespace appgraph::detail {

struct Found {
    std::vector<std::string> app_files;  // in the order they should be loaded (first wins)
    std::vector<std::string> rel_files;
};

// Searches `dir` as a project root (_build/<env>/lib/<app>/ebin/), a release
// (lib/<app>-<vsn>/ebin/, releases/<vsn>/<name>.rel), an application (ebin/), a lib directory
// (<app>/ebin/) or a plain directory (*.app, *.rel). Unreadable entries are skipped.
Found scan_directory(const std::string& dir);

// The subdirectories of `dir` named `<name>-<something>`, sorted.
std::vector<std::string> versioned_dirs(const std::string& dir, const std::string& name);

std::string read_text_file(const std::string& path);  // throws LoadError "io_error"
Application load_app_file(const std::string& path);   // parse_app_file + the file name check

}  // namespace appgraph::detail
