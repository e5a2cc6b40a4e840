// Conformance of the .app checks with systools: seeded random .app files (required keys dropped,
// values of every checked key replaced by values of other types, malformed and duplicate
// entries, unknown keys, non-tuple entries, shuffled order) are read by systools:make_script
// (through systools_read_app.escript, one VM for all cases) and by parse_app_file. The outcome
// must agree: accepted by both, or the same error kind for the same key. Where systools crashes
// on a value (a non-list string value, an improper option list) the reader must report that key
// as bad_param (or the file as bad_app). APPGRAPH_SEED=N reproduces a run.

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "canonical.hpp"
#include "libappgraph/manifest.hpp"

#ifndef SYSTOOLS_READ_APP_SCRIPT
#error "SYSTOOLS_READ_APP_SCRIPT must name systools_read_app.escript"
#endif

namespace fs = std::filesystem;

namespace {

const char* const keys[] = {"description",
                            "vsn",
                            "id",
                            "modules",
                            "registered",
                            "applications",
                            "optional_applications",
                            "included_applications",
                            "mod",
                            "start_phases",
                            "env",
                            "maxT",
                            "maxP",
                            "runtime_dependencies"};

std::string good_value(const std::string& key, std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    if (key == "description") return pick(2) ? "\"An app\"" : "[]";
    if (key == "vsn") return pick(10) ? "\"1\"" : "[$1]";
    if (key == "id") return "\"x-id\"";
    if (key == "modules") return pick(2) ? "[x, x_sup]" : "[]";
    if (key == "registered") return pick(2) ? "[x_server]" : "\"\"";
    if (key == "applications") return "[kernel, stdlib]";
    if (key == "optional_applications") return pick(2) ? "[stdlib]" : "[]";
    if (key == "included_applications") return "[]";
    if (key == "mod") return pick(3) ? "{x, []}" : "[]";
    if (key == "start_phases") return pick(2) ? "[{go, []}]" : "undefined";
    if (key == "env") return pick(2) ? "[{k, v}, {n, 1}]" : "[]";
    if (key == "maxT" || key == "maxP") return pick(2) ? "infinity" : "10";
    return "[\"kernel-8.0\"]";
}

std::string bad_value(std::mt19937& rng) {
    static const char* values[] = {"foo",         "1",           "0",
                                   "-1",          "\"s\"",       "[\"s\"]",
                                   "{a, b}",      "<<\"b\">>",   "[a | b]",
                                   "[{a}]",       "[{a, b, c}]", "[{\"a\", b}]",
                                   "{\"m\", []}", "{m}",         "[1, 2]",
                                   "1.5",         "infinity",    "undefined",
                                   "[]",          "[a, \"b\"]",  "99999999999999999999"};
    return values[std::uniform_int_distribution<int>(0, 20)(rng)];
}

std::string random_app(std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    std::vector<std::string> entries;
    for (const char* key : keys) {
        const std::string k = key;
        const bool required = k == "description" || k == "vsn" || k == "modules" ||
                              k == "registered" || k == "applications";
        if (!required && pick(2)) continue;
        if (pick(100) < 3) continue;  // drop (a required key goes missing)
        std::string value = pick(100) < 5 ? bad_value(rng) : good_value(k, rng);
        switch (pick(60)) {
            case 0:
                entries.push_back("{" + k + "}");
                break;
            case 1:
                entries.push_back("{" + k + ", " + value + ", extra}");
                break;
            case 2:
                entries.push_back("{" + k + ", " + bad_value(rng) + "}");
                entries.push_back("{" + k + ", " + value + "}");
                break;
            default:
                entries.push_back("{" + k + ", " + value + "}");
                break;
        }
    }
    if (pick(10) == 0) entries.push_back("{unknown_key, " + bad_value(rng) + "}");
    if (pick(15) == 0) entries.push_back(pick(2) ? "foo" : "\"str\"");
    if (pick(8) == 0) entries.push_back("{vsn, \"2\"}");
    std::shuffle(entries.begin(), entries.end(), rng);
    std::string list;
    for (std::size_t i = 0; i < entries.size(); ++i) list += (i ? ",\n  " : "") + entries[i];
    if (pick(40) == 0) return "{application, x, [" + list + " | tail]}.\n";
    if (pick(60) == 0) return "{application, x, {" + list + "}}.\n";
    return "{application, x,\n [" + list + "]}.\n";
}

std::string outcome_of(const std::string& text) {
    try {
        appgraph::Application app = appgraph::parse_app_file(text, "x.app");
        return app.vsn == "1" ? "ok" : "vsn_mismatch";
    } catch (const appgraph::DiagnosticError& error) {
        const appgraph::Diagnostic& e = error.diagnostic();
        const std::string kind = appgraph::to_string(e.kind);
        if (kind != "missing_param" && kind != "bad_param") return kind;
        // The key is the second quoted name: "application 'x': ... 'KEY' ..."
        std::size_t first = e.message.find('\'', e.message.find("': ") + 1);
        std::size_t end = e.message.find('\'', first + 1);
        return kind + " " + e.message.substr(first + 1, end - first - 1);
    }
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("random .app files: parse_app_file agrees with systools") {
    const unsigned seed = canonical::seed(20261121u);
    INFO("seed: " << seed << " (rerun with APPGRAPH_SEED=" << seed << ")");
    std::mt19937 rng(seed);
    const int count = 400;
    const canonical::ScratchDir scratch("systools-app");
    const fs::path& base = scratch.path();
    write(base / "kernel.app",
          "{application,kernel,[{description,\"k\"},{vsn,\"1\"},{modules,[]},{registered,[]},{"
          "applications,[]}]}.\n");
    write(base / "stdlib.app",
          "{application,stdlib,[{description,\"s\"},{vsn,\"1\"},{modules,[]},{registered,[]},{"
          "applications,[kernel]}]}.\n");
    write(base / "t.rel",
          "{release,{\"t\",\"1\"},{erts,\"1\"},[{kernel,\"1\"},{stdlib,\"1\"},{x,\"1\"}]}.\n");
    std::vector<std::string> texts;
    std::string args = " " + base.string();
    for (int i = 0; i < count; ++i) {
        texts.push_back(random_app(rng));
        const fs::path dir = base / ("case" + std::to_string(i));
        fs::create_directories(dir);
        write(dir / "x.app", texts.back());
        args += " " + dir.string();
    }
    const std::string dump = canonical::escript(SYSTOOLS_READ_APP_SCRIPT, args);
    const auto lines = canonical::split(dump, '\n');
    REQUIRE(lines.size() >= static_cast<std::size_t>(count));
    int ok = 0;
    int errors = 0;
    for (int i = 0; i < count; ++i) {
        const std::string& systools = lines[static_cast<std::size_t>(i)];
        const std::string ours = outcome_of(texts[static_cast<std::size_t>(i)]);
        INFO("x.app:\n" << texts[static_cast<std::size_t>(i)]);
        if (systools == "crash") {
            const bool string_key = ours == "bad_param vsn" || ours == "bad_param id" ||
                                    ours == "bad_param description";
            CHECK_MESSAGE((string_key || ours == "bad_app"),
                          "systools crashed, the reader said: " << ours);
        } else {
            CHECK(ours == systools);
        }
        (systools == "ok" ? ok : errors)++;
    }
    MESSAGE(ok << " accepted and " << errors << " rejected");
    CHECK(ok > count / 10);
    CHECK(errors > count / 4);
}
