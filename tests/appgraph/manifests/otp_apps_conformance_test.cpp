// Conformance: every .app file of the installed OTP, read by the term reader and by
// file:consult (through consult_dump.escript, run once). The whole first term must be identical,
// the file must pass parse_app_file's systools checks, and its name, vsn, applications and
// included_applications must be what file:consult gives. Fails loudly when escript is missing.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "canonical.hpp"
#include "libappgraph/manifest.hpp"

#ifndef CONSULT_DUMP_SCRIPT
#error "CONSULT_DUMP_SCRIPT must name consult_dump.escript"
#endif

TEST_CASE("every .app file of the installed OTP reads as file:consult reads it") {
    std::string dump;
    try {
        dump = canonical::run("escript " CONSULT_DUMP_SCRIPT " --otp-apps");
    } catch (const std::exception& e) {
        FAIL("cannot run erl's escript (install erlang-nox): " << std::string(e.what()));
    }
    int files = 0;
    for (const std::string& line : canonical::split(dump, '\n')) {
        if (line.empty()) continue;
        const auto fields = canonical::split(line, '\t');
        REQUIRE(fields.size() == 6);
        const std::string& path = fields[0];
        INFO("file: " << path);
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto term = appgraph::parse_first_term(text.str(), path);
        REQUIRE(term);
        CHECK(canonical::of(*term) == fields[1]);
        appgraph::Application app;
        REQUIRE_NOTHROW(app = appgraph::parse_app_file(text.str(), path));
        CHECK(canonical::atom(app.name) == fields[2]);
        CHECK(canonical::charlist(app.vsn) == fields[3]);
        CHECK(canonical::atom_list(app.applications) == fields[4]);
        CHECK(canonical::atom_list(app.included_applications) == fields[5]);
        ++files;
    }
    MESSAGE(files << " .app files compared");
    CHECK(files >= 20);
}
