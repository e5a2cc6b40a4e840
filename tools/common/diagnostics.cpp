#include "common/diagnostics.hpp"

#include <cstdio>

namespace toolcommon {

namespace {
void emit(const std::string& tool, const char* kind, std::string_view message) {
    std::fprintf(stderr, "%s: %s: %.*s\n", tool.c_str(), kind, static_cast<int>(message.size()),
                 message.data());
}
}  // namespace

void Diagnostics::error(std::string_view message) const {
    emit(tool_, "error", message);
}

void Diagnostics::warning(std::string_view message) const {
    emit(tool_, "warning", message);
}

void Diagnostics::note(std::string_view text) const {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(text.size()), text.data());
}

}  // namespace toolcommon
