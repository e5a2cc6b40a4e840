// The diagnostic value, its collector and the ninja-style rendering of a position:
// "file:line:column: message", then the offending source line and a caret under the column. Columns
// count characters (UTF-8 code points), and tabs of the source line are copied into the caret line,
// so the caret lines up in a terminal.

#include "libappgraph/diagnostic.hpp"

#include <algorithm>
#include <utility>

#include "utf8.hpp"

namespace appgraph {

std::string describe(const SourceLocation& where) {
    std::string out = where.file;
    if (where.line > 0) {
        out += ':' + std::to_string(where.line);
        if (where.column > 0) out += ':' + std::to_string(where.column);
    }
    if (!where.json_path.empty()) out += (out.empty() ? "" : ": ") + where.json_path;
    return out;
}

namespace {

std::string headline(const Diagnostic& diagnostic) {
    std::string where = describe(diagnostic.where);
    return (where.empty() ? "" : where + ": ") + diagnostic.message;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& diagnostic) {
    std::string out = headline(diagnostic);
    if (!diagnostic.snippet.empty()) out += '\n' + diagnostic.snippet;
    return out;
}

DiagnosticError::DiagnosticError(Diagnostic diagnostic)
    : std::runtime_error(headline(diagnostic)), diagnostic_(std::move(diagnostic)) {}

Diagnostic make_error(DiagnosticKind kind, SourceLocation where, std::string message,
                      std::string snippet, std::vector<std::string> involved) {
    Diagnostic d;
    d.kind = kind;
    d.where = std::move(where);
    d.message = std::move(message);
    d.snippet = std::move(snippet);
    d.involved = std::move(involved);
    return d;
}

DiagnosticError::DiagnosticError(DiagnosticKind kind, SourceLocation where, std::string message,
                                 std::string snippet, std::vector<std::string> involved)
    : DiagnosticError(make_error(kind, std::move(where), std::move(message), std::move(snippet),
                                 std::move(involved))) {}

void Diagnostics::report(Diagnostic diagnostic) {
    const bool error = diagnostic.severity == Severity::error;
    (error ? errors_ : warnings_) += 1;
    if (error && mode_ == Mode::stop_at_first) throw DiagnosticError(std::move(diagnostic));
    if (kept_.size() < limit_)
        kept_.push_back(std::move(diagnostic));
    else
        ++not_kept_;
}

void Diagnostics::warning(DiagnosticKind kind, SourceLocation where, std::string message,
                          std::vector<std::string> involved) {
    Diagnostic d = make_error(kind, std::move(where), std::move(message), {}, std::move(involved));
    d.severity = Severity::warning;
    report(std::move(d));
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
        while (i + len < source.size() && detail::is_utf8_continuation(source[i + len])) ++len;
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
