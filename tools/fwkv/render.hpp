#pragma once
// JSON objects fwkv writes by hand, so that large objects keep their stored order without a
// quadratic ordered map. Bytes that are not UTF-8 become U+FFFD (common/json_string.hpp).

#include <cstdio>
#include <string>
#include <string_view>

namespace fwkv {

// JSON writers for the commands that build objects by hand.
class JsonObject {
public:
    explicit JsonObject(std::string& out) : out_(out) { out_ += '{'; }
    void key(std::string_view k);  // then append a value to out()
    void string(std::string_view k, std::string_view value);
    void number(std::string_view k, unsigned long long value);
    void boolean(std::string_view k, bool value);
    void raw(std::string_view k, std::string_view json);
    void close() { out_ += '}'; }
    std::string& out() { return out_; }

private:
    std::string& out_;
    bool first_ = true;
};

}  // namespace fwkv
