// Content sniffing from a file's first 64 KiB. An environment block is a 4-byte CRC (and a flags
// byte when redundant) followed by "name=value" strings separated by NUL bytes; Erlang terms are
// recognised by their first atom after comments; JSON by its first key; events files by their
// first line that is not a comment.

#include "common/content.hpp"

#include <algorithm>
#include <cctype>

namespace toolcommon {

namespace {

constexpr std::size_t kLook = 1 << 16;

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// "name=" at `at`, within a NUL-separated area.
bool environment_entry_at(std::string_view bytes, std::size_t at) {
    std::size_t i = at;
    while (i < bytes.size() && is_name_char(bytes[i])) ++i;
    return i > at && i < bytes.size() && bytes[i] == '=' &&
           bytes.find('\0', i) != std::string_view::npos;
}

std::string_view skip_blanks_and_comments(std::string_view text, char comment) {
    for (;;) {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
            text.remove_prefix(1);
        if (text.empty() || text.front() != comment) return text;
        const std::size_t nl = text.find('\n');
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    }
}

bool starts_with_term(std::string_view text, std::string_view atom) {
    text = skip_blanks_and_comments(text, '%');
    if (text.empty() || text.front() != '{') return false;
    text = skip_blanks_and_comments(text.substr(1), '%');
    return text.substr(0, atom.size()) == atom &&
           (text.size() == atom.size() || !is_name_char(text[atom.size()]));
}

bool is_events_line(std::string_view text) {
    text = skip_blanks_and_comments(text, '#');
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    if (i == 0 || i >= text.size() || (text[i] != ' ' && text[i] != '\t')) return false;
    std::string_view rest = text.substr(i);
    rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
    for (std::string_view action : {"crash", "exit", "fail-start", "ignore-start", "start-child",
                                    "terminate-child", "stop-app", "stop-node", "every"})
        if (rest.substr(0, action.size()) == action) return true;
    return false;
}

}  // namespace

Content what_it_looks_like(std::string_view bytes) {
    bytes = bytes.substr(0, kLook);
    if (bytes.size() > 5 && (environment_entry_at(bytes, 4) || environment_entry_at(bytes, 5)))
        return Content::environment;
    const std::size_t nul = bytes.find('\0');
    if (nul != std::string_view::npos) return Content::binary;
    if (starts_with_term(bytes, "application")) return Content::app_file;
    if (starts_with_term(bytes, "release")) return Content::rel_file;
    std::string_view json = skip_blanks_and_comments(bytes, '\0');
    if (!json.empty() && json.front() == '{') {
        if (json.find("\"supervisor\"") != std::string_view::npos) return Content::supervision_tree;
        if (json.find("\"vsn\"") != std::string_view::npos) return Content::json_manifest;
    }
    if (is_events_line(bytes)) return Content::events_file;
    const auto controls = std::count_if(bytes.begin(), bytes.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x20 && c != '\n' && c != '\r' && c != '\t';
    });
    if (controls * 10 > static_cast<std::ptrdiff_t>(bytes.size()) && !bytes.empty())
        return Content::binary;
    return Content::unknown;
}

std::string looks_like(const std::string& name, Content content) {
    switch (content) {
        case Content::environment:
            return name + " looks like a U-Boot environment image (fwkv reads those)";
        case Content::app_file:
            return name + " looks like an OTP .app file (appgraph reads those)";
        case Content::rel_file:
            return name + " looks like an OTP .rel file (appgraph reads those)";
        case Content::json_manifest:
            return name + " looks like an appgraph JSON manifest (appgraph reads those)";
        case Content::supervision_tree:
            return name + " looks like a supervision tree (supsim reads those)";
        case Content::events_file:
            return name + " looks like a supsim events file";
        case Content::binary:
            return name + " holds binary data, not text";
        case Content::unknown:
            break;
    }
    return name + " is of a kind this tool does not read";
}

}  // namespace toolcommon
