#pragma once

namespace kv {

// The library's version, "MAJOR.MINOR.PATCH".
const char* library_version();

}  // namespace kv
