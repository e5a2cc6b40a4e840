#pragma once
// Reading a JSON input document, shared by the JSON manifest loader and the supervision tree
// loader (private to libappgraph and its supervision library): the syntax checked with a position
// and a caret, a key written twice in one object refused (nlohmann would keep the last one and
// drop the other without a word), JSON paths built the same way everywhere
// ("applications[3].vsn"), and one checker for unknown keys, so a misspelt key is never ignored.

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "libappgraph/diagnostic.hpp"

namespace appgraph::detail {

// The document, or nullopt after reporting a parse_error (the syntax, with line, column and
// snippet) or, as `kind`, a key written twice (with the path of its object).
std::optional<nlohmann::json> parse_json_document(std::string_view text,
                                                  const std::string& filename, DiagnosticKind kind,
                                                  Diagnostics& diagnostics);

// "applications" + "vsn" -> "applications.vsn"; "" + "release" -> "release".
std::string json_member(const std::string& path, std::string_view key);
// "applications" + 3 -> "applications[3]".
std::string json_element(const std::string& path, std::size_t index);

// Where a JSON value is: the file and its JSON path ("(top level)" for the document itself).
SourceLocation json_location(const std::string& filename, const std::string& path);

// Reports, as `kind`, each key of `object` that is not one of `allowed`:
// `PATH.key: unknown key "key" (expected one of: a, b, c)`.
void check_known_keys(const nlohmann::json& object, const std::string& path,
                      std::initializer_list<const char*> allowed, const std::string& filename,
                      DiagnosticKind kind, Diagnostics& diagnostics);

}  // namespace appgraph::detail
