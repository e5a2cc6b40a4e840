// The library version, for tools and consumers that want to report which libkv they run.

#include "libkv/version.hpp"

namespace kv {

const char* library_version() {
    return FWTOOLS_VERSION;
}

}  // namespace kv
