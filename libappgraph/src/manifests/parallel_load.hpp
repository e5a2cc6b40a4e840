#pragma once
// Loads many .app files at once. Private header.

#include <memory>
#include <string>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"

namespace appgraph::detail {

// The outcome of loading many .app files, index for index with their paths: each application,
// or where loading failed an empty Application and the error it raised (errors are rare; a
// release holds tens of thousands of applications, kept in one array that callers adopt).
struct LoadedApps {
    std::vector<Application> apps;
    std::vector<std::unique_ptr<Diagnostic>> errors;  // null where the file loaded
};

// load_app_file on every path: one after another when `threads` is 1, else spread over up to
// `threads` threads (0: the machine's cores). The result is index for index the same as loading
// the paths one after another; only the wall time differs.
LoadedApps load_app_files(const std::vector<std::string>& paths, unsigned threads);

}  // namespace appgraph::detail
