#pragma once
// The EVENTS operand of `supsim run`, which is read twice: once to report every problem before
// anything is simulated, once to simulate as it is read. A regular file is simply opened again;
// standard input is first copied to a temporary file in $TMPDIR (unlinked at once, so nothing is
// left behind), or kept in memory when no temporary file can be written; any other input (a FIFO,
// a process substitution) is kept in memory.

#include <istream>
#include <memory>
#include <string>

namespace supsim {

class EventsInput {
public:
    // Throws toolcommon::FileError as toolcommon::read_input does.
    explicit EventsInput(const std::string& path);

    // The input from its start.
    std::istream& rewind();

private:
    std::unique_ptr<std::istream> stream_;
};

}  // namespace supsim
