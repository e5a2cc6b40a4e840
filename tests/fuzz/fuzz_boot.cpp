// Fuzz target of the external term decoder and the boot script reader (.boot and .script): any
// input must either read or fail with a DiagnosticError that names the file; nothing else (crash,
// other exception, hang, sanitizer report, a large allocation from a small input) is acceptable.
// Built as a libFuzzer target when FWTOOLS_BUILD_FUZZERS is on (clang), and always as a replay
// of the saved corpus (tests/fuzz/corpus/boot: real boot files and their mutations).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libappgraph/boot_script.hpp"
#include "libappgraph/external_term.hpp"

namespace {

void check_error(const appgraph::DiagnosticError& e, const char* file) {
    if (e.diagnostic().where.file != file || std::string_view(e.what()).find(file) != 0)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        appgraph::DecodedTerm decoded = appgraph::decode_external_term(input, "fuzz.bin");
        if (!(decoded.term == decoded.term) || decoded.trailing > size) std::abort();
        (void)decoded.term.to_string();
    } catch (const appgraph::DiagnosticError& e) {
        check_error(e, "fuzz.bin");
    }
    try {
        appgraph::BootScript script = appgraph::parse_boot_file(input, "fuzz.boot");
        for (const auto& name : script.start)
            if (name.empty() && script.applications.empty()) std::abort();
    } catch (const appgraph::DiagnosticError& e) {
        check_error(e, "fuzz.boot");
    }
    try {
        (void)appgraph::parse_script_file(input, "fuzz.script");
    } catch (const appgraph::DiagnosticError& e) {
        check_error(e, "fuzz.script");
    }
    return 0;
}
