// The checked, buffered standard output.

#include "common/output.hpp"

#include <unistd.h>

#include <cstdarg>
#include <cstdio>

#include "common/utf8.hpp"

namespace toolcommon {

Output::Output(int fd) : fd_(fd), terminal_(::isatty(fd) == 1) {}

void Output::flush() {
    if (buffer_.empty()) return;
    if (error_ != 0) {  // already failed: what follows is dropped, not half written
        buffer_.clear();
        return;
    }
    const std::string shown = terminal_ ? printable(buffer_, "\n\t") : std::string();
    std::string_view rest = terminal_ ? std::string_view(shown) : std::string_view(buffer_);
    while (!rest.empty()) {
        const ssize_t n = ::write(fd_, rest.data(), rest.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            break;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    buffer_.clear();
}

std::string format(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    va_list again;
    va_copy(again, args);
    const int size = std::vsnprintf(nullptr, 0, fmt, args);
    va_end(args);
    std::string out(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
    if (size > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
    va_end(again);
    return out;
}

}  // namespace toolcommon
