// Conformance of the external term decoder with binary_to_term. consult_dump.escript writes
// seeded random terms with term_to_binary (every option a release tool might use: compressed,
// minor versions 0 to 2, bytes after the term) and prints each in the canonical notation; the
// decoder must give the same term for each, and refuse the ones a file cannot hold. The boot
// files of the installed OTP (written by its own systools) are decoded and compared the same way.
// APPGRAPH_SEED=N reproduces a run.

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "canonical.hpp"
#include "libappgraph/boot_script.hpp"
#include "libappgraph/external_term.hpp"

#ifndef CONSULT_DUMP_SCRIPT
#error "CONSULT_DUMP_SCRIPT must name consult_dump.escript"
#endif

namespace fs = std::filesystem;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("random terms written by term_to_binary: the decoder agrees with binary_to_term") {
    const unsigned seed = canonical::seed(20261201u);
    INFO("seed: " << seed << " (rerun with APPGRAPH_SEED=" << seed << ")");
    const int count = 1500;
    const canonical::ScratchDir dir("external");
    const std::string dump = canonical::escript(
        CONSULT_DUMP_SCRIPT, "--external " + std::to_string(seed) + " " + std::to_string(count) +
                                 " " + dir.path().string());
    int decoded = 0, refused = 0, compressed = 0, with_trailing = 0;
    for (const std::string& line : canonical::split(dump, '\n')) {
        if (line.empty()) continue;
        const auto fields = canonical::split(line, '\t');
        const std::string bytes = read_file(fields[0]);
        INFO("file: " << fields[0]);
        if (bytes.size() > 1 && bytes[1] == 80) ++compressed;
        if (fields[1] == "unsupported") {
            CHECK_THROWS_AS(appgraph::decode_external_term(bytes, fields[0]),
                            appgraph::DiagnosticError);
            ++refused;
            continue;
        }
        REQUIRE(fields.size() == 4);
        appgraph::DecodedTerm got;
        try {
            got = appgraph::decode_external_term(bytes, fields[0]);
        } catch (const appgraph::DiagnosticError& e) {
            FAIL("refused: " << e.what());
        }
        CHECK(canonical::of(got.term) == fields[3]);
        CHECK(std::to_string(got.trailing) == fields[2]);
        with_trailing += got.trailing > 0;
        ++decoded;
    }
    CHECK(decoded + refused == count);
    MESSAGE(decoded << " decoded (" << with_trailing << " with bytes after the term), " << refused
                    << " refused, " << compressed << " compressed");
    CHECK(refused > count / 20);
    CHECK(compressed > count / 10);
}

TEST_CASE("the installed OTP's boot files decode as binary_to_term reads them") {
    const std::string root = canonical::run(
        "erl -noshell -eval 'io:format(\"~s\", "
        "[code:root_dir()]), halt().'");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(root + "/bin"))
        if (entry.path().extension() == ".boot") files.push_back(entry.path().string());
    REQUIRE(files.size() >= 2);
    std::string args = "--binary";
    for (const auto& f : files) args += " " + f;
    int compared = 0;
    for (const std::string& line :
         canonical::split(canonical::escript(CONSULT_DUMP_SCRIPT, args), '\n')) {
        if (line.empty()) continue;
        const auto fields = canonical::split(line, '\t');
        INFO("file: " << fields[0]);
        const std::string bytes = read_file(fields[0]);
        CHECK(canonical::of(appgraph::decode_external_term(bytes, fields[0]).term) == fields[2]);
        const appgraph::BootScript script = appgraph::parse_boot_file(bytes, fields[0]);
        CHECK(script.start.front() == "kernel");
        CHECK(script.applications.front().app.name == "kernel");
        ++compared;
    }
    CHECK(compared == static_cast<int>(files.size()));
}
