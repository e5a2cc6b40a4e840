#include "common/numbers.hpp"

#include <charconv>

namespace toolcommon {

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string check_unsigned(const std::string& text) {
    if (parse_unsigned(text)) return {};
    return "'" + text + "' is not a number (decimal, or hexadecimal with 0x)";
}

}  // namespace toolcommon
