#pragma once

namespace appgraph {

// The library's version, "MAJOR.MINOR.PATCH".
const char* library_version();

}  // namespace appgraph
