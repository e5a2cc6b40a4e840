#pragma once
// Loading OTP manifests: .app files, .rel files, JSON manifests and directories laid out the way
// mix, rebar3 and releases lay them out, with the input checks systools:make_script performs.
// Every function here reports problems as Diagnostics (see diagnostic.hpp); none prints. The .app
// and .rel parsers stop at the first problem, as systools does, and throw it as a
// DiagnosticError; the functions that take a Diagnostics collector report into it and go on or
// stop as the collector's owner chose.
//
// JSON manifest (for systems not built by mix or rebar3; a file whose name ends in .json):
//
//   {
//     "release": {                                  optional: a release, like a .rel file
//       "name": "myrel", "vsn": "1.0.0",            required strings
//       "erts": "13.1.5",                           optional string ("" when absent)
//       "applications": [                           required, in start-order priority, like a .rel
//         {"name": "kernel", "vsn": "8.5.3"},       name, vsn: required strings
//         {"name": "app", "vsn": "1.0", "type": "temporary",     type: permanent (default) |
//          "included_applications": ["sub"]}                      transient | temporary | load |
//          none
//       ]                                                        included_applications: the .rel
//     },                                                         IncApps override (optional)
//     "applications": [                             optional: applications, like .app files
//       {"name": "app", "vsn": "1.0",               required strings
//        "description": "...",                      optional string
//        "applications": ["kernel", "stdlib"],      optional lists of names ([] when absent)
//        "included_applications": ["sub"],
//        "optional_applications": [],
//        "registered": ["app_server"],
//        "modules": ["app", "app_sup"],
//        "mod": "app"}                              optional: the callback module's name
//     ]
//   }
//
// Names are non-empty strings. Unknown keys are errors (so a misspelt key is never silently
// ignored), as are wrong types and a key written twice in one object; the diagnostic's location
// is the file and the JSON path, and its message says what was expected, e.g.
// `m.json: applications[3].vsn: expected a string`. The top level must hold at least one of
// "release" and "applications".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/boot_script.hpp"
#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"

