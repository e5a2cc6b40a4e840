#pragma once
// Numbers given on the command line: decimal, or hexadecimal with a 0x prefix.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace toolcommon {

// Parses "4096", "0x1000" or "0X1000" into an unsigned 64-bit value; nullopt on anything else
// (signs, spaces, trailing text, overflow).
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// A CLI11 validator for options that take parse_unsigned() numbers.
std::string check_unsigned(const std::string& text);

}  // namespace toolcommon
