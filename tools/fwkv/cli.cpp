// The command-line interface of fwkv as one CLI11 App: every subcommand with its operands and
// options, the location options shared by all of them, and the exit codes in the epilog. The
// forms here are a contract other tools and scripts rely on; keep them stable.

#include "cli.hpp"

#include <CLI/CLI.hpp>

#include "common/numbers.hpp"

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

const char* const kEpilog = R"(Location options (every command):
  IMAGE is a file holding one environment block, or a disk image with --offset/--size.
  With neither IMAGE nor -c/--fwup-conf, the devices of /etc/fw_env.config are used, as
  fw_printenv does (a first operand is IMAGE when it is an existing file or holds a '/').
  --offset N, --size N          the block inside a larger image (default: the whole file)
  --redundant-offset N          a second copy (redundant layout: CRC, flags byte, data)
  -c, --config FILE             an fw_env.config (replaces IMAGE; sizes are hex as in U-Boot)
  --fwup-conf FILE --env NAME   a fwup.conf uboot-environment section (512-byte blocks)
  --big-endian                  the CRC is stored big-endian (mkenvimage -b)
  Numbers are decimal or 0x hexadecimal.

Exit codes:
  0  success
  1  get/active: a key is missing; diff: the environments differ
  2  usage error
  3  invalid image (no valid copy, malformed block)
  4  I/O error
  5  no space (the environment does not fit in its block)
  6  malformed input (put script, fw_env.config, fwup.conf))";

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

// When the command line names a subcommand, only that one is built: constructing the other
// eight subcommands and their ~80 options costs more than reading a 128 KiB environment, and
// fwkv runs in shell loops and boot scripts. Help without a subcommand, a misspelt name and
// shell completion get the whole App.
CLI::App* add_command(CLI::App& app, Options& o, const std::string& name,
                      const std::string& description, const std::string& operands,
                      const std::string& operand_help, const char* only) {
    if (only != nullptr && name != only) return nullptr;
    CLI::App* sub = app.add_subcommand(name, description);
    sub->group("Commands");  // a named group: listed in --help and offered by "did you mean"
    sub->callback([&o, name] { o.command = name; });
    sub->add_option(operands, o.args, operand_help)->type_name("");
    add_location_options(sub, o.location);
    return sub;
}

}  // namespace

std::unique_ptr<CLI::App> build_cli(Options& o, const char* only) {
    auto app = std::make_unique<CLI::App>(
        "Read and write U-Boot environment images (the firmware KV block of Nerves), "
        "byte-compatible with mkenvimage and fw_printenv/fw_setenv.",
        "fwkv");
    app->set_version_flag("--version", FWTOOLS_VERSION);
    app->require_subcommand(1);
    app->footer(kEpilog);
    // With `only` naming no known subcommand (a typo, --help), everything is built.
    const char* const names[] = {"list",  "get",  "put",  "unset", "create",
                                 "check", "info", "diff", "active"};
    bool known = false;
    for (const char* n : names) known = known || (only != nullptr && std::string(only) == n);
    if (!known) only = nullptr;

    if (CLI::App* list =
            add_command(*app, o, "list", "Print all variables as key=value lines, in stored order",
                        "IMAGE", "The image (omit with -c)", only)) {
        list->add_flag("--json", o.json, "Print one JSON object");
        list->add_flag("--sort", o.sort, "Sort by name");
        list->add_flag("-0,--null", o.nul, "End each key=value with NUL instead of newline");
    }
    if (CLI::App* get = add_command(*app, o, "get", "Print variables (exit 1 when one is missing)",
                                    "IMAGE KEY", "The image (omit with -c), then the keys", only)) {
        get->add_flag("-n,--values", o.values_only, "Print only the values");
    }
    if (CLI::App* put = add_command(
            *app, o, "put", "Set variables, all in one write", "IMAGE KEY=VALUE",
            "The image (omit with -c), then assignments (KEY= sets an empty value)", only)) {
        put->add_option("--script", o.script,
                        "Apply a script, one change per line ('-' reads stdin; see below)")
            ->type_name("FILE");
        put->add_flag("--active", o.active,
                      "Write each KEY as <slot>.KEY, the slot named by nerves_fw_active "
                      "(default a), as Nerves.Runtime.KV.put_active");
        put->footer(kScriptSemantics);
    }
    add_command(*app, o, "unset", "Delete variables", "IMAGE KEY",
                "The image (omit with -c), then the keys", only);
    if (CLI::App* create =
            add_command(*app, o, "create", "Make an image from key=value text (as mkenvimage)",
                        "IMAGE", "The image file to write", only)) {
        create->add_flag("--redundant", o.redundant,
                         "Redundant layout (flags byte = 1), as mkenvimage -r");
        create->add_option("--pad", o.pad, "Padding byte (default 0xff), as mkenvimage -p")
            ->type_name("BYTE")
            ->check(toolcommon::check_unsigned);
        create
            ->add_option("--from", o.from,
                         "Text with one key=value per line ('-' reads stdin; default: empty)")
            ->type_name("FILE");
        create->add_flag("--force", o.force,
                         "Replace an environment that is already valid there (without it, create "
                         "refuses)");
    }
    add_command(*app, o, "check", "Verify the image (exit 3 when no copy is valid)", "IMAGE",
                "The image (omit with -c)", only);
    if (CLI::App* info = add_command(*app, o, "info",
                                     "Layout, sizes, used/free bytes, CRC and flags of each copy",
                                     "IMAGE", "The image (omit with -c)", only)) {
        info->add_flag("--json", o.json, "Print one JSON object");
    }
    if (CLI::App* diff =
            add_command(*app, o, "diff",
                        "Added, removed and changed keys from A to B (exit 1 when they differ)",
                        "IMAGE_A IMAGE_B", "The two images", only)) {
        diff->add_flag("--json", o.json, "Print one JSON object");
    }
    if (CLI::App* active = add_command(
            *app, o, "active", "The Nerves view: the active slot's variables, prefix stripped",
            "IMAGE KEY", "The image (omit with -c), then optional keys", only)) {
        active->add_flag("--json", o.json, "Print one JSON object");
    }
    return app;
}

std::string chosen_command(const CLI::App& app) {
    for (const CLI::App* sub : app.get_subcommands()) return sub->get_name();
    return {};
}

}  // namespace fwkv
