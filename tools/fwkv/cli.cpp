// The command line of fwkv: the table of subcommands with their operands and options, and the
// location options every one of them takes. The forms here are a contract other tools and
// scripts rely on; keep them stable.

#include "cli.hpp"

#include "commands.hpp"
#include "common/numbers.hpp"
#include "completion.hpp"

namespace fwkv {

namespace {

// What a `put --script` line means, exactly, and where Debian's fw_setenv -s differs (checked
// against it by tests/kv/conformance/script_semantics.py).
const char* const kScriptSemantics =
    R"(Script lines (put --script), read as U-Boot's fw_setenv -s reads them:
  key=value     sets key (the value may hold blanks and '=')
  key value     sets key: the first blank or tab ends the key, the rest of the line is the value
  key=  or key  deletes key
  Blank lines and lines starting with '#' are skipped; leading blanks and a trailing CR are
  dropped; lines may be of any length. An empty key or a NUL byte is an error naming the line,
  and nothing is written.
Debian's fw_setenv -s (libubootenv 0.3.2) differs: it ignores 'key value' and bare 'key' lines,
keeps leading blanks in the key, reads 'k v=x' as key 'k v', stores a line '=v' under an empty
name, and reads only the first 1,023 bytes of a line.)";

// How put and unset read a first operand when the devices of /etc/fw_env.config are the default
// (fwkv(1), LOCATION OPTIONS; checked by tests/kv/unit/cli/default_config_test.sh).
const char* const kPutDefaultConfig =
    R"(Without IMAGE, -c or --fwup-conf, put writes to the devices of /etc/fw_env.config (a first
operand is IMAGE only when it is an existing file or holds a '/'). A first operand that is not
KEY=VALUE is then refused as a mistyped IMAGE (exit 2, nothing written), and a KEY=VALUE that is
also the name of an existing file as ambiguous (write ./NAME for the file, or give -c).)";
const char* const kUnsetDefaultConfig =
    R"(Without IMAGE, -c or --fwup-conf, unset writes to the devices of /etc/fw_env.config (a first
operand is IMAGE only when it is an existing file or holds a '/'). With more than one KEY, the
first must then exist there: 'fwkv unset typo.img KEY' is refused (exit 2, nothing written)
instead of deleting KEY on the device. A single KEY is deleted whether it exists or not; give
-c /etc/fw_env.config to delete several that may not exist.)";

const char* const kImageHelp =
    "The image: a file holding one environment block, or a disk image with --offset/--size "
    "('-' reads standard input, for reading commands). Omitted with -c/--fwup-conf; with "
    "neither, the devices of /etc/fw_env.config are read, as fw_printenv does (a first operand "
    "is IMAGE when it is an existing file or holds a '/')";

void add_location_options(CLI::App* sub, LocationOptions& loc) {
    const std::string group = "Location";
    sub->add_option("--offset", loc.offset, "Offset of the block in IMAGE")
        ->type_name("N")
        ->check(toolcommon::check_unsigned)
        ->group(group);
    sub->add_option("--size", loc.size, "Size of one copy of the block")
        ->type_name("N")
        ->check(toolcommon::check_unsigned)
        ->group(group);
    sub->add_option("--redundant-offset", loc.redundant_offset,
                    "Offset of the second copy (redundant layout)")
        ->type_name("N")
        ->check(toolcommon::check_unsigned)
        ->group(group);
    sub->add_option("-c,--config", loc.config,
                    "fw_env.config describing the block(s); replaces IMAGE")
        ->type_name("FILE")
        ->group(group);
    sub->add_option("--fwup-conf", loc.fwup_conf, "fwup.conf with a uboot-environment section")
        ->type_name("FILE")
        ->group(group);
    sub->add_option("--env", loc.env_name, "Name of the uboot-environment section in --fwup-conf")
        ->type_name("NAME")
        ->group(group);
    sub->add_flag("--big-endian", loc.big_endian, "The CRC is stored big-endian")->group(group);
}

// A subcommand of the table: its operands are collected in Options::args (IMAGE first, unless
// the location options name the block) and every one takes the location options.
toolcommon::Subcommand command(Options& o, const char* name, const char* description,
                               std::vector<toolcommon::Operand> operands,
                               std::function<void(CLI::App&)> more, int (*run)(Context&)) {
    return {name, description, std::move(operands),
            [&o, more](CLI::App& app) {
                app.add_option("OPERANDS", o.args, "")->type_name("");
                add_location_options(&app, o.location);
                if (more) more(app);
            },
            [&o, name, run](toolcommon::Output& out, const toolcommon::Reporter& diag) {
                o.command = name;
                // Standard input can be read once: as IMAGE, -c, --fwup-conf, --script or --from.
                int stdin_uses = !o.args.empty() && o.args[0] == "-";
                for (const auto* value :
                     {&o.location.config, &o.location.fwup_conf, &o.script, &o.from})
                    stdin_uses += *value == "-";
                if (stdin_uses > 1)
                    throw toolcommon::UsageError("standard input ('-') can be read only once");
                Context ctx{o, out, diag};
                return run(ctx);
            }};
}

}  // namespace

