// Problems on standard error: one line "TOOL: SEVERITY: LOCATION: message", its detail lines
// indented under it, bytes that are not text escaped, and a bound on how many are printed.

#include "common/reporter.hpp"

#include "common/utf8.hpp"

namespace toolcommon {

void Reporter::print(std::string_view text) const {
    std::fwrite(text.data(), 1, text.size(), stream_);
}

void Reporter::report(Severity severity, std::string_view location, std::string_view message,
                      std::string_view details) const {
    if (++reports_ > kMaxReports) return;
    std::string out = tool_;
    out += severity == Severity::error ? ": error: " : ": warning: ";
    if (!location.empty()) out.append(printable(location, "")).append(": ");
    out.append(printable(message, "\t")) += '\n';
    while (!details.empty()) {
        const std::size_t end = details.find('\n');
        out.append("  ").append(printable(details.substr(0, end), "\t")) += '\n';
        details.remove_prefix(end == std::string_view::npos ? details.size() : end + 1);
    }
    print(out);
}

void Reporter::note(std::string_view text) const {
    if (reports_ > kMaxReports) return;
    print(printable(text, "\t") + '\n');
}

void Reporter::finish() const {
    if (reports_ <= kMaxReports) return;
    print(tool_ + ": note: " + std::to_string(reports_ - kMaxReports) +
          " more errors and warnings not shown\n");
}

}  // namespace toolcommon
