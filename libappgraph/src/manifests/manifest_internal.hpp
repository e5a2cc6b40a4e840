#pragma once
// Pieces of the manifest loaders shared between their source files. Private header.

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"

namespace appgraph::detail {

// kernel and stdlib present and permanent ("missing_mandatory_app", "mandatory_app").
void check_mandatory_apps(const Release& rel, Diagnostics& diagnostics);

}  // namespace appgraph::detail
