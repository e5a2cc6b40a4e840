#pragma once
// Files as supsim touches them: read whole, or written to a temporary name beside the target and
// renamed into place so that an interrupted run never leaves a half-written file.

#include <optional>
#include <string>

namespace supsim {

// The file's contents, or nullopt with `error` set to "cannot read FILE: reason".
std::optional<std::string> read_file(const std::string& path, std::string& error);

// Writes atomically; false with `error` set to "cannot write FILE: reason".
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

}  // namespace supsim
