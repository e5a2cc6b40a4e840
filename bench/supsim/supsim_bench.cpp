// Measures the supervisor simulator on the workloads of bench/supsim/README.md: a crash storm on a
// tree of 10,000 processes (events simulated per second, trace events counted by a sink that does
// no formatting), and `tolerate` on a 5-level tree. With --write DIR it also writes the inputs as
// files so that run.sh can time the supsim command itself on them, among them the two scripts
// that only one case reads each, so that run.sh can take each case's peak memory as a process of
// its own (--case NAME --dir DIR):
//   storm1m-stream  1,000,000 crash lines on 1,000 workers, read and simulated line by line
//   storm1m-whole   the same file parsed whole, then simulated
//   chain           a chain of 2,000 supervisors: loaded, booted, its bottom worker crashed,
//                   then its second supervisor (the whole chain below it restarts)
//   chain-load      the same tree only loaded
//
// Usage: supsim_bench [--write DIR] [--until SECONDS]
//        supsim_bench --case NAME --dir DIR

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "libappgraph/supervision/analysis.hpp"
#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/simulator.hpp"

using namespace appgraph::supervision;

namespace {

class CountingSink : public TraceSink {
public:
    void on_event(const TraceEvent& e) override {
        ++count;
        bytes += e.path.size();  // touch the event so the call is not optimised away
    }
    std::uint64_t count = 0;
    std::uint64_t bytes = 0;
};

// 1 application, a top supervisor, 100 supervisors of 99 workers each: 10,001 processes. The
// middle supervisors cycle through the strategies; intensities are high enough that the storm
// causes restarts (and group restarts) rather than an early node halt.
std::string storm_tree() {
    const char* strategies[] = {"one_for_one", "one_for_all", "rest_for_one", "one_for_one"};
    std::string json =
        R"({"applications": [{"name": "storm", "supervisor": {"id": "Top", "intensity": 1000000, "period": 1, "children": [)";
    for (int s = 0; s < 100; ++s) {
        if (s) json += ",";
        json += R"({"id": "S)" + std::to_string(s) + R"(", "strategy": ")" + strategies[s % 4] +
                R"(", "intensity": 1000000, "period": 1, "children": [)";
        for (int w = 0; w < 99; ++w) {
            if (w) json += ",";
            json += R"({"id": "w)" + std::to_string(w) + R"(", "restart": ")" +
                    (w % 7 == 0 ? "transient" : "permanent") + "\"}";
        }
        json += "]}";
    }
    return json + "]}}]}";
}

// Every worker crashes once a second, staggered across the second; one worker in 20 of the
// one_for_all / rest_for_one groups crashes, so group restarts stay a realistic share.
std::string storm_script() {
    std::string text =
        "# crash storm: every worker of the one_for_one supervisors crashes every second\n";
    for (int s = 0; s < 100; ++s) {
        bool group = s % 4 == 1 || s % 4 == 2;
        for (int w = 0; w < 99; ++w) {
            if (group && w % 20 != 0) continue;
            int offset_us = (s * 99 + w) * 97 % 1000000;
            char start[32];
            std::snprintf(start, sizeof start, "%d.%06d", 0, offset_us);
            text += std::string(start) + " every 1 crash storm/Top/S" + std::to_string(s) + "/w" +
                    std::to_string(w) + "\n";
        }
    }
    return text;
}

std::string deep_tree() {
    std::string inner = R"({"id": "worker"})";
    const int intensity[] = {3, 1, 2, 5, 1};
    const int period[] = {5, 10, 3, 60, 5};
    for (int level = 4; level >= 0; --level) {
        inner = R"({"id": "L)" + std::to_string(level) + R"(", "intensity": )" +
                std::to_string(intensity[level]) + R"(, "period": )" +
                std::to_string(period[level]) + R"(, "children": [{"id": "sibling"}, )" + inner +
                "]}";
    }
    return R"({"applications": [{"name": "deep", "supervisor": )" + inner + "}]}";
}

const char* kDeepPath = "deep/L0/L1/L2/L3/L4/worker";

