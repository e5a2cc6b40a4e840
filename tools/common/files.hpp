#pragma once
// Files as the tools read and write them (the libraries take text; the tools read it). An input
// named "-" is standard input, and every input is read as a stream until its end, so a pipe or a
// FIFO is read whole rather than taken for an empty file. A FIFO is opened without waiting for a
// writer, so that a FIFO nobody writes to is an error at once, never a hang. An output file is
// written to a temporary name beside it, fsynced, renamed into place and its directory fsynced, so
// that an interrupted run never leaves a half-written file and the rename survives a power cut; an
// existing file keeps its mode. (libkv writes images its own way, with locks and redundant
// copies: see libkv/writer.hpp. This is the tools' writer for their other outputs.)

#include <stdexcept>
#include <string>
#include <string_view>

namespace toolcommon {

// "FILE: cannot read: REASON" and the like: the file, what failed, the system's reason.
class FileError : public std::runtime_error {
public:
    FileError(const std::string& path, const std::string& what, int errnum);
    FileError(const std::string& path, const std::string& what, const std::string& reason);
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// How messages name an input: "<stdin>" for "-", else the path.
std::string input_name(const std::string& path);

// The whole content of the input `path` ("-": standard input). Throws FileError.
std::string read_input(const std::string& path);

// Replaces (or creates) `path` with `content`, as described above. Throws FileError.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace toolcommon
