#include "libappgraph/version.hpp"

namespace appgraph {

const char* library_version() {
    return FWTOOLS_VERSION;
}

}  // namespace appgraph
