#pragma once
// The exit codes of fwkv, appgraph and supsim: one table, the same number meaning the same thing
// in every tool (each man page documents it under EXIT STATUS). Never a signal, never 128+N:
// the tools ignore SIGPIPE and report a failed write to standard output as exit_io.

namespace toolcommon {

enum ExitCode : int {
    exit_ok = 0,  // success (check: nothing wrong; diff: no difference)
    // A negative answer: a key, process or application asked for is not there; the inputs
    // differ (diff); the release does not resolve or check found errors; the simulated node
    // halts under --fail-on-halt.
    exit_negative = 1,
    exit_usage = 2,          // bad command line: unknown command or option, bad value, ...
    exit_invalid_input = 3,  // a file was read but is not valid for what it must be
    exit_io = 4,             // a file, device or node could not be opened, read, written, ...
    exit_no_space = 5,       // the result does not fit where it must be written
    exit_malformed = 6,      // an input text that does not parse (FILE:LINE:COL)
};

// The table in one line, as the tools' --help ends.
inline constexpr const char* kExitCodesLine =
    "Exit status: 0 success, 1 a negative answer (not found, differs, does not resolve), "
    "2 usage, 3 invalid input, 4 I/O, 5 no space, 6 malformed text.";

}  // namespace toolcommon
