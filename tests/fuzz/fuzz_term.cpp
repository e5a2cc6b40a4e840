// Fuzz target of the term reader and the .app/.rel/JSON loaders built on it: any input must
// either load or fail with a DiagnosticError that carries a position inside the input; nothing else
// (crash, other exception, hang, sanitizer report) is acceptable. Built as a libFuzzer target
// when FWTOOLS_BUILD_FUZZERS is on (clang), and always as a replay of the saved corpus.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libappgraph/manifest.hpp"
#include "libappgraph/term.hpp"

namespace {

void check_position(const appgraph::DiagnosticError& error, std::string_view input,
                    bool term_reader) {
    const appgraph::Diagnostic& e = error.diagnostic();
    // A term reader error always points into the input (or just past its end) with a caret
    // snippet; other errors may lack a position (then they have no snippet either).
    if (e.where.line == 0 && !term_reader) {
        if (!e.snippet.empty()) std::abort();
        return;
    }
    if (e.kind != appgraph::DiagnosticKind::parse_error && e.where.line == 0) return;
    std::size_t lines = 1;
    for (char c : input) lines += c == '\n';
    if (e.where.line < 1 || static_cast<std::size_t>(e.where.line) > lines || e.where.column < 1 ||
        e.snippet.find('^') == std::string::npos)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        for (const appgraph::Term& t : appgraph::parse_terms(input, "fuzz.config")) {
            if (!(t == t)) std::abort();
            (void)t.to_string();
            (void)t.as_string();
        }
    } catch (const appgraph::DiagnosticError& e) {
        check_position(e, input, true);
    }
    try {
        (void)appgraph::parse_app_file(input, "fuzz.app");
    } catch (const appgraph::DiagnosticError& e) {
        check_position(e, input, false);
    }
    try {
        (void)appgraph::parse_rel_file(input, "fuzz.rel");
    } catch (const appgraph::DiagnosticError& e) {
        check_position(e, input, false);
    }
    try {
        (void)appgraph::parse_json_manifest(input, "fuzz.json");
    } catch (const appgraph::DiagnosticError& e) {
        check_position(e, input, false);
    }
    appgraph::Diagnostics all;
    (void)appgraph::parse_json_manifest(input, "fuzz.json", all);
    for (const appgraph::Diagnostic& d : all.all())
        check_position(appgraph::DiagnosticError(d), input, false);
    return 0;
}
