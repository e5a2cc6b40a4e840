// LoadError and the ninja-style rendering of a position: "file:line:column: message", then the
// offending source line and a caret under the column. Columns count characters (UTF-8 code points),
// and tabs of the source line are copied into the caret line, so the caret lines up in a terminal.

#include "libappgraph/errors.hpp"

#include <algorithm>
#include <utility>

namespace appgraph {

namespace {

std::string location_prefix(const SourceLocation& where) {
    std::string out = where.file;
    if (where.line > 0) {
        out += ':' + std::to_string(where.line);
        if (where.column > 0) out += ':' + std::to_string(where.column);
    }
    if (!out.empty()) out += ": ";
    return out;
}

bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

LoadError::LoadError(std::string kind_, std::string message_, SourceLocation where_,
                     std::string snippet_, std::vector<std::string> apps_)
    : std::runtime_error(location_prefix(where_) + message_),
      kind(std::move(kind_)),
      message(std::move(message_)),
      where(std::move(where_)),
      snippet(std::move(snippet_)),
      apps(std::move(apps_)) {}

ParseError::ParseError(std::string message_, SourceLocation where_, std::string snippet_)
    : LoadError("parse_error", std::move(message_), std::move(where_), std::move(snippet_)) {}

std::string format_error(const LoadError& error) {
    std::string out = error.what();
    if (!error.snippet.empty()) out += '\n' + error.snippet;
    return out;
}

std::string make_snippet(std::string_view text, int line, int column) {
    if (line <= 0) return {};
    std::size_t start = 0;
    for (int l = 1; l < line; ++l) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view source = text.substr(start, end - start);
    if (!source.empty() && source.back() == '\r') source.remove_suffix(1);
    // Very long lines (minified input) are cut to a window around the column.
    constexpr int context = 100;
    const int first = column > context ? column - context : 1;
    const int last = column + context;
    std::string shown;
    std::string caret;
    int col = 1;
    for (std::size_t i = 0; i < source.size(); ++col) {
        std::size_t len = 1;
        while (i + len < source.size() && is_utf8_continuation(source[i + len])) ++len;
        if (col >= first && col <= last) {
            shown.append(source.substr(i, len));
            if (col < column) caret += source[i] == '\t' ? '\t' : ' ';
        }
        i += len;
    }
    if (col < column) caret.append(static_cast<std::size_t>(column - std::max(col, first)), ' ');
    return shown + '\n' + caret + '^';
}

}  // namespace appgraph
