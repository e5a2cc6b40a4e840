#pragma once
// The supervision tree a user describes in JSON: applications, each with a top supervisor, and the
// child specifications under every supervisor, with OTP's defaults filled in. Loading checks the
// tree the way supervisor:init/1 checks its flags and child specs, and names each problem by its
// JSON path ("applications[0].supervisor.children[2].restart"). (The application tree of a release,
// what `mix app.tree` shows, is another thing: libappgraph/app_tree.hpp.)

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/enum_names.hpp"
#include "libappgraph/model.hpp"

namespace appgraph::supervision {

using appgraph::to_string;

enum class Strategy { one_for_one, one_for_all, rest_for_one, simple_one_for_one };
enum class RestartType { permanent, transient, temporary };
enum class ChildType { worker, supervisor };
enum class AutoShutdown { never, any_significant, all_significant };

// The names OTP's supervisor flags and child specs use (and the tree's JSON).
inline constexpr EnumName<Strategy> kStrategyNames[] = {
    {Strategy::one_for_one, "one_for_one"},
    {Strategy::one_for_all, "one_for_all"},
    {Strategy::rest_for_one, "rest_for_one"},
    {Strategy::simple_one_for_one, "simple_one_for_one"}};
constexpr const auto& enum_names(Strategy) {
    return kStrategyNames;
}
inline constexpr EnumName<RestartType> kRestartTypeNames[] = {
    {RestartType::permanent, "permanent"},
    {RestartType::transient, "transient"},
    {RestartType::temporary, "temporary"}};
constexpr const auto& enum_names(RestartType) {
    return kRestartTypeNames;
}
inline constexpr EnumName<ChildType> kChildTypeNames[] = {{ChildType::worker, "worker"},
                                                          {ChildType::supervisor, "supervisor"}};
constexpr const auto& enum_names(ChildType) {
    return kChildTypeNames;
}
inline constexpr EnumName<AutoShutdown> kAutoShutdownNames[] = {
    {AutoShutdown::never, "never"},
    {AutoShutdown::any_significant, "any_significant"},
    {AutoShutdown::all_significant, "all_significant"}};
constexpr const auto& enum_names(AutoShutdown) {
    return kAutoShutdownNames;
}

// How a supervisor stops a child: kill at once, signal then kill after `ms`, or wait forever.
struct Shutdown {
    enum class Kind { brutal_kill, timeout, infinity };
    Kind kind = Kind::timeout;
    std::int64_t ms = 5000;
};
// The words of a child spec's `shutdown` (a timeout is written as its number of milliseconds).
inline constexpr EnumName<Shutdown::Kind> kShutdownKindNames[] = {
    {Shutdown::Kind::brutal_kill, "brutal_kill"},
    {Shutdown::Kind::timeout, "timeout"},
    {Shutdown::Kind::infinity, "infinity"}};
constexpr const auto& enum_names(Shutdown::Kind) {
    return kShutdownKindNames;
}

struct SupervisorSpec;

// One child specification. A child of type supervisor also carries its supervisor flags.
struct ChildSpec {
    std::string id;
    ChildType type = ChildType::worker;
    RestartType restart = RestartType::permanent;
    Shutdown shutdown;
    bool significant = false;
    std::int64_t stop_ms = 0;  // how long the child takes to stop once asked (simulated)
    std::shared_ptr<const SupervisorSpec> supervisor;  // set when type == supervisor
    // Written by hand or read of the live process by `supsim capture`. A worker that does not
    // trap exits dies of any exit signal at once, without terminate/2 (stop_ms); a registered
    // name still held by an old process makes a new start fail with already_started.
    std::optional<bool> trap_exit;  // nullopt: not written, or written null (true: OTP workers
                                    // that clean up trap exits)
    std::string registered_name;    // the atom's text, e.g. "Elixir.KV.Registry"
    // Keys written null: values a capture could not read; their defaults are in use.
    std::vector<std::string> unknown;
};

struct SupervisorSpec {
    Strategy strategy = Strategy::one_for_one;
    bool dynamic = false;  // an Elixir DynamicSupervisor
    int intensity = 1;
    int period = 5;
    AutoShutdown auto_shutdown = AutoShutdown::never;
    std::optional<std::int64_t> max_children;  // DynamicSupervisor; nullopt = infinity
    // Static children, in start order. For simple_one_for_one: exactly one, the template.
    std::vector<ChildSpec> children;
    // DynamicSupervisor: the spec `start-child SUP ID` instantiates by default.
    std::optional<ChildSpec> template_child;
    // Specs not started at init that `start-child SUP ID` may add (static supervisors) or
    // instantiate by name (dynamic supervisors).
    std::vector<ChildSpec> start_child_specs;
    // DynamicSupervisor and simple_one_for_one, in captured trees: the children running when the
    // tree was captured, first started first. They start right after the supervisor at boot, as
    // start-child would start them (so a restart of the supervisor loses them, as in OTP). Under
    // simple_one_for_one each takes restart, shutdown and type from the one child spec.
    std::vector<ChildSpec> running_children;
    // How many were running (more than listed when the capture kept fewer): the unlisted ones
    // count against max_children until the supervisor restarts.
    std::int64_t running_total = 0;
};

struct ApplicationSpec {
    std::string name;
    StartType start_type = StartType::permanent;
    ChildSpec top;  // the top supervisor, as a child of the application master
};

struct Tree {
    // True for `{"supervisor": SUP}`: no application around the root, no node to halt.
    bool bare = false;
    std::vector<ApplicationSpec> applications;  // one unnamed entry when bare
    std::string source;                         // the file it was read from, for messages
    bool captured = false;  // written by `supsim capture` (a "capture" block at the top)
};

// The OTP release whose supervisor rules are modelled where releases differ (see
// kOtpRulesChanged); the default is the release current Nerves systems run.
inline constexpr int kDefaultOtpRelease = 27;
// From this release on: auto_shutdown other than never is refused with simple_one_for_one, and
// a simple_one_for_one child whose restart returns ignore is dropped. Before it, both were
// accepted, the second leaving an entry without a process that makes the supervisor crash
// (function_clause) when it next stops its children.
inline constexpr int kOtpRulesChanged = 27;
inline constexpr int kOldestOtpRelease = 24;  // auto_shutdown and significant children appear

struct LoadTreeOptions {
    bool elixir_defaults = false;  // intensity 3 in 5 s instead of Erlang's 1 in 5 s
    int otp_release = kDefaultOtpRelease;
};

// Parses and validates a tree read from `filename`. Every problem goes to `diagnostics` (kind
// "parse_error" for the JSON syntax, with line, column and snippet; "bad_tree" for what OTP's
// supervisor would refuse, at its JSON path, OTP's error term quoted in the message). The tree
// is only meaningful when no error was reported.
Tree load_tree(std::string_view json_text, const std::string& filename, Diagnostics& diagnostics,
               const LoadTreeOptions& options = {});

// The path of every process the tree starts or can start, in start order: applications, their
// supervisors and static children, and "SUP/*" for each supervisor that accepts start-child.
// Cheap and read-only; shell completion calls it.
std::vector<std::string> list_process_paths(const Tree& tree);

// Values written null in a captured tree (not read from the node; defaults in use), per key, with
// how many processes have each, in key order.
std::vector<std::pair<std::string, std::size_t>> unknown_values(const Tree& tree);

// The prefix of every path under one application: its name, or the root supervisor id when bare.
std::string root_path(const Tree& tree, std::size_t application);

}  // namespace appgraph::supervision
