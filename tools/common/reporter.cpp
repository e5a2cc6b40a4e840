// Problems on standard error: one line "TOOL: SEVERITY: LOCATION: message", and its detail lines
// indented under it.

#include "common/reporter.hpp"

#include <cstdio>

namespace toolcommon {

void Reporter::report(Severity severity, std::string_view location, std::string_view message,
                      std::string_view details) const {
    std::string out = tool_;
    out += severity == Severity::error ? ": error: " : ": warning: ";
    if (!location.empty()) out.append(location).append(": ");
    out.append(message) += '\n';
    while (!details.empty()) {
        const std::size_t end = details.find('\n');
        out.append("  ").append(details.substr(0, end)) += '\n';
        details.remove_prefix(end == std::string_view::npos ? details.size() : end + 1);
    }
    std::fwrite(out.data(), 1, out.size(), stream_);
}

void Reporter::note(std::string_view text) const {
    std::fprintf(stream_, "%.*s\n", static_cast<int>(text.size()), text.data());
}

}  // namespace toolcommon
