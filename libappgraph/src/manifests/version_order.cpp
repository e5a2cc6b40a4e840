// OTP's ordering of application versions, from kernel's code_server (choose_bundles): when the
// code path is built from a lib directory holding several <app>-<vsn> directories, each version
// is turned into a list of integers (vsn_to_num) and the greatest list wins, compared as Erlang
// compares lists: element by element, a proper prefix first. A version with a part that is not
// all digits has no place in that order; code_server then treats the directory as an application
// of its own, and here such a version loses to any numeric one.

#include "version_order.hpp"

#include <algorithm>

namespace appgraph::detail {

std::optional<std::vector<unsigned long long>> numeric_version(std::string_view vsn) {
    std::vector<unsigned long long> parts;
    std::size_t i = 0;
    while (i < vsn.size()) {
        if (vsn[i] == '.') {
            ++i;
            continue;
        }
        unsigned long long value = 0;
        std::size_t digits = 0;
        for (; i < vsn.size() && vsn[i] != '.'; ++i, ++digits) {
            if (vsn[i] < '0' || vsn[i] > '9') return std::nullopt;
            // Beyond 19 digits the value no longer fits; such versions compare as the largest.
            value = digits < 19 ? value * 10 + static_cast<unsigned>(vsn[i] - '0') : ~0ULL;
        }
        parts.push_back(value);
    }
    if (parts.empty()) return std::nullopt;
    return parts;
}

bool newer_version(std::string_view a, std::string_view b) {
    const auto x = numeric_version(a);
    const auto y = numeric_version(b);
    if (!x || !y) return x.has_value() && !y.has_value();
    return std::lexicographical_compare(y->begin(), y->end(), x->begin(), x->end());
}

}  // namespace appgraph::detail
