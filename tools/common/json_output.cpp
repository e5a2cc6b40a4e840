// Compact JSON from nlohmann (invalid UTF-8 replaced, never thrown), and the one indenter: a
// single pass over compact JSON text that tracks whether it is inside a string.

#include "common/json_output.hpp"

namespace toolcommon {

std::string to_json(const nlohmann::ordered_json& value) {
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string indent_json(std::string_view compact) {
    std::string out;
    out.reserve(compact.size() * 2);
    std::size_t depth = 0;
    bool in_string = false;
    const auto newline = [&] { out.append("\n").append(depth * 2, ' '); };
    for (std::size_t i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < compact.size())
                out += compact[++i];
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                out += c;
                break;
            case '{':
            case '[':
                out += c;
                // An empty object or array stays on one line.
                if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
                    out += compact[++i];
                    break;
                }
                ++depth;
                newline();
                break;
            case '}':
            case ']':
                --depth;
                newline();
                out += c;
                break;
            case ',':
                out += c;
                newline();
                break;
            case ':':
                out += ": ";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void write_json(Output& out, std::string_view compact, const JsonStyle& style) {
    if (style.pretty)
        out << indent_json(compact);
    else
        out << compact;
    out << '\n';
}

}  // namespace toolcommon