toolcommon::Tool tool(Options& o) {
    toolcommon::Tool t;
    t.name = "fwkv";
    t.description =
        "Read and write U-Boot environment images (the firmware KV block of Nerves), "
        "byte-compatible with mkenvimage and fw_printenv/fw_setenv.";
    t.complete = complete;
    t.library_error = [&o](const std::exception& e, const toolcommon::Reporter& diag) {
        return library_error(e, o, diag);
    };
    // fwkv runs in shell loops and boot scripts: declaring the other eight subcommands and their
    // ~80 options costs more than reading a 128 KiB environment.
    t.build_only_named = true;
    const toolcommon::Operand image{"[IMAGE]", kImageHelp};
    t.subcommands = {
        command(
            o, "list", "Print all variables as key=value lines, in stored order", {image},
            [&o](CLI::App& app) {
                toolcommon::declare_json(app, o.json);
                app.add_flag("--sort", o.sort, "Sort by name");
                app.add_flag("-0,--null", o.nul, "End each key=value with NUL instead of newline");
            },
            run_list),
        command(
            o, "get", "Print variables (exit 1 when one is missing)",
            {image, {"KEY...", "The variables to print"}},
            [&o](CLI::App& app) {
                app.add_flag("-n,--values", o.values_only, "Print only the values");
                toolcommon::declare_json(app, o.json);
            },
            run_get),
        command(
            o, "put", "Set variables, all in one write",
            {image,
             {"[KEY=VALUE...]", "Assignments (KEY= sets an empty value); with --script, optional"}},
            [&o](CLI::App& app) {
                app.add_option("--script", o.script,
                               "Apply a script, one change per line ('-' reads standard "
                               "input; see below)")
                    ->type_name("FILE");
                app.add_flag("--active", o.active,
                             "Write each KEY as <slot>.KEY, the slot named by "
                             "nerves_fw_active (default a), as Nerves.Runtime.KV.put_active");
                app.footer(std::string(kScriptSemantics) + "\n\n" + kPutDefaultConfig);
            },
            run_put),
        command(
            o, "unset", "Delete variables", {image, {"KEY...", "The variables to delete"}},
            [](CLI::App& app) { app.footer(kUnsetDefaultConfig); }, run_unset),
        command(
            o, "create", "Make an image from key=value text (as mkenvimage)",
            {{"IMAGE",
              "The image file to write (or -c/--fwup-conf); --size is required "
              "unless they give it"}},
            [&o](CLI::App& app) {
                app.add_flag("--redundant", o.redundant,
                             "Redundant layout (flags byte = 1), as mkenvimage -r");
                app.add_option("--pad", o.pad, "Padding byte (default 0xff), as mkenvimage -p")
                    ->type_name("BYTE")
                    ->check(toolcommon::check_unsigned);
                app.add_option("--from", o.from,
                               "Text with one key=value per line ('-' reads standard input; "
                               "default: empty)")
                    ->type_name("FILE");
                app.add_flag("--force", o.force,
                             "Replace an environment that is already valid there (without "
                             "it, create refuses)");
            },
            run_create),
        command(
            o, "check", "Verify the image (exit 3 when no copy is valid)", {image},
            [&o](CLI::App& app) { toolcommon::declare_json(app, o.json); }, run_check),
        command(
            o, "info", "Layout, sizes, used/free bytes, CRC and flags of each copy", {image},
            [&o](CLI::App& app) { toolcommon::declare_json(app, o.json); }, run_info),
        command(
            o, "diff", "Added, removed and changed keys from A to B (exit 1 when they differ)",
            {{"IMAGE_A", "The first image ('-' reads standard input)"},
             {"IMAGE_B", "The second image"}},
            [&o](CLI::App& app) { toolcommon::declare_json(app, o.json); }, run_diff),
        command(
            o, "active", "The Nerves view: the active slot's variables, prefix stripped",
            {image, {"[KEY...]", "The variables to print (default: all)"}},
            [&o](CLI::App& app) { toolcommon::declare_json(app, o.json); }, run_active),
    };
    return t;
}

}  // namespace fwkv
