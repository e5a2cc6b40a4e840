// fwkv: read and write U-Boot environment images. This file parses the command line, runs the
// chosen subcommand and is the one place that turns a kv::Error into "fwkv: error: ..." and a
// documented exit code.

#include <CLI/CLI.hpp>

#include <cstring>

#include "cli.hpp"
#include "commands.hpp"
#include "common/cli_runner.hpp"
#include "completion.hpp"
#include "libkv/error.hpp"

namespace {

int exit_code_for(kv::ErrorKind kind) {
    switch (kind) {
        case kv::ErrorKind::usage:
            return fwkv::exit_usage;
        case kv::ErrorKind::not_found:
            return fwkv::exit_missing;
        case kv::ErrorKind::invalid_image:
            return fwkv::exit_invalid;
        case kv::ErrorKind::io:
            return fwkv::exit_io;
        case kv::ErrorKind::no_space:
            return fwkv::exit_no_space;
        case kv::ErrorKind::parse:
            return fwkv::exit_bad_input;
    }
    return fwkv::exit_io;
}

struct Command {
    const char* name;
    int (*run)(fwkv::Context&);
};

const Command kCommands[] = {
    {"list", fwkv::run_list},   {"get", fwkv::run_get},       {"put", fwkv::run_put},
    {"unset", fwkv::run_unset}, {"create", fwkv::run_create}, {"check", fwkv::run_check},
    {"info", fwkv::run_info},   {"diff", fwkv::run_diff},     {"active", fwkv::run_active},
};

}  // namespace

int main(int argc, char** argv) {
    toolcommon::Reporter diag("fwkv");
    fwkv::Options options;
    std::unique_ptr<CLI::App> app = fwkv::build_cli(options, argc > 1 ? argv[1] : nullptr);
    if (auto code = toolcommon::parse_command_line(*app, argc, argv, diag, fwkv::exit_usage,
                                                   fwkv::complete))
        return *code;
    options.command = fwkv::chosen_command(*app);
    fwkv::Output out;
    fwkv::Context ctx{options, out, diag};
    try {
        for (const Command& command : kCommands) {
            if (options.command == command.name) {
                int code = command.run(ctx);
                out.flush();
                return code;
            }
        }
        diag.error("unknown command '" + options.command + "'");
        return fwkv::exit_usage;
    } catch (const kv::Error& e) {
        out.flush();
        diag.error(e.what());
        return exit_code_for(e.kind());
    } catch (const std::bad_alloc&) {
        out.flush();
        diag.error("out of memory");
        return fwkv::exit_io;
    } catch (const std::exception& e) {
        out.flush();
        diag.error(e.what());
        return fwkv::exit_io;
    }
}
