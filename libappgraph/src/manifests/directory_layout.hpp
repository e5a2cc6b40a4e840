#pragma once
// Where manifests live in the directories of real projects and releases. Private header.

#include <string>
#include <unordered_map>
#include <vector>

#include "libappgraph/model.hpp"

namespace appgraph::detail {

// The regular files and subdirectories of one directory, each sorted by name.
struct DirectoryListing {
    std::vector<std::string> files;
    std::vector<std::string> dirs;
};

// Lists each directory at most once; a directory that cannot be read lists as empty.
class DirectoryCache {
public:
    const DirectoryListing& list(const std::string& dir);
    bool is_file(const std::string& path);  // through the parent's listing: no stat per path
    bool is_dir(const std::string& path);

private:
    const DirectoryListing* find(const std::string& dir);  // nullptr: no such directory

    std::unordered_map<std::string, DirectoryListing> listings_;
};

struct Found {
    std::vector<std::string> app_files;  // in the order they should be loaded (first wins)
    std::vector<std::string> rel_files;
};

// Searches `dir` as a project root (_build/<env>/lib/<app>/ebin/), a release
// (lib/<app>-<vsn>/ebin/, releases/<vsn>/<name>.rel), an application (ebin/), a lib directory
// (<app>/ebin/) or a plain directory (*.app, *.rel). Unreadable entries are skipped.
Found scan_directory(const std::string& dir, DirectoryCache& cache);

// The subdirectories of `dir` named `<name>-<something>`, sorted.
std::vector<std::string> versioned_dirs(DirectoryCache& cache, const std::string& dir,
                                        const std::string& name);

// appgraph::read_text_file into `text`, whose capacity is reused (one buffer per thread for many
// small files).
void read_text_file_into(const std::string& path, std::string& text);
Application load_app_file(const std::string& path);  // parse_app_file + the file name check

}  // namespace appgraph::detail
