#pragma once
// The one place the tools print problems, on standard error, in one format for every tool and
// every library:
//   TOOL: error: FILE:LINE:COL: message
//     the source line
//           ^
// (a warning alike with "warning"; the location is whatever names the place: FILE:LINE:COL,
// FILE: json.path, FILE: byte offset, or nothing). The lines under the message (a snippet, the
// steps of a cycle) are indented by two spaces. Bytes that are not text are written \xNN, so a
// binary input quoted in a message never reaches the terminal raw. At most kMaxReports messages
// are printed; the rest are counted and finish() says how many (a huge wrong input must not
// print one line per byte).

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace toolcommon {

enum class Severity { error, warning };

class Reporter {
public:
    static constexpr std::size_t kMaxReports = 50;

    explicit Reporter(std::string tool, std::FILE* stream = stderr)
        : tool_(std::move(tool)), stream_(stream) {}

    // "TOOL: SEVERITY: LOCATION: message" (without "LOCATION: " when it is empty), then every
    // line of `details`, indented.
    void report(Severity severity, std::string_view location, std::string_view message,
                std::string_view details = {}) const;
    void error(std::string_view message) const { report(Severity::error, {}, message); }
    void warning(std::string_view message) const { report(Severity::warning, {}, message); }
    // A line of context printed under the last message (dropped with it past the limit).
    void note(std::string_view text) const;
    // "TOOL: note: N more errors and warnings not shown", when some were dropped.
    void finish() const;

    const std::string& tool() const { return tool_; }

private:
    void print(std::string_view text) const;

    std::string tool_;
    std::FILE* stream_;
    mutable std::size_t reports_ = 0;
};

}  // namespace toolcommon
