#pragma once
// A release's boot script: what `erl -boot start` really runs. systools:make_script writes it
// twice, as text (`start.script`, Erlang terms) and as term_to_binary of the same term
// (`start.boot`, what init reads). Both are read here into one model: the applications in the
// order the script loads them, and the order and start types it starts them with.
//
// The script is `{script, {Name, Vsn}, [Instruction]}`. Three instructions matter:
//   {kernelProcess, application_controller, {application_controller, start, [KernelSpec]}}
//       loads kernel (its spec is the application controller's start argument);
//   {apply, {application, load, [{application, Name, Opts}]}}
//       loads Name; Opts is systools' copy of the .app with `applications` as systools rewrote
//       them (uses of included applications turned into uses of their top includer, sorted by
//       .rel position) and `included_applications` with the .rel's override applied;
//   {apply, {application, start_boot, [Name, Type]}}
//       starts Name with Type (permanent, transient or temporary).
// The others (paths, module loads, progress marks) are not about applications and are skipped.
// An application of type `none` does not appear at all; one of type `load` and an included one
// are loaded but never started (the script does not say which of the two it was, but the spec of
// the includer lists it).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/model.hpp"
#include "libappgraph/term.hpp"

namespace appgraph {

struct BootApplication {
    // From the script's copy of the .app: name, vsn, description, applications, included and
    // optional applications, registered names, modules, mod. `source` is the script file.
    Application app;
    bool loaded = false;                     // the script loads it
    std::optional<StartType> start_type;     // the type it is started with; nullopt: not started
    std::optional<std::string> included_by;  // the loaded application whose spec includes it
};

struct BootScript {
    std::string name;  // the release, from {script, {Name, Vsn}, ...}
    std::string vsn;
    // kernel first, then in the order of the script's application:load instructions; an
    // application started without being loaded (no real script does that) comes last, in start
    // order, with only its name.
    std::vector<BootApplication> applications;
    std::vector<std::string> start;  // application:start_boot order
    SourceLocation source;           // the script file
    std::vector<std::string> warnings;
};

// The script in `term`. `filename` and `text` (empty for a .boot) are used in errors, which are
// thrown as a DiagnosticError of kind bad_script naming the instruction.
BootScript boot_script_from_term(const Term& term, const std::string& filename,
                                 std::string_view text = {});

// A `.script` file's text: its first term, read as file:consult reads it (what
// systools:script2boot turns into the .boot).
BootScript parse_script_file(std::string_view text, const std::string& filename);

// A `.boot` file's bytes (term_to_binary of the script, possibly compressed).
BootScript parse_boot_file(std::string_view bytes, const std::string& filename);

// The release a boot script runs, as a .rel and its .app files would describe it, so every
// command reads a boot script as it reads any release: the entries in the script's load order
// (kernel first), each with the type it is started with, `load` when it is loaded and not
// started, and `permanent` when it is included (the script does not say an included
// application's type: compare no types of included applications); then, of type `none` and
// without a version, every application a loaded one uses or includes that the script leaves out
// (an application of type none, or a missing optional one: it is then left out). The
// applications are the script's own copies of the .app files (with the `applications` systools
// rewrote), and a bare application for each of type none. Resolving this release gives the
// script's own load and start order (resolution_of_script in resolve.hpp gives it directly).
struct ScriptRelease {
    Release release;
    std::vector<Application> applications;
};
ScriptRelease script_release(const BootScript& script);

}  // namespace appgraph
