#pragma once
// Small builders for resolver tests: applications and releases written in one line each.

#include <string>
#include <vector>

#include "libappgraph/model.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph::testing {

inline Application app(std::string name, std::vector<std::string> uses = {},
                       std::vector<std::string> includes = {},
                       std::vector<std::string> optional = {}) {
    Application a;
    a.name = std::move(name);
    a.vsn = std::string("1.0");
    a.applications = std::move(uses);
    a.included_applications = std::move(includes);
    a.optional_applications = std::move(optional);
    return a;
}

inline ReleaseEntry entry(std::string name, StartType type = StartType::permanent) {
    ReleaseEntry e;
    e.name = std::move(name);
    e.vsn = std::string("1.0");
    e.type = type;
    return e;
}

inline ReleaseEntry entry_including(std::string name, std::vector<std::string> includes) {
    ReleaseEntry e = entry(std::move(name));
    e.included_override = std::move(includes);
    return e;
}

inline Release release(std::vector<ReleaseEntry> entries) {
    Release r;
    r.name = std::string("t");
    r.vsn = std::string("1");
    r.entries = std::move(entries);
    return r;
}

// A release listing the given names, all permanent, in this order.
inline Release release_of(const std::vector<std::string>& names) {
    std::vector<ReleaseEntry> entries;
    for (const auto& n : names) entries.push_back(entry(n));
    return release(std::move(entries));
}

inline std::vector<std::string> names(const Resolution& r) {
    std::vector<std::string> out;
    for (const auto& a : r.applications) out.push_back(a.name);
    return out;
}

}  // namespace appgraph::testing
