#pragma once
// Writes a captured tree as supsim's tree JSON, laid out for people: an object or array whose
// members are all scalars stays on one line (a worker's child spec reads as one line), anything
// else is indented by two spaces per level. Keys keep the order they were added in.

#include <nlohmann/json.hpp>

#include <string>

namespace appgraph::capture {

std::string to_readable_json(const nlohmann::ordered_json& value);

}  // namespace appgraph::capture
