// Parsing a JSON input document for the loaders. nlohmann reports a syntax error with the byte
// after which it was seen; that becomes a line and a column in characters, the same as the term
// reader's, with the caret snippet. Repeated keys are caught while parsing, through nlohmann's
// parser callback, which sees every key of every object as it is read; the callback keeps the
// path of the open objects so that the message can say where.

#include "json_input.hpp"

#include <algorithm>
#include <vector>

#include "libappgraph/join.hpp"
#include "utf8.hpp"

namespace appgraph::detail {

namespace {

using Json = nlohmann::json;

// What nlohmann says after its "[json.exception.parse_error.101] parse error at line 1, column
// 2: " prefix (the position is reported our way).
std::string syntax_message(const std::string& what) {
    const std::size_t cut = what.find("syntax error");
    if (cut != std::string::npos) return what.substr(cut);
    const std::size_t bracket = what.find("] ");
    return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

std::string json_member(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string json_element(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

SourceLocation json_location(const std::string& filename, const std::string& path) {
    return SourceLocation{filename, 0, 0, path.empty() ? "(top level)" : path};
}

std::optional<Json> parse_json_document(std::string_view text, const std::string& filename,
                                        DiagnosticKind kind, Diagnostics& diagnostics) {
    // Per open object or array: how its parent holds it and, for an object, the keys seen so
    // far. Paths are built only for a message: a document nested a million levels deep must not
    // cost a path per level.
    struct Frame {
        bool array = false;
        std::size_t elements = 0;  // an array's elements so far
        std::string member;        // the key its parent object holds it under
        std::size_t index = 0;     // or its index in its parent array
        std::vector<std::string> keys;
    };
    std::vector<Frame> open;
    std::string pending_key;  // the key whose value comes next
    std::optional<Diagnostic> repeated;
    const auto path_of_innermost = [&] {
        std::string path;
        for (std::size_t i = 1; i < open.size(); ++i)
            path = open[i - 1].array ? json_element(path, open[i].index)
                                     : json_member(path, open[i].member);
        return path;
    };
    const auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
        switch (event) {
            case Json::parse_event_t::object_start:
            case Json::parse_event_t::array_start: {
                Frame frame;
                frame.array = event == Json::parse_event_t::array_start;
                if (!open.empty()) {
                    if (open.back().array)
                        frame.index = open.back().elements++;
                    else
                        frame.member = pending_key;
                }
                open.push_back(std::move(frame));
                break;
            }
            case Json::parse_event_t::object_end:
            case Json::parse_event_t::array_end:
                if (!open.empty()) open.pop_back();
                break;
            case Json::parse_event_t::key: {
                pending_key = parsed.get<std::string>();
                auto& seen = open.back().keys;
                if (!repeated && std::find(seen.begin(), seen.end(), pending_key) != seen.end())
                    repeated = make_error(
                        kind, json_location(filename, path_of_innermost()),
                        "the key \"" + pending_key + "\" appears twice in the same object");
                seen.push_back(pending_key);
                break;
            }
            case Json::parse_event_t::value:
                if (!open.empty() && open.back().array) ++open.back().elements;
                break;
        }
        return true;
    };
    Json document;
    try {
        document = Json::parse(text.begin(), text.end(), callback);
    } catch (const Json::parse_error& e) {
        // nlohmann reports the byte after which the error was seen (1-based); point at it.
        const TextPosition at = position_of(text, e.byte > 0 ? e.byte - 1 : 0);
        diagnostics.error(
            DiagnosticKind::parse_error, SourceLocation{filename, at.line, at.column, {}},
            "invalid JSON: " + syntax_message(e.what()), make_snippet(text, at.line, at.column));
        return std::nullopt;
    } catch (const Json::exception& e) {
        // Other parser failures (a number too large for a double) carry no position.
        diagnostics.error(DiagnosticKind::parse_error, SourceLocation{filename, 0, 0, {}},
                          "invalid JSON: " + syntax_message(e.what()));
        return std::nullopt;
    }
    if (repeated) {
        diagnostics.report(std::move(*repeated));
        return std::nullopt;
    }
    return document;
}

void check_known_keys(const Json& object, const std::string& path,
                      std::initializer_list<const char*> allowed, const std::string& filename,
                      DiagnosticKind kind, Diagnostics& diagnostics) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool known = std::any_of(allowed.begin(), allowed.end(),
                                       [&](const char* key) { return it.key() == key; });
        if (known) continue;
        std::vector<std::string> accepted(allowed.begin(), allowed.end());
        Diagnostic d = make_error(
            kind, json_location(filename, json_member(path, it.key())),
            "unknown key \"" + it.key() + "\" (expected one of: " + join(accepted) + ")");
        d.unmatched = it.key();
        d.accepted = std::move(accepted);
        diagnostics.report(std::move(d));
    }
}

}  // namespace appgraph::detail
