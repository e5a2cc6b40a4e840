#pragma once
// How every part of libappgraph (manifests, release, supervision) reports a problem: one value,
// Diagnostic (what kind, where, what, the source line with a caret, what it involves), gathered
// by one collector, Diagnostics, whose owner chooses to collect every problem or to stop at the
// first (then the first error is thrown as a DiagnosticError). The library never prints: the tools
// render diagnostics as `TOOL: error: FILE:LINE:COL: message` with the snippet under it.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/enum_names.hpp"
#include "libappgraph/model.hpp"

namespace appgraph {

// What went wrong. The printed names are the error atoms of systools and OTP where they have one
// (tests, scripts and JSON output use them); the others are named in the same style.
enum class DiagnosticKind {
    // Reading and checking manifests (.app, .rel, JSON manifests, directories).
    parse_error,            // a text that does not parse: Erlang terms, JSON syntax
    io_error,               // a file or directory could not be read (names the system's reason)
    unsupported_input,      // a path that is no input appgraph reads (no manifest in a directory)
    bad_app,                // not `{application, Name, [Opt]}`, or the name differs from the file
    missing_param,          // a .app lacks a key systools requires (description, vsn, ...)
    bad_param,              // a .app key has the wrong type (id, included_applications, mod, ...)
    bad_rel,                // not `{release, {Name, Vsn}, {erts, EVsn}, [Entry]}`, or a bad entry
    bad_manifest,           // a JSON manifest that does not follow the documented format
    missing_mandatory_app,  // kernel or stdlib missing from the .rel
    mandatory_app,          // kernel or stdlib present with a type other than permanent
    vsn_mismatch,           // the .rel names a version that differs from the .app's vsn
    app_not_found,          // a .rel entry whose .app file was not found anywhere searched
    unknown_root,           // a root application (--root) that is not among the inputs
    shadowed_app,           // warning: a second application of a name already found is ignored
    bad_term,               // bytes that are not Erlang's external term format (a .boot file)
    bad_script,             // not a boot script `{script, {Name, Vsn}, [Instruction]}` init runs
    ambiguous_release,      // a directory holding several releases (or environments) and nothing
                            // choosing one: the message lists them with the options that pick each
    unknown_release,        // --env or --release names no release of the directory (lists them)
    // Resolving the start order (systools_make's errors).
    override_include,        // .rel IncApps not a subset of the .app's included_applications
    not_found,               // an application the resolver was given no .app for
    undefined_applications,  // used or included but not in the release
    circular_dependencies,   // a dependency cycle (`cycle` holds one, explained)
    duplicate_include,       // an application included by two applications (`pairs`)
    duplicate_register,      // a process name registered by two applications (`pairs`)
    include_cycle,           // applications that include each other (systools never finishes)
    // Warnings of `appgraph check` that systools does not give.
    unstarted_dependency,  // a started application uses one the boot script never starts
    included_use,          // a direct use of an included application (systools rewrites it)
    boot_script_differs,   // `check --boot`: the shipped boot script and the manifests differ
    // Supervision trees and simulations.
    bad_tree,         // a tree OTP's supervisor would refuse (its error term in the message)
    bad_event,        // a line of an events file that does not parse or names no process
    unknown_process,  // a process path that names nothing in the tree
    // Capturing the tree of a running node (libappgraph/capture).
    bad_node_name,            // a node name erl would refuse
    node_unreachable,         // unknown host, no epmd, no node of that name, connection lost
    handshake_refused,        // the node closed the distribution handshake (usually the cookie)
    unsupported_release,      // an OTP release whose supervisor state is not known
    application_not_running,  // an application asked for does not run on the node
    unexpected_reply,         // the node answered what OTP does not answer
    supervisor_skipped,       // warning: a supervisor could not be read (busy, gone, not one)
    values_not_captured,      // warning: values a live node does not tell, written null
    children_cut,             // warning: dynamic children beyond --max-dynamic not kept
};

inline constexpr EnumName<DiagnosticKind> kDiagnosticKindNames[] = {
    {DiagnosticKind::parse_error, "parse_error"},
    {DiagnosticKind::io_error, "io_error"},
    {DiagnosticKind::unsupported_input, "unsupported_input"},
    {DiagnosticKind::bad_app, "bad_app"},
    {DiagnosticKind::missing_param, "missing_param"},
    {DiagnosticKind::bad_param, "bad_param"},
    {DiagnosticKind::bad_rel, "bad_rel"},
    {DiagnosticKind::bad_manifest, "bad_manifest"},
    {DiagnosticKind::missing_mandatory_app, "missing_mandatory_app"},
    {DiagnosticKind::mandatory_app, "mandatory_app"},
    {DiagnosticKind::vsn_mismatch, "vsn_mismatch"},
    {DiagnosticKind::app_not_found, "app_not_found"},
    {DiagnosticKind::unknown_root, "unknown_root"},
    {DiagnosticKind::shadowed_app, "shadowed_app"},
    {DiagnosticKind::bad_term, "bad_term"},
    {DiagnosticKind::bad_script, "bad_script"},
    {DiagnosticKind::ambiguous_release, "ambiguous_release"},
    {DiagnosticKind::unknown_release, "unknown_release"},
    {DiagnosticKind::override_include, "override_include"},
    {DiagnosticKind::not_found, "not_found"},
    {DiagnosticKind::undefined_applications, "undefined_applications"},
    {DiagnosticKind::circular_dependencies, "circular_dependencies"},
    {DiagnosticKind::duplicate_include, "duplicate_include"},
    {DiagnosticKind::duplicate_register, "duplicate_register"},
    {DiagnosticKind::include_cycle, "include_cycle"},
    {DiagnosticKind::unstarted_dependency, "unstarted_dependency"},
    {DiagnosticKind::included_use, "included_use"},
    {DiagnosticKind::boot_script_differs, "boot_script_differs"},
    {DiagnosticKind::bad_tree, "bad_tree"},
    {DiagnosticKind::bad_event, "bad_event"},
    {DiagnosticKind::unknown_process, "unknown_process"},
    {DiagnosticKind::bad_node_name, "bad_node_name"},
    {DiagnosticKind::node_unreachable, "node_unreachable"},
    {DiagnosticKind::handshake_refused, "handshake_refused"},
    {DiagnosticKind::unsupported_release, "unsupported_release"},
    {DiagnosticKind::application_not_running, "application_not_running"},
    {DiagnosticKind::unexpected_reply, "unexpected_reply"},
    {DiagnosticKind::supervisor_skipped, "supervisor_skipped"},
    {DiagnosticKind::values_not_captured, "values_not_captured"},
    {DiagnosticKind::children_cut, "children_cut"},
};
constexpr const auto& enum_names(DiagnosticKind) {
    return kDiagnosticKindNames;
}

enum class Severity { error, warning };

inline constexpr EnumName<Severity> kSeverityNames[] = {{Severity::error, "error"},
                                                        {Severity::warning, "warning"}};
constexpr const auto& enum_names(Severity) {
    return kSeverityNames;
}

// One step of an explained dependency cycle: `from` must start after `to`, and why.
struct CycleStep {
    std::string from;
    std::string to;
    std::string reason;  // e.g. "b uses a, a is included by top, so b depends on top"
};

struct Diagnostic {
    DiagnosticKind kind = DiagnosticKind::parse_error;
    Severity severity = Severity::error;
    SourceLocation where;  // empty when the problem has no place in a file (a resolver error)
    std::string message;   // the problem alone, without the location
    std::string snippet;   // make_snippet(): the source line and a caret; empty without one
    std::vector<std::string> involved;  // the applications or processes involved, if any
    // duplicate_include / duplicate_register: {name, first owner, second owner} per pair, in the
    // order systools lists them.
    std::vector<std::vector<std::string>> pairs;
    std::vector<CycleStep> cycle;  // circular_dependencies: one actual cycle, edge by edge
    // A name that matched nothing (a key of a tree or manifest, a component of a process path)
    // and the names accepted in its place, so that a tool can suggest the closest one.
    std::string unmatched;
    std::vector<std::string> accepted;
};

// "file:line:column", "file:line", "file: json.path", "file", or "" (only the parts known).
std::string describe(const SourceLocation& where);

// "location: message" (or the message alone), then the snippet's lines (no trailing newline).
std::string format_diagnostic(const Diagnostic& diagnostic);

// The first error of a collector that stops at the first; what() is format_diagnostic's first
// line.
class DiagnosticError : public std::runtime_error {
public:
    explicit DiagnosticError(Diagnostic diagnostic);
    DiagnosticError(DiagnosticKind kind, SourceLocation where, std::string message,
                    std::string snippet = {}, std::vector<std::string> involved = {});
    const Diagnostic& diagnostic() const { return diagnostic_; }

private:
    Diagnostic diagnostic_;
};

// An error diagnostic (severity error) from its parts.
Diagnostic make_error(DiagnosticKind kind, SourceLocation where, std::string message,
                      std::string snippet = {}, std::vector<std::string> involved = {});

// The collector every reporting function of libappgraph takes. With Mode::collect_all it keeps
// every diagnostic and the function goes on to find the next problem (a tree with four mistakes
// gets four errors); with Mode::stop_at_first the first error is thrown as a DiagnosticError
// (warnings are still kept). At most `limit` diagnostics are kept; the others are only counted
// (a huge wrong input must not produce an unbounded list).
class Diagnostics {
public:
    enum class Mode { collect_all, stop_at_first };

