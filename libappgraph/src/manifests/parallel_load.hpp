#pragma once
// Loads many .app files at once. Private header.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libappgraph/errors.hpp"
#include "libappgraph/model.hpp"

namespace appgraph::detail {

// The outcome of loading one .app file: the application, or the error loading it raised (held
// apart: errors are rare and a release holds tens of thousands of these).
struct LoadedApp {
    std::optional<Application> app;
    std::unique_ptr<LoadError> error;
};

// load_app_file on every path, spread over the machine's cores. The result is index for index
// the same as loading the paths one after another; only the wall time differs.
std::vector<LoadedApp> load_app_files(const std::vector<std::string>& paths);

}  // namespace appgraph::detail
