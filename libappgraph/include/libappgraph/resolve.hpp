#pragma once
// Start-order resolution: the order in which a release boots its applications, computed the way
// systools:make_script does it (the boot script of `mix release`, relx and rebar3), and the order
// application:ensure_all_started/1 starts them in. Pure functions of their inputs.

#include <optional>
#include <string>
#include <vector>

#include "libappgraph/boot_script.hpp"
#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"

namespace appgraph {

// An application of the resolved release, in start (boot script) order.
struct ResolvedApp {
    std::string name;
    std::string vsn;
    StartType type = StartType::permanent;
    std::optional<std::string> included_by;  // the application whose included list holds it
    bool loaded = true;                      // the boot script loads it (type != none)
    // It runs after the boot: the boot script calls application:start_boot for it (it is in
    // Resolution::start) and that succeeds, which needs every non-optional `applications`
    // entry started before it. A start_boot that fails ({error, {not_started, U}}: U is of type
    // load or none, included, or itself not started) is ignored by init: the node boots
    // without it.
    bool started = true;
    std::string not_started_because;  // that U, when start_boot is called and fails
    // Why it is where it is: the application that pulled it in front of itself ("" when .rel
    // order placed it), and the dependencies it had to wait for.
    std::string pulled_in_by;
    std::vector<std::string> waited_for;
};

// The dependency graph the resolver sorted: every .rel entry with its uses after systools'
// rewriting for included applications and its includes, both in .rel order.
struct GraphNode {
    std::string name;
    std::vector<std::string> original_uses;  // `applications` as written in the .app
    std::vector<std::string> uses;           // after rewriting and sorting
    std::vector<std::string> includes;       // after the .rel override and sorting
    std::vector<std::string> optional;       // `optional_applications`
    // Rewritten uses: {original use, the top-level includer it became (or "" if dropped)}.
    std::vector<std::pair<std::string, std::string>> rewrites;
};

struct Resolution {
    std::vector<ResolvedApp> applications;  // the full order (load and none included)
    std::vector<std::string> start;         // application:start_boot order (what `order` prints)
    // Empty when the release resolves; else systools' errors (kind: its error atom,
    // circular_dependencies, undefined_applications, duplicate_include, duplicate_register,
    // override_include, not_found, include_cycle; involved: its application set in OTP's order;
    // pairs and cycle filled where they apply).
    std::vector<Diagnostic> errors;
    std::vector<GraphNode> graph;  // in .rel order
    bool ok() const { return errors.empty(); }
};

// What resolve_boot computes beyond the order and the errors.
struct ResolveOptions {
    // Resolution::graph and each application's pulled_in_by and waited_for, which the
    // explanations need; the order alone is cheaper without them (a tenth of the time on a
    // release of 10,000 applications).
    bool explain = true;
    // Every error at once, for `appgraph check`: the checks systools stops at (not_found,
    // override_include, undefined_applications, duplicate_register, duplicate_include) all run,
    // then the sort, which may add circular_dependencies. The order is then not meaningful.
    bool all_errors = false;
};

// systools:make_script's order and errors for `release`, its applications looked up by name in
// `apps` (every .rel entry must have one; a missing one is a `not_found` error).
Resolution resolve_boot(const Release& release, const std::vector<Application>& apps,
                        const ResolveOptions& options = {});

// application:ensure_all_started/1 (serial) called on each of `roots` in turn, kernel and stdlib
// already running. Depth-first over each .app's own `applications` order; included apps ignored;
// missing optional apps skipped. A cycle is an error (`circular_dependencies`, with the path)
// where OTP 25 would recurse forever; a missing app is `not_found`.
Resolution resolve_ensure(const std::vector<std::string>& roots,
                          const std::vector<Application>& apps);

// What a boot script runs (see boot_script.hpp), as a resolution: the applications in the order
// the script loads them (kernel first) with their start types (included ones: permanent, which
// the script does not say), loaded and started as the script does it, then those of type none
// script_release adds; `start` is the script's application:start_boot order. No graph and no
// reasons: the script holds the order, not why.
Resolution resolution_of_script(const BootScript& script);

// A release for apps found without a .rel: roots are `roots` if given, else every app that no
// other found app uses or includes (in name order). The release is kernel, stdlib, then each
// root's closure depth first, dependencies before dependants (`applications` then
// `included_applications`, in file order), every entry permanent. Absent applications are left
// out (resolving then reports them as undefined unless they are optional).
Release release_from_apps(const std::vector<Application>& apps,
                          const std::vector<std::string>& roots);

// `apps` plus bare kernel and stdlib applications (no dependencies but stdlib's on kernel) if
// they are missing: build directories do not hold them, every release has them.
std::vector<Application> with_base_applications(std::vector<Application> apps);

// The default roots of release_from_apps: apps nobody uses or includes, sorted by name; then,
// for applications no such root reaches (a cycle nothing outside uses: web uses core, core uses
// web), the first unreached one in name order, repeatedly, so that the cycle stays in the
// release and resolving reports it instead of leaving it out.
std::vector<std::string> default_roots(const std::vector<Application>& apps);

// A .rel's top-level applications, the roots `order --mode ensure` and `why` start from: the
// default_roots of the .rel's own applications (so a cycle nothing outside uses still has a root
// and is reported), in .rel order.
std::vector<std::string> top_level_applications(const Release& release,
                                                const std::vector<Application>& apps);

// "a -> b -> a" with the reasons, for messages.
std::string format_cycle(const std::vector<CycleStep>& cycle);

}  // namespace appgraph
