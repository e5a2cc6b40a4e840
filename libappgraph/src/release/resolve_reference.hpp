#pragma once
// The reference resolver: resolve_boot's computation done the way systools writes it, with plain
// lists (quadratic). resolve_boot uses it for releases that list an app twice; the release unit
// tests check the fast path against it. Private to libappgraph.

#include <vector>

#include "libappgraph/model.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph {

Resolution resolve_boot_reference(const Release& release, const std::vector<Application>& apps);

}  // namespace appgraph
