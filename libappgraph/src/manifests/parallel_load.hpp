#pragma once
// Loads many .app files at once. Private header.

#include <optional>
#include <string>
#include <vector>

#include "libappgraph/errors.hpp"
#include "libappgraph/model.hpp"

namespace appgraph::detail {

// The outcome of loading one .app file: the application, or the error loading it raised.
struct LoadedApp {
    std::optional<Application> app;
    std::optional<LoadError> error;
};

// load_app_file on every path, spread over the machine's cores. The result is index for index
// the same as loading the paths one after another; only the wall time differs.
std::vector<LoadedApp> load_app_files(const std::vector<std::string>& paths);

}  // namespace appgraph::detail
