#pragma once
// The one place a tool prints problems: "TOOL: error: ..." and "TOOL: warning: ..." on stderr.

#include <string>
#include <string_view>

namespace toolcommon {

class Diagnostics {
public:
    explicit Diagnostics(std::string tool) : tool_(std::move(tool)) {}

    void error(std::string_view message) const;
    void warning(std::string_view message) const;
    // A line of context printed under an error (a source line, a caret), indented as is.
    void note(std::string_view text) const;

    const std::string& tool() const { return tool_; }

private:
    std::string tool_;
};

}  // namespace toolcommon