// 1 application, a top supervisor of 1,000 permanent workers (one_for_one, an intensity that never
// gives up): the tree of the 1M-event storm.
std::string wide_tree() {
    std::string json =
        R"({"applications": [{"name": "wide", "supervisor": {"id": "Top", "intensity": 100000000, "period": 1, "children": [)";
    for (int w = 0; w < 1000; ++w) {
        if (w) json += ",";
        json += R"({"id": "w)" + std::to_string(w) + "\"}";
    }
    return json + "]}}]}";
}

// 1,000,000 crash lines a millisecond apart, each naming one of the 1,000 workers in a scattered
// order: 1,000 simulated seconds.
void write_wide_script(std::ostream& out) {
    out << "# 1,000,000 crashes on 1,000 workers, one a millisecond\n";
    char line[64];
    for (long i = 1; i <= 1000000; ++i) {
        int n = std::snprintf(line, sizeof line, "%ld.%03ld crash wide/Top/w%ld\n", i / 1000,
                              i % 1000, i * 7919 % 1000);
        out.write(line, n);
    }
}

// A chain of `depth` supervisors (one_for_one, each the only child of the one above), a worker at
// the bottom.
std::string chain_tree(int depth) {
    std::string json = R"({"id": "worker"})";
    for (int level = depth - 1; level >= 0; --level)
        json = R"({"id": "L)" + std::to_string(level) +
               R"(", "intensity": 1000000, "period": 1, "children": [)" + json + "]}";
    return R"({"applications": [{"name": "chain", "supervisor": )" + json + "}]}";
}

std::string chain_script(int depth) {
    std::string path = "chain";
    for (int level = 0; level < depth; ++level) path += "/L" + std::to_string(level);
    // The restart of the second supervisor stops and starts the whole chain below it.
    return "# the bottom worker crashes, then the second supervisor\n1 crash " + path +
           "/worker\n2 crash chain/L0/L1\n";
}

constexpr int kChainDepth = 2000;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void print_run(const char* what, const SimulationSummary& summary, std::uint64_t trace_events,
               double elapsed) {
    std::printf("%s: %.3f s, %llu scripted events (%.2f M/s), %llu trace events, halted: %s\n",
                what, elapsed, static_cast<unsigned long long>(summary.script_events),
                static_cast<double>(summary.script_events) / elapsed / 1e6,
                static_cast<unsigned long long>(trace_events), summary.node_halted ? "yes" : "no");
}

