// Buffered stdout and the JSON objects fwkv writes by hand (strings through the tools' one
// escaper, which keeps the document valid whatever bytes an environment value holds).

#include "render.hpp"

#include "common/json_string.hpp"

namespace fwkv {

void JsonObject::key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    toolcommon::append_json_string(out_, k);
    out_ += ':';
}

void JsonObject::string(std::string_view k, std::string_view value) {
    key(k);
    toolcommon::append_json_string(out_, value);
}

void JsonObject::number(std::string_view k, unsigned long long value) {
    key(k);
    out_ += std::to_string(value);
}

void JsonObject::boolean(std::string_view k, bool value) {
    key(k);
    out_ += value ? "true" : "false";
}

void JsonObject::raw(std::string_view k, std::string_view json) {
    key(k);
    out_ += json;
}

}  // namespace fwkv
