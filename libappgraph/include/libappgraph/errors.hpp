#pragma once
// The one error type of the manifest layer. Every loader and validator reports a problem as a
// LoadError: an OTP-like error name (`kind`), the position of the offending text when there is one,
// a two-line snippet (the source line and a caret under the column) and the applications involved.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/model.hpp"

namespace appgraph {

// Kinds used by the manifest layer (systools' names where systools has one):
//   "parse_error"            the text is not a term file:consult accepts (ParseError)
//   "io_error"               a file or directory could not be read (names the system's reason)
//   "bad_app"                not `{application, Name, [Opt]}`, or the name differs from the file
//   "missing_param"          a .app lacks a key systools requires (description, vsn, modules, ...)
//   "bad_param"              a .app key has the wrong type (id, included_applications, mod, ...)
//   "bad_rel"                not `{release, {Name, Vsn}, {erts, EVsn}, [Entry]}`, or a bad entry
//   "bad_manifest"           a JSON manifest that does not follow the documented format
//   "missing_mandatory_app"  kernel or stdlib missing from the .rel
//   "mandatory_app"          kernel or stdlib present with a type other than permanent
//   "vsn_mismatch"           the .rel names a version that differs from the .app's vsn
//   "override_include"       .rel IncApps not a subset of the .app's included_applications
//   "app_not_found"          a .rel entry whose .app file was not found anywhere searched
struct LoadError : std::runtime_error {
    LoadError(std::string kind, std::string message, SourceLocation where = {},
              std::string snippet = {}, std::vector<std::string> apps = {});

    std::string kind;               // OTP-like error name, see above
    std::string message;            // the problem alone, without the location prefix
    SourceLocation where;           // file, line, column of the offending text (0 when unknown)
    std::string snippet;            // "source line\n    ^" or empty when there is no source text
    std::vector<std::string> apps;  // the applications involved, if any
    // what() is "file:line:column: message" (only the parts that are known, then the message).
};

// The term reader's error: kind "parse_error", always with a position and a snippet.
struct ParseError : LoadError {
    ParseError(std::string message, SourceLocation where, std::string snippet);
};

// "file:line:column: message" followed by the snippet lines, if any (ninja-style, no trailing
// newline).
std::string format_error(const LoadError& error);

// The source line of `text` that holds `line` (1-based), and a caret under `column` (1-based; tabs
// in the line are kept in the caret line so the caret lines up in a terminal).
std::string make_snippet(std::string_view text, int line, int column);

}  // namespace appgraph