// One case of the --case list, on the files --write put in `dir`. The time counts everything from
// reading the files to the end of the simulation.
int run_case(const std::string& name, const std::string& dir) {
    appgraph::Diagnostics diagnostics;
    CountingSink sink;
    SimulationOptions options;
    auto start = std::chrono::steady_clock::now();
    if (name == "storm1m-stream" || name == "storm1m-whole") {
        Tree tree = load_tree(read_file(dir + "/wide_tree.json"), "wide_tree.json", diagnostics);
        SimulationSummary summary;
        if (name == "storm1m-stream") {
            std::ifstream in(dir + "/wide_events.txt", std::ios::binary);
            ScriptReader reader(in, "wide_events.txt", tree, diagnostics);
            summary = simulate(tree, reader, options, sink);
        } else {
            std::vector<ScriptEvent> events = parse_events(read_file(dir + "/wide_events.txt"),
                                                           "wide_events.txt", tree, diagnostics);
            summary = simulate(tree, events, options, sink);
        }
        if (!diagnostics.ok()) return 1;
        print_run(name.c_str(), summary, sink.count, seconds_since(start));
        return 0;
    }
    if (name == "chain" || name == "chain-load") {
        Tree tree = load_tree(read_file(dir + "/chain_tree.json"), "chain_tree.json", diagnostics);
        const double loaded = seconds_since(start);
        if (name == "chain-load") {
            std::printf("chain of %d supervisors: loaded in %.3f s\n", kChainDepth, loaded);
            return diagnostics.ok() ? 0 : 1;
        }
        std::vector<ScriptEvent> events = parse_events(read_file(dir + "/chain_events.txt"),
                                                       "chain_events.txt", tree, diagnostics);
        if (!diagnostics.ok()) return 1;
        SimulationSummary summary = simulate(tree, events, options, sink);
        std::printf("chain of %d supervisors: loaded in %.3f s; ", kChainDepth, loaded);
        print_run("whole run", summary, sink.count, seconds_since(start));
        return 0;
    }
    std::fprintf(stderr, "supsim_bench: unknown case %s\n", name.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string write_dir, case_name, case_dir;
    double until = 100;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--write") && i + 1 < argc)
            write_dir = argv[++i];
        else if (!std::strcmp(argv[i], "--until") && i + 1 < argc)
            until = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--case") && i + 1 < argc)
            case_name = argv[++i];
        else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc)
            case_dir = argv[++i];
        else {
            std::fprintf(stderr,
                         "usage: supsim_bench [--write DIR] [--until SECONDS]\n"
                         "       supsim_bench --case storm1m-stream|storm1m-whole|chain|chain-load "
                         "--dir DIR\n");
            return 2;
        }
    }
    if (!case_name.empty()) return run_case(case_name, case_dir.empty() ? "." : case_dir);
    std::string tree_text = storm_tree(), script_text = storm_script(), deep_text = deep_tree();
    if (!write_dir.empty()) {
        std::ofstream(write_dir + "/storm_tree.json") << tree_text;
        std::ofstream(write_dir + "/storm_events.txt") << script_text;
        std::ofstream(write_dir + "/deep_tree.json") << deep_text;
        std::ofstream(write_dir + "/wide_tree.json") << wide_tree();
        std::ofstream wide(write_dir + "/wide_events.txt", std::ios::binary);
        write_wide_script(wide);
        std::ofstream(write_dir + "/chain_tree.json") << chain_tree(kChainDepth);
        std::ofstream(write_dir + "/chain_events.txt") << chain_script(kChainDepth);
    }
    appgraph::Diagnostics diagnostics;
    Tree tree = load_tree(tree_text, "storm_tree.json", diagnostics);
    std::vector<ScriptEvent> events =
        parse_events(script_text, "storm_events.txt", tree, diagnostics);
    Tree deep = load_tree(deep_text, "deep_tree.json", diagnostics);
    if (!diagnostics.ok()) {
        std::fprintf(stderr, "supsim_bench: bad benchmark input\n");
        return 1;
    }
    std::size_t processes = 0;
    for (const auto& p : list_process_paths(tree)) processes += p != "storm";
    SimulationOptions options;
    options.until_us = static_cast<std::int64_t>(until * 1e6);
    double best = 1e9;
    SimulationSummary summary;
    std::uint64_t trace_events = 0;
    for (int round = 0; round < 3; ++round) {
        CountingSink sink;
        auto start = std::chrono::steady_clock::now();
        summary = simulate(tree, events, options, sink);
        double elapsed = seconds_since(start);
        if (elapsed < best) best = elapsed;
        trace_events = sink.count;
    }
    std::printf("crash storm: %zu processes, %zu repeating crash lines, %g simulated seconds\n",
                processes, events.size(), until);
    std::printf("  scripted events %llu, trace events %llu, node halted: %s\n",
                static_cast<unsigned long long>(summary.script_events),
                static_cast<unsigned long long>(trace_events), summary.node_halted ? "yes" : "no");
    std::printf("  best of 3: %.3f s = %.0f scripted events/s, %.0f trace events/s\n", best,
                static_cast<double>(summary.script_events) / best,
                static_cast<double>(trace_events) / best);

    const int iterations = 10000;
    auto start = std::chrono::steady_clock::now();
    std::size_t levels = 0;
    for (int i = 0; i < iterations; ++i)
        levels += tolerate(deep, kDeepPath, diagnostics).levels.size();
    double per_call = seconds_since(start) / iterations;
    std::printf("tolerate on a 5-level tree (%s): %.2f us per call (%zu levels)\n", kDeepPath,
                per_call * 1e6, levels / iterations);
    return 0;
}
