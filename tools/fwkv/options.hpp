#pragma once
// What the command line of fwkv asks for, filled by the CLI definition (cli.cpp) and read by the
// subcommands. Plain data: no CLI11 here, so the subcommand files compile quickly.

#include <optional>
#include <string>
#include <vector>

#include "common/json_output.hpp"

namespace fwkv {

struct LocationOptions {
    std::optional<std::string> offset;
    std::optional<std::string> size;
    std::optional<std::string> redundant_offset;
    std::optional<std::string> config;     // fw_env.config: replaces IMAGE
    std::optional<std::string> fwup_conf;  // with env_name
    std::optional<std::string> env_name;
    bool big_endian = false;
};

struct Options {
    std::string command;
    std::vector<std::string> args;  // IMAGE (unless --config) then the command's operands
    LocationOptions location;
    toolcommon::JsonStyle json;  // --json, --pretty
    bool sort = false;
    bool nul = false;                   // list -0
    bool values_only = false;           // get -n
    std::optional<std::string> script;  // put --script FILE|-
    bool active = false;                // put --active
    bool redundant = false;             // create --redundant
    std::optional<std::string> pad;     // create --pad BYTE
    std::optional<std::string> from;    // create --from FILE|-
    bool force = false;                 // create --force
};

}  // namespace fwkv
