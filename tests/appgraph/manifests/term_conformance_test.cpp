// Conformance of the term reader with file:consult on seeded random inputs: random terms in
// every syntax the reader supports (spacing, comments, escapes, based and underscored numbers,
// improper lists, binaries, maps, unicode), a share of them mutated by random edits so that most
// of those are invalid. All files go to one run of consult_dump.escript; for each file, the
// reader and file:consult must agree on accept/reject and, when both accept, on every term.
// APPGRAPH_SEED=N reproduces a run; the seed is printed on failure.

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "canonical.hpp"
#include "libappgraph/term.hpp"

#ifndef CONSULT_DUMP_SCRIPT
#error "CONSULT_DUMP_SCRIPT must name consult_dump.escript"
#endif

namespace fs = std::filesystem;

namespace {

class Generator {
public:
    explicit Generator(unsigned seed) : rng_(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    bool chance(int percent) { return pick(100) < percent; }

    std::string space() {
        static const char* spaces[] = {"", "", "", " ", "  ", "\n", "\t", " % comment\n", "\r\n"};
        return spaces[pick(9)];
    }

    std::string escape() {
        static const char* escapes[] = {"\\n",   "\\t",   "\\\\",  "\\'", "\\\"",      "\\x{263A}",
                                        "\\xFF", "\\x41", "\\101", "\\7", "\\^A",      "\\^z",
                                        "\\s",   "\\d",   "\\e",   "\\q", "\\x{1F600}"};
        return escapes[pick(17)];
    }

    std::string text_char() {
        static const char* chars[] = {
            "a", "b", "Z", "0", " ", "-", "_", ".", "@", "\xC3\xA9", "\xE2\x98\xBA", "%", ",", "{"};
        return chance(20) ? escape() : chars[pick(14)];
    }

    std::string atom() {
        static const char* bare[] = {"a",      "ok", "kernel",    "my_app",
                                     "a@host", "x9", "camelCase", "\xC3\xA9t\xC3\xA9",
                                     "maybe"};
        if (chance(70)) return bare[pick(9)];
        std::string out = "'";
        for (int i = pick(6); i > 0; --i) {
            std::string c = text_char();
            out += c == "'" ? "\\'" : c;
        }
        return out + "'";
    }

    std::string string_literal() {
        std::string out = "\"";
        for (int i = pick(8); i > 0; --i) {
            std::string c = text_char();
            out += c == "\"" ? "\\\"" : c;
        }
        out += "\"";
        if (chance(20)) out += space() + string_literal();
        return out;
    }

    std::string integer() {
        switch (pick(8)) {
            case 0:
                return std::to_string(pick(1000));
            case 1:
                return "1_000_" + std::to_string(100 + pick(900));
            case 2:
                return "16#" + std::string(chance(50) ? "FF" : "dead_BEEF");
            case 3:
                return std::to_string(2 + pick(35)) + "#" +
                       std::string(1 + pick(3), "0123456789"[pick(10)]);
            case 4:
                return "123456789012345678901234567890";
            case 5:
                return "-" + std::to_string(pick(100));
            case 6:
                return "$" + std::string(chance(50) ? "a" : "\\n");
            default:
                return "9223372036854775808";
        }
    }

    std::string floating() {
        static const char* floats[] = {"1.5",      "0.0",   "1.5e3",         "2.0e-3",  "1_0.2_5",
                                       "1.0E+2_0", "-3.25", "6.02214076e23", "1.0e-300"};
        return floats[pick(9)];
    }

    std::string term(int depth) {
        int kind = depth > 4 ? pick(5) : pick(11);
        switch (kind) {
            case 0:
                return atom();
            case 1:
                return integer();
            case 2:
                return floating();
            case 3:
                return string_literal();
            case 4:
                return chance(50) ? "[]" : "{}";
            case 5:
            case 6: {
                std::string out = kind == 5 ? "{" : "[";
                int n = pick(4);
                for (int i = 0; i < n; ++i)
                    out += (i ? "," : "") + space() + term(depth + 1) + space();
                if (kind == 6 && n > 0 && chance(25)) out += "|" + space() + term(depth + 1);
                return out + (kind == 5 ? "}" : "]");
            }
            case 7: {
                std::string out = "<<";
                int n = pick(4);
                for (int i = 0; i < n; ++i)
                    out += (i ? "," : "") +
                           (chance(50) ? std::to_string(pick(300)) : string_literal());
                return out + ">>";
            }
            case 8: {
                std::string out = "#{";
                int n = pick(3);
                for (int i = 0; i < n; ++i)
                    out += (i ? "," : "") + term(depth + 1) + space() + "=>" + space() +
                           term(depth + 1);
                return out + "}";
            }
            case 9:
                return "(" + space() + term(depth + 1) + ")";
            default:
                return (chance(50) ? "-" : "+") + space() + (chance(50) ? integer() : floating());
        }
    }

    std::string file() {
        std::string out = chance(20) ? "%% a config file\n" : "";
        for (int i = 1 + pick(3); i > 0; --i) out += space() + term(0) + space() + ".\n";
        if (chance(35)) {
            static const char edits[] = "'\"{}[]<>|,.#$\\ %-+=_0a9eEx\n";
            for (int i = 1 + pick(2); i > 0; --i) {
                std::size_t at = static_cast<std::size_t>(pick(static_cast<int>(out.size()) + 1));
                switch (pick(3)) {
                    case 0:
                        if (at < out.size()) out.erase(at, 1);
                        break;
                    case 1:
                        out.insert(at, 1, edits[pick(sizeof edits - 1)]);
                        break;
                    default:
                        if (at < out.size()) out[at] = edits[pick(sizeof edits - 1)];
                        break;
                }
            }
        }
        return out;
    }

private:
    std::mt19937 rng_;
};

}  // namespace

TEST_CASE("random terms and mutations: the reader agrees with file:consult") {
    const unsigned seed = canonical::seed(20261121u);
    INFO("seed: " << seed << " (rerun with APPGRAPH_SEED=" << seed << ")");
    const int count = 1500;
    const canonical::ScratchDir dir("consult");
    Generator gen(seed);
    std::vector<std::string> texts;
    for (int i = 0; i < count; ++i) texts.push_back(gen.file());
    const std::string dump =
        canonical::escript(CONSULT_DUMP_SCRIPT, dir.write_all(texts, "t", ".config"));
    int accepted = 0;
    int rejected = 0;
    int line_no = 0;
    for (const std::string& line : canonical::split(dump, '\n')) {
        if (line.empty()) continue;
        auto fields = canonical::split(line, '\t');
        const std::string& text = texts[static_cast<std::size_t>(line_no++)];
        INFO("input:\n" << text);
        const bool erl_ok = fields.size() >= 2 && fields[1] == "ok";
        std::vector<appgraph::Term> terms;
        std::string our_error;
        try {
            terms = appgraph::parse_terms(text, "t.config");
        } catch (const appgraph::DiagnosticError& e) {
            our_error = appgraph::format_diagnostic(e.diagnostic());
        }
        INFO("reader: " << (our_error.empty() ? "ok" : our_error));
        REQUIRE(erl_ok == our_error.empty());
        if (!erl_ok) {
            ++rejected;
            continue;
        }
        ++accepted;
        REQUIRE(terms.size() == fields.size() - 2);
        for (std::size_t i = 0; i < terms.size(); ++i)
            CHECK(canonical::of(terms[i]) == fields[i + 2]);
    }
    CHECK(line_no == count);
    MESSAGE(accepted << " accepted and " << rejected << " rejected by both");
    CHECK(accepted > count / 2);
    CHECK(rejected > count / 10);
}
