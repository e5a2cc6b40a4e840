#pragma once
// The data every part of libappgraph shares: an application as its .app file describes it and a
// release as its .rel file describes it. Loaders fill these in; the resolver only reads them.

#include <optional>
#include <string>
#include <vector>

#include "libappgraph/enum_names.hpp"

namespace appgraph {

// How the application controller treats an application of the release (.rel entry type).
enum class StartType { permanent, transient, temporary, load, none };

inline constexpr EnumName<StartType> kStartTypeNames[] = {{StartType::permanent, "permanent"},
                                                          {StartType::transient, "transient"},
                                                          {StartType::temporary, "temporary"},
                                                          {StartType::load, "load"},
                                                          {StartType::none, "none"}};
constexpr const auto& enum_names(StartType) {
    return kStartTypeNames;
}

// Where a piece of input came from, for messages: a position in a text file ("path:line:column")
// or, in a JSON document, the JSON path of the value ("path: applications[3].vsn"), since a
// parsed JSON value keeps no position.
struct SourceLocation {
    std::string file;       // the file (or the argument, or "<stdin>") the input came from
    int line = 0;           // 1-based; 0 when unknown
    int column = 0;         // 1-based; 0 when unknown
    std::string json_path;  // "applications[3].vsn"; empty outside JSON documents
};

// One application, from `{application, Name, [Opt]}`.
struct Application {
    std::string name;
    std::string vsn;
    std::string description;
    std::vector<std::string> applications;           // `applications`: uses, in file order
    std::vector<std::string> included_applications;  // `included_applications`, in file order
    std::vector<std::string> optional_applications;  // `optional_applications`, in file order
    std::optional<std::string> mod;                  // the callback module of `mod`, if any
    std::vector<std::string> registered;             // `registered`
    std::vector<std::string> modules;                // `modules` (module names only)
    SourceLocation source;                           // the .app file (or manifest entry)
};

// One entry of a .rel file's application list.
struct ReleaseEntry {
    std::string name;
    std::string vsn;
    StartType type = StartType::permanent;
    // The entry's IncApps, which replace the .app's included_applications when present.
    std::optional<std::vector<std::string>> included_override;
    SourceLocation source;
};

// `{release, {Name, Vsn}, {erts, EVsn}, [Entry]}`.
struct Release {
    std::string name;
    std::string vsn;
    std::string erts_vsn;
    std::vector<ReleaseEntry> entries;
    SourceLocation source;
};

}  // namespace appgraph
