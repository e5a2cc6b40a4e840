#pragma once
// Pieces of the manifest loaders shared between their source files. Private header.

#include "libappgraph/model.hpp"

namespace appgraph::detail {

// kernel and stdlib present and permanent ("missing_mandatory_app", "mandatory_app").
void check_mandatory_apps(const Release& rel);

}  // namespace appgraph::detail
