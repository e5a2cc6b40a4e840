#pragma once
// The one JSON string escaper of the tools. Every string a tool prints in JSON goes through it,
// so every document is valid JSON whatever the bytes it carries (environment values are bytes,
// names come from users' files): '"', '\' and control characters are escaped (\n, \t, \r, or
// \u00XX), valid UTF-8 is copied as is, and each byte that is not part of valid UTF-8 becomes
// U+FFFD, written \ufffd (the replacement character: the text stays readable, and no invalid
// byte reaches the document). Hand-written rather than nlohmann's dump() for the outputs that
// stream millions of strings (fwkv list, supsim's trace); nlohmann is used where speed does not
// matter, and its strings are checked the same way (json_text()).

#include <string>
#include <string_view>

namespace toolcommon {

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

// `text` with every byte that is not valid UTF-8 replaced by U+FFFD (for values handed to
// nlohmann::json, which refuses invalid UTF-8 when it dumps).
std::string json_text(std::string_view text);

}  // namespace toolcommon
