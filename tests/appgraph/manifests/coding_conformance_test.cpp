// Conformance of the term reader's encoding detection with file:consult, which asks epp for the
// encoding: a `coding: NAME` in a comment on the first or second line, NAME's parts split at
// '-' (latin-1, utf-8, LATIN-1-unix, ...), looked for within the first 512 bytes. Seeded random
// files put such comments (well and badly formed, on line 1, 2 or 3, after code, after a long
// line, with tabs, CR LF, other words containing "coding") in front of a string holding a Latin-1
// byte or a UTF-8 character; the reader and file:consult must agree on accept/reject and terms.
// APPGRAPH_SEED=N reproduces a run.

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "canonical.hpp"
#include "libappgraph/term.hpp"

#ifndef CONSULT_DUMP_SCRIPT
#error "CONSULT_DUMP_SCRIPT must name consult_dump.escript"
#endif

namespace fs = std::filesystem;

namespace {

class HeaderGenerator {
public:
    explicit HeaderGenerator(unsigned seed) : rng_(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    std::string name() {
        static const char* names[] = {"latin-1", "LATIN-1", "Latin-1-unix", "latin1",
                                      "latin",   "utf-8",   "iso-8859-1",   "latin_1",
                                      "latin-2", "utf8",    "latin-1",      "latin-1"};
        return names[pick(12)];
    }

    std::string comment() {
        static const char* before[] = {"%% ",   "% ",   "%%",         "%% -*- ",    "%% vim: set ",
                                       "  %% ", "%%\t", "{x, 1}. % ", "%% encoding"};
        static const char* word[] = {"coding", "coding", "coding", "Coding", "decoding", "codin"};
        static const char* sep[] = {": ", ":", "=", " : ", ":\t", " ", ":  "};
        static const char* after[] = {"", " -*-", " ", "\t", ":"};
        std::string text = before[pick(9)];
        if (pick(10) == 0) text += "no coding here, but ";
        return text + word[pick(6)] + sep[pick(7)] + name() + after[pick(5)];
    }

    std::string newline() { return pick(6) == 0 ? "\r\n" : "\n"; }

    std::string file() {
        std::string out;
        switch (pick(6)) {
            case 0:  // the comment on line 1
                out = comment() + newline();
                break;
            case 1:  // on line 2, after a comment or an empty line
                out = (pick(2) ? std::string("%% generated") : std::string()) + newline() +
                      comment() + newline();
                break;
            case 2:  // on line 3: too late
                out = "%% a" + newline() + "%% b" + newline() + comment() + newline();
                break;
            case 3:  // two declarations: the first one counts
                out = comment() + newline() + comment() + newline();
                break;
            case 4: {  // near the 512-byte window
                const int pad = 470 + pick(60);
                out = "%%" + std::string(static_cast<std::size_t>(pad), '-') + newline() +
                      comment() + newline();
                break;
            }
            default:
                out = "{first, 1}." + newline() + comment() + newline();
                break;
        }
        out += pick(2) ? "{a, \"caf\xE9\"}.\n" : "{a, \"caf\xC3\xA9\"}.\n";
        return out;
    }

private:
    std::mt19937 rng_;
};

}  // namespace

TEST_CASE("coding comments: the reader picks the encoding file:consult picks") {
    const unsigned seed = canonical::seed(20261202u);
    INFO("seed: " << seed << " (rerun with APPGRAPH_SEED=" << seed << ")");
    const int count = 800;
    const canonical::ScratchDir dir("coding");
    HeaderGenerator gen(seed);
    std::vector<std::string> texts;
    for (int i = 0; i < count; ++i) texts.push_back(gen.file());
    const std::string dump =
        canonical::escript(CONSULT_DUMP_SCRIPT, dir.write_all(texts, "c", ".config"));
    int latin1 = 0, agreed = 0, line = 0;
    for (const std::string& row : canonical::split(dump, '\n')) {
        if (row.empty()) continue;
        const auto fields = canonical::split(row, '\t');
        const std::string& text = texts[static_cast<std::size_t>(line++)];
        INFO("input:\n" << text);
        std::string ours;
        try {
            for (const appgraph::Term& t : appgraph::parse_terms(text, "c.config"))
                ours += "\t" + canonical::of(t);
        } catch (const appgraph::DiagnosticError&) {
            ours = "error";
        }
        std::string erl = fields[1] == "ok" ? row.substr(row.find("\tok") + 3) : "error";
        CHECK(ours == erl);
        agreed += ours == erl;
        // "caf\xE9" read as Latin-1 gives the list [99,97,102,233].
        latin1 += erl.find("[99,97,102,233]") != std::string::npos &&
                  text.find('\xE9') != std::string::npos &&
                  text.find("\xC3\xA9") == std::string::npos;
    }
    CHECK(line == count);
    MESSAGE(agreed << " of " << count << " agree; " << latin1 << " read as Latin-1 by erl");
    CHECK(latin1 > count / 20);
}
