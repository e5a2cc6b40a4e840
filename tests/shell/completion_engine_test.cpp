// The completion engine against a small App shaped like the tools: subcommands, options with
// enumerated values, file arguments, repeated options, `--name=value`, `--`, and a hook that
// supplies dynamic values from what was typed before the cursor.

#include <doctest/doctest.h>

#include <cstdlib>

#include "common/completion.hpp"

using toolcommon::complete;
using toolcommon::CompletionContext;
using Lines = std::vector<std::string>;

namespace {

struct Demo {
    CLI::App app{"demo"};
    std::string image, format, config;
    std::vector<std::string> keys, excludes;
    std::string offset;
    bool values_only = false;

    Demo() {
        app.require_subcommand(1);
        auto* get = app.add_subcommand("get", "Print values");
        get->add_option("image", image, "The image")->check(CLI::ExistingFile);
        get->add_option("keys", keys, "Keys to print");
        get->add_option("--offset", offset, "Where the block starts");
        get->add_option("-c,--config", config, "fw_env.config")->check(CLI::ExistingFile);
        get->add_flag("-n", values_only, "Values only");
        auto* tree = app.add_subcommand("tree", "Show a tree");
        tree->add_option("--format", format, "Output format")
            ->check(CLI::IsMember({"pretty", "plain", "dot", "json"}));
        tree->add_option("--exclude", excludes, "Leave out an app");
        tree->add_option("dir", image, "Where to look")->check(CLI::ExistingDirectory);
        app.add_subcommand("__hidden", "")->group("");
    }
};

std::optional<Lines> hook(const CompletionContext& ctx) {
    if (ctx.subcommand() == "get" && ctx.option == nullptr && ctx.positional_index >= 1) {
        // Echo what the engine saw, so the test can check it.
        return Lines{"k_" + ctx.positionals[0],
                     "k_offset_" + ctx.value_of("offset").value_or("none"), "other"};
    }
    if (ctx.option_is("--exclude")) return Lines{"kernel", "stdlib", ":odd"};
    return std::nullopt;
}

Lines run(const Lines& words) {
    Demo demo;
    return complete(demo.app, words, hook);
}

}  // namespace

TEST_CASE("subcommands at the top level, hidden ones left out, filtered by prefix") {
    CHECK(run({""}) == Lines{"get\tPrint values", "tree\tShow a tree"});
    CHECK(run({"t"}) == Lines{"tree\tShow a tree"});
    CHECK(run({"x"}).empty());
}

TEST_CASE("options of the chosen subcommand, with descriptions") {
    Lines got = run({"tree", "--f"});
    CHECK(got == Lines{"--format\tOutput format"});
    got = run({"get", "-"});
    CHECK(std::find(got.begin(), got.end(), "--offset\tWhere the block starts") != got.end());
    CHECK(std::find(got.begin(), got.end(), "-n\tValues only") != got.end());
    CHECK(std::find(got.begin(), got.end(), "--format\tOutput format") == got.end());
}

TEST_CASE("an option given once is not offered again, a repeatable one is") {
    Lines got = run({"get", "--offset", "4", "--"});
    CHECK(std::find(got.begin(), got.end(), "--offset\tWhere the block starts") == got.end());
    got = run({"tree", "--exclude", "a", "--ex"});
    CHECK(got == Lines{"--exclude\tLeave out an app"});
}

TEST_CASE("enumerated values come from the IsMember check") {
    CHECK(run({"tree", "--format", ""}) == Lines{"pretty", "plain", "dot", "json"});
    CHECK(run({"tree", "--format", "p"}) == Lines{"pretty", "plain"});
    CHECK(run({"tree", "--format=d"}) == Lines{"--format=dot"});
}

TEST_CASE("file and directory arguments become directives") {
    CHECK(run({"get", ""}) == Lines{":files"});
    CHECK(run({"get", "--config", ""}) == Lines{":files"});
    CHECK(run({"tree", ""}) == Lines{":dirs"});
}

TEST_CASE("the hook sees positionals and option values typed before the cursor") {
    CHECK(run({"get", "img.bin", "--offset", "0x1000", ""}) ==
          Lines{"k_img.bin", "k_offset_0x1000", "other"});
    CHECK(run({"get", "--offset=7", "img.bin", "k_"}) == Lines{"k_img.bin", "k_offset_7"});
    CHECK(run({"get", "img.bin", "o"}) == Lines{"other"});
}

TEST_CASE("a literal candidate starting with ':' is escaped; '--' ends the options") {
    CHECK(run({"tree", "--exclude", ":"}) == Lines{"::odd"});
    CHECK(run({"get", "--", "-img", ""}) == Lines{"k_-img", "k_offset_none", "other"});
}

TEST_CASE("words reach the hook as the shell would pass them: quotes removed, ~ expanded") {
    ::setenv("HOME", "/home/me", 1);
    CHECK(run({"get", "'my env.img'", ""}) == Lines{"k_my env.img", "k_offset_none", "other"});
    CHECK(run({"get", "my\\ env.img", ""}) == Lines{"k_my env.img", "k_offset_none", "other"});
    CHECK(run({"get", "\"a \\\"b\"", ""}) == Lines{"k_a \"b", "k_offset_none", "other"});
    CHECK(run({"get", "~/x.img", ""}) == Lines{"k_/home/me/x.img", "k_offset_none", "other"});
    CHECK(run({"get", "'~/x.img'", ""}) == Lines{"k_~/x.img", "k_offset_none", "other"});
}
