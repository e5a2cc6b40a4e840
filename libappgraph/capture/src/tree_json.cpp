// The readable JSON layout of captured trees.

#include "tree_json.hpp"

namespace appgraph::capture {

namespace {

using json = nlohmann::ordered_json;

std::string scalar(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool flat(const json& value) {
    for (const auto& item : value)
        if (item.is_structured() && !item.empty()) return false;
    return true;
}

void one_line(const json& value, std::string& out) {
    if (!value.is_structured()) {
        out += scalar(value);
        return;
    }
    bool object = value.is_object();
    out += object ? '{' : '[';
    std::size_t i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
        if (i) out += ", ";
        if (object) out += scalar(json(it.key())) + ": ";
        one_line(*it, out);
    }
    out += object ? '}' : ']';
}

void write(const json& value, int indent, std::string& out) {
    if (!value.is_structured() || value.empty() || flat(value)) {
        one_line(value, out);
        return;
    }
    std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    bool object = value.is_object();
    out += object ? "{\n" : "[\n";
    std::size_t i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
        out += pad;
        if (object) out += scalar(json(it.key())) + ": ";
        write(*it, indent + 2, out);
        out += i + 1 < value.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + (object ? "}" : "]");
}

}  // namespace

std::string to_readable_json(const json& value) {
    std::string out;
    write(value, 0, out);
    out += '\n';
    return out;
}

}  // namespace appgraph::capture
