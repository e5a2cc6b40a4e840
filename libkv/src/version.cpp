#include "libkv/version.hpp"

namespace kv {

const char* library_version() { return FWTOOLS_VERSION; }

}  // namespace kv