    explicit Diagnostics(Mode mode = Mode::collect_all, std::size_t limit = 1000)
        : mode_(mode), limit_(limit) {}

    void report(Diagnostic diagnostic);
    void error(DiagnosticKind kind, SourceLocation where, std::string message,
               std::string snippet = {}, std::vector<std::string> involved = {}) {
        report(make_error(kind, std::move(where), std::move(message), std::move(snippet),
                          std::move(involved)));
    }
    void warning(DiagnosticKind kind, SourceLocation where, std::string message,
                 std::vector<std::string> involved = {});

    const std::vector<Diagnostic>& all() const { return kept_; }
    std::size_t error_count() const { return errors_; }
    std::size_t warning_count() const { return warnings_; }
    std::size_t not_kept() const { return not_kept_; }  // reported beyond the limit
    bool ok() const { return errors_ == 0; }
    Mode mode() const { return mode_; }

private:
    Mode mode_;
    std::size_t limit_;
    std::vector<Diagnostic> kept_;
    std::size_t errors_ = 0;
    std::size_t warnings_ = 0;
    std::size_t not_kept_ = 0;
};

// The source line of `text` that holds `line` (1-based), and a caret under `column` (1-based,
// counted in characters; tabs of the line are kept in the caret line so that the caret lines up
// in a terminal). Very long lines are cut to a window around the column.
std::string make_snippet(std::string_view text, int line, int column);

}  // namespace appgraph