namespace appgraph {

// One .app file's text: `{application, Name, [Opt]}` checked as systools checks it (required keys
// description, vsn, modules, registered, applications: "missing_param"; types of id,
// included_applications, optional_applications, env, start_phases, mod, maxT, maxP: "bad_param";
// runtime_dependencies and unknown keys ignored). Only the first term is read, as systools does.
Application parse_app_file(std::string_view text, const std::string& filename);

// One .rel file's text: `{release, {Name, Vsn}, {erts, EVsn}, [Entry]}` ("bad_rel" otherwise,
// systools' illegal_name/illegal_form/illegal_applications/badly_formatted_release). An application
// listed twice is kept twice, as systools keeps it (the resolver reproduces what that leads to).
// Only the first term is read.
Release parse_rel_file(std::string_view text, const std::string& filename);

struct Manifest {
    std::optional<Release> release;
    std::vector<Application> applications;
};

// A JSON manifest in the format documented above: every problem ("bad_manifest", "parse_error")
// reported to `diagnostics`; what could be read is returned. The overload without a collector
// throws the first problem.
Manifest parse_json_manifest(std::string_view text, const std::string& filename,
                             Diagnostics& diagnostics);
Manifest parse_json_manifest(std::string_view text, const std::string& filename);

// A text the caller has already read, standing for `path` among the paths given to load_inputs
// (the tools read standard input, "-", themselves): it is used instead of the file, its kind
// (.app, .rel or JSON manifest) is told by its content, and messages call it `name`.
struct GivenText {
    std::string path;
    std::string name;
    std::string text;
};

struct LoadOptions {
    // --path DIRs: where a .rel's .app files are looked up first. A DIR holding wildcards (`*`,
    // `?`, `[...]`, `{a,b}`, as systools and relx take them: 'lib/*/ebin') stands for the
    // directories it matches, in name order.
    std::vector<std::string> search_dirs;
    std::vector<GivenText> given_texts;
    // Which release a directory stands for when it holds several (see load_inputs): --env ENV and
    // --release NAME[@VSN]. mix_env and rebar_profile are the values of MIX_ENV and REBAR_PROFILE
    // (the library reads no environment variables): the environment of a mix or rebar3 project,
    // or of its _build, when `env` is empty.
    std::string env;
    std::string release_name;
    std::string release_vsn;
    std::string mix_env;
    std::string rebar_profile;
    // How many threads read and parse .app files. 1 (the default): one file after another on
    // the calling thread. 0: one per core (at most 8); N: at most N. Large releases (10,000
    // applications) load several times faster on several cores; the result is the same for
    // every value: each file's outcome lands in its own slot and is taken in input order.
    unsigned threads = 1;
};

struct Inputs {
    std::optional<Release> release;  // when a .rel (or JSON release) was given
    std::string env;                 // the _build/<env> a directory was read from, or ""
    // When the release given is a boot script (.boot or .script): the script; `release` and the
    // release's applications are then script_release's (boot_script.hpp).
    std::optional<BootScript> boot_script;
    std::vector<Application> applications;  // every application found, deduplicated by name (first
                                            // wins; a later different version is a warning,
                                            // "shadowed_app")
};

// Loads PATHs: .app files, .rel files, JSON manifests (*.json), boot scripts (*.boot, *.script:
// the release they run, see script_release) and directories. A directory of
// a project or a release stands for one release:
//   a project (it has _build/) or its _build/: every release under _build/<env>/rel/<name>/;
//   _build/<env>/: its releases; _build/<env>/rel/: the releases in it;
//   a release directory (it has releases/) or its releases/: that release.
// The candidates are narrowed by options.env (else, for a project or its _build, MIX_ENV for a
// mix project and REBAR_PROFILE for a rebar3 one) and options.release_name/release_vsn; without
// a version, each release directory's current version (releases/start_erl.data names it; else
// its only one). One candidate left is the release: its .rel is read and its .app files found
// from it as below (none of the other environments' files is read). Several left are
// "ambiguous_release", none left for a given env or release "unknown_release", both listing the
// releases with the options that choose each. A project or environment without a release stands
// for the applications compiled in one environment (_build/<env>/lib/<app>/ebin/*.app): the one
// chosen, or the only one, or the project tool's default (mix: dev; rebar3: default); else
// "ambiguous_release". Inputs.env says which environment was read.
// Any other directory is searched in this order: lib/<app>-<vsn>/ebin/*.app, ebin/*.app,
// <app>/ebin/*.app, *.app; its release is releases/<vsn>/<name>.rel or a *.rel beside the .app
// files. A .app file must be named after its application ("bad_app", systools'
// bad_application_name). Two versions of one application in one lib/ directory: the highest by
// OTP's version order is taken (as the code server takes it), with a "shadowed_app" warning
// naming both. With a release: kernel and stdlib are checked first (as systools does while
// reading the .rel), then each entry's .app is taken from the applications given in PATHs if one
// has the version the .rel asks for, else looked up in order in search_dirs (<dir>/<app>.app,
// <dir>/<app>-<vsn>/ebin/, <dir>/<app>/ebin/, <dir>/<app>-<other vsn>/ebin/), the .rel's own
// directory, and the layouts around it (<rel dir>/../../lib/ for releases/<vsn>/<name>.rel,
// ../lib/, and a mix project's _build/<env>/lib/ for _build/<env>/rel/<name>/releases/<vsn>/
// <name>.rel). As in systools, the first candidate whose vsn matches wins; if none matches, the
// first found is kept (validate_release then reports "vsn_mismatch"); if none is found,
// "app_not_found" names the apps and the places looked. Inputs.applications then holds the
// release's applications in .rel order, followed by the other applications given. Two releases
// given is "bad_rel"; a directory without any manifest and an unreadable path are "io_error". A
// path that is neither a directory nor a regular file (a pipe, /dev/stdin) is read to its end and
// its kind told by its content, as are the options' given texts. load_inputs does not call
// validate_release.
// Problems go to `diagnostics`: with a collector that collects all, every unreadable or invalid
// file is reported and the others are still loaded.
Inputs load_inputs(const std::vector<std::string>& paths, const LoadOptions& options,
                   Diagnostics& diagnostics);

// systools' checks that need both the .rel and the .app files, in systools' order: kernel and
// stdlib present and permanent ("missing_mandatory_app", "mandatory_app"), the .rel's vsn equal
// to the .app's ("vsn_mismatch"), IncApps a subset of the .app's included_applications
// ("override_include"). An entry without an application is "app_not_found". An application the
// .rel lists twice is "bad_rel" (systools has no such check: OTP 25 takes it and writes a boot
// script that starts it twice, or reports a circular dependency that is not there). Every
// problem is reported (systools stops at its first; so does a collector that stops at the first).
void validate_release(const Release& rel, const std::vector<Application>& apps,
                      Diagnostics& diagnostics);

// Cheap: the application names found in PATHs (for shell completion), sorted and unique. Never
// throws on bad files or missing paths: it skips them.
std::vector<std::string> list_application_names(const std::vector<std::string>& paths,
                                                const LoadOptions& options);

}  // namespace appgraph
