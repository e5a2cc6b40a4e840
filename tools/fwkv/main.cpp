// fwkv: read and write U-Boot environment images. The command line is a table (cli.cpp) run by
// the runner all the tools share; this file is the one place that turns a kv::Error into a
// message and a documented exit code.

#include <fcntl.h>
#include <unistd.h>

#include "cli.hpp"
#include "common/content.hpp"
#include "common/exit_codes.hpp"
#include "libkv/error.hpp"

namespace fwkv {

namespace {

int exit_code_for(kv::ErrorKind kind) {
    switch (kind) {
        case kv::ErrorKind::usage:
            return toolcommon::exit_usage;
        case kv::ErrorKind::not_found:
            return toolcommon::exit_negative;
        case kv::ErrorKind::invalid_image:
            return toolcommon::exit_invalid_input;
        case kv::ErrorKind::io:
            return toolcommon::exit_io;
        case kv::ErrorKind::no_space:
            return toolcommon::exit_no_space;
        case kv::ErrorKind::parse:
            return toolcommon::exit_malformed;
    }
    return toolcommon::exit_io;
}

// "hint: IMAGE looks like an OTP .app file ..." when the file named as the image is text of a
// kind another tool reads.
void hint_other_kind(const Options& options, const toolcommon::Reporter& diag) {
    if (options.args.empty() || options.args[0] == "-") return;
    const int fd = ::open(options.args[0].c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return;
    std::string head(1 << 16, '\0');
    const ssize_t n = ::read(fd, head.data(), head.size());
    ::close(fd);
    head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    const toolcommon::Content looks = toolcommon::what_it_looks_like(head);
    if (looks != toolcommon::Content::environment && looks != toolcommon::Content::binary &&
        looks != toolcommon::Content::unknown)
        diag.note("hint: " + toolcommon::looks_like(options.args[0], looks));
}

}  // namespace

std::optional<int> library_error(const std::exception& e, const Options& options,
                                 const toolcommon::Reporter& diag) {
    const auto* error = dynamic_cast<const kv::Error*>(&e);
    if (error == nullptr) return std::nullopt;
    diag.error(error->what());
    if (error->kind() == kv::ErrorKind::invalid_image) hint_other_kind(options, diag);
    return exit_code_for(error->kind());
}

}  // namespace fwkv

int main(int argc, char** argv) {
    fwkv::Options options;
    return toolcommon::run_tool(fwkv::tool(options), argc, argv);
}
