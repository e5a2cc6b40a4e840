#pragma once
// How OTP orders two versions of one application. Private header.

#include <optional>
#include <string_view>
#include <vector>

namespace appgraph::detail {

// code_server's vsn_to_num: "1.10.0" -> {1, 10, 0}. The version is split at '.' (empty parts
// dropped, so "1..2" is {1, 2}); nullopt unless every part is digits only ("1.0-rc1", "" and
// "abc" are not versions OTP orders).
std::optional<std::vector<unsigned long long>> numeric_version(std::string_view vsn);

// True when OTP's code server would take version `a` over version `b` when both are in one lib
// directory: both numeric and `a` greater as a list of integers (1.10.0 > 1.9.0, 1.2.0 > 1.2). A
// numeric version is taken over one that is not; two that are not numeric are not ordered (false).
bool newer_version(std::string_view a, std::string_view b);

}  // namespace appgraph::detail
