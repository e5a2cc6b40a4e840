#pragma once
// Every enum of libappgraph whose values have names in a file format, a message or JSON output
// (start types, strategies, restart types, diagnostic kinds, ...) declares its names once, in one
// table beside the enum:
//
//   inline constexpr EnumName<Strategy> kStrategyNames[] = {{Strategy::one_for_one, "one_for_one"},
//                                                           ...};
//   constexpr const auto& enum_names(Strategy) { return kStrategyNames; }
//
// and the same table prints (to_string) and parses (from_string), so the two can never disagree,
// and messages list the accepted names from it (names_in).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace appgraph {

template <typename E>
struct EnumName {
    E value;
    const char* name;
};

// An enum that has a table: `enum_names(E{})` finds it by argument-dependent lookup.
template <typename E>
concept NamedEnum = requires(E e) {
    enum_names(e);
};

template <NamedEnum E>
constexpr const char* to_string(E value) {
    for (const EnumName<E>& entry : enum_names(value))
        if (entry.value == value) return entry.name;
    return "?";  // a value missing from its table: a bug the unit tests catch
}

template <NamedEnum E>
constexpr std::optional<E> from_string(std::string_view name) {
    for (const EnumName<E>& entry : enum_names(E{}))
        if (name == entry.name) return entry.value;
    return std::nullopt;
}

// "a, b, c" (or "a, b or c" with last = " or "), in table order, for "expected one of ..."
// messages.
template <NamedEnum E>
std::string names_in(const char* last = ", ") {
    std::string out;
    const auto& table = enum_names(E{});
    const std::size_t size = std::size(table);
    for (std::size_t i = 0; i < size; ++i) {
        if (i > 0) out += i + 1 == size ? last : ", ";
        out += table[i].name;
    }
    return out;
}

}  // namespace appgraph
