// Reading an events file line by line (ScriptReader, check_events) and simulating as it is read:
// the same events and the same diagnostics as parsing the text whole, whatever the line endings,
// the chunk boundaries or the order of the lines.

#include <sstream>

#include "sim_support.hpp"

using namespace suptest;

namespace {

const char* kTree = R"({"applications": [{"name": "kv", "supervisor": {"id": "S", "children": [
    {"id": "w"}, {"id": "v"}, {"id": "D", "dynamic": true, "template": {"id": "t"}}]}}]})";

// Every field of every event, one line each.
std::string describe(const std::vector<ScriptEvent>& events) {
    std::string out;
    for (const auto& e : events)
        out += std::to_string(e.line) + " " + format_seconds(e.t_us) + " " +
               format_seconds(e.every_us) + " " + to_string(e.action) + " " + e.path + " " +
               e.reason + " " + e.child_id + " " + e.spec_id + " " + std::to_string(e.count) + "\n";
    return out;
}

// Whole diagnostics, snippet and caret included.
std::string full(const appgraph::Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics.all()) out += appgraph::format_diagnostic(d) + "\n";
    return out;
}

struct Read {
    std::vector<ScriptEvent> events;
    std::string diagnostics;
    bool in_order = true;
};

Read read(const Tree& tree, const std::string& text) {
    appgraph::Diagnostics diagnostics;
    std::istringstream in(text);
    ScriptReader reader(in, "events.txt", tree, diagnostics);
    Read r;
    ScriptEvent e;
    while (reader.next(e)) r.events.push_back(e);
    r.in_order = reader.in_time_order();
    r.diagnostics = full(diagnostics);
    return r;
}

// The reader and parse_events agree on `text`: events, messages, places and snippets.
void same_as_parse_events(const std::string& text) {
    Tree tree = load(kTree);
    appgraph::Diagnostics whole;
    std::vector<ScriptEvent> parsed = parse_events(text, "events.txt", tree, whole);
    const Read r = read(tree, text);
    CHECK(r.diagnostics == full(whole));
    if (whole.ok()) CHECK(describe(r.events) == describe(parsed));
    appgraph::Diagnostics checked;
    std::istringstream in(text);
    const ScriptCheck check = check_events(in, "events.txt", tree, checked);
    CHECK(full(checked) == full(whole));
    if (whole.ok()) CHECK(check.events == parsed.size());
}

}  // namespace

TEST_CASE("every error is reported with the message, place and snippet parse_events gives") {
    for (const char* text : {
             "1 crash kv/S/nope\n",
             "x crash kv/S/w\n",
             "1 explode kv/S/w\n",
             "1 exit kv/S/w\n",
             "\n  2 fail-start kv/S/w zero\n",
             "1 crash kv\n",
             "1 crash other/S/w\n",
             "1 crash kv/S/w/deeper\n",
             "1 crash kv//w\n",
             "1 start-child kv/S/w x\n",
             "1 start-child kv/S other\n",
             "1 start-child kv/S/D a/b\n",
             "1 start-child kv/S/D x nospec\n",
             "1 terminate-child kv/S/D\n",
             "1 every 0 crash kv/S/w\n",
             "1 every\n",
             "1 every 2 exit kv/S/w normal\n",
             "1 crash kv/S/w a b\n",
             "1\n",
             "1 ignore-start kv/S/w extra\n",
             "# two bad lines among good ones\n1 crash kv/S/w\nbad\n2 crash kv/S/v\n3 crash "
             "kv/S/x\n",
             "1 crash kv/S/nope\r\n2 crash kv/S/w\r\n",
             "1 crash kv/S/nope",
         }) {
        CAPTURE(text);
        same_as_parse_events(text);
    }
}

TEST_CASE("comments, blank lines, CRLF, tabs, a missing final newline, an empty file") {
    same_as_parse_events("");
    same_as_parse_events("\n\n");
    same_as_parse_events("# only a comment");
    same_as_parse_events("# scenario\n\n1 crash kv/S/w  # why\n\t2\texit kv/S/v\tbye\n");
    same_as_parse_events("1 crash kv/S/w\r\n2 every 0.5 crash kv/S/v boom\r\n3 crash kv/S/w");
    Tree tree = load(kTree);
    CHECK(read(tree, "").events.empty());
    const Read r = read(tree, "1 crash kv/S/w\r\n2 crash kv/S/v boom");
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].reason == "crash");
    CHECK(r.events[1].reason == "boom");
    CHECK(r.events[1].line == 2);
}

TEST_CASE("lines across the reader's chunks, and a line longer than a chunk") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += std::to_string(i / 100) + "." + std::to_string(i % 100 / 10) + " crash kv/S/" +
                (i % 3 ? "w" : "v") + (i % 7 ? "" : " reason_" + std::to_string(i)) + "\n";
    // More distinct paths than the parser keeps resolved: it starts over and stays right.
    for (int i = 0; i < 70000; ++i) text += "250 crash kv/S/D/x" + std::to_string(i % 69000) + "\n";
    text += "251 crash kv/S/nope\n";
    text += "300 crash kv/S/w " + std::string(200000, 'r') + "\n";
    text += "301 crash kv/S/" + std::string(100000, 'n') + "\n";
    same_as_parse_events(text);
}

TEST_CASE("every: the repeating line is read with its interval") {
    Tree tree = load(kTree);
    const Read r = read(tree, "0.5 every 1.5 crash kv/S/D/x boom\n");
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].every_us == 1500000);
    CHECK(r.events[0].reason == "boom");
}

TEST_CASE("a file out of time order is read in file order and said to be out of order") {
    Tree tree = load(kTree);
    const Read sorted = read(tree, "1 crash kv/S/w\n1 crash kv/S/v\n2 crash kv/S/w\n");
    CHECK(sorted.in_order);
    const Read r = read(tree, "2 crash kv/S/w\n1 crash kv/S/v\n1 crash kv/S/w\n");
    CHECK_FALSE(r.in_order);
    REQUIRE(r.events.size() == 3);
    CHECK(r.events[0].line == 1);
    std::istringstream in("2 crash kv/S/w\n# late\n1 crash kv/S/v\n");
    appgraph::Diagnostics diagnostics;
    const ScriptCheck check = check_events(in, "events.txt", tree, diagnostics);
    CHECK_FALSE(check.in_time_order);
    CHECK(check.events == 2);
    // Sorted, equal times keep file order.
    SortedScript source(r.events);
    ScriptEvent e;
    std::string lines;
    while (source.next(e)) lines += std::to_string(e.line) + " ";
    CHECK(lines == "2 3 1 ");
}

TEST_CASE("simulating out of order events read as they go is refused, not misordered") {
    Tree tree = load(kTree);
    appgraph::Diagnostics diagnostics;
    std::istringstream in("2 crash kv/S/w\n1 crash kv/S/v\n");
    ScriptReader reader(in, "events.txt", tree, diagnostics);
    NullSink sink;
    CHECK_THROWS_AS(simulate(tree, reader, SimulationOptions{}, sink), std::invalid_argument);
}

TEST_CASE(
    "an out of order script runs as its stable sort; every and boot failures keep their "
    "semantics") {
    // run() compares the whole-script and the streamed simulation of each script.
    const char* tree = R"({"applications": [{"name": "kv", "supervisor": {"id": "S",
        "intensity": 100, "children": [{"id": "w"}, {"id": "v"}]}}]})";
    Run shuffled = run(tree, "3 crash kv/S/w late\n1 crash kv/S/v\n1 crash kv/S/w first\n");
    Run sorted = run(tree, "1 crash kv/S/v\n1 crash kv/S/w first\n3 crash kv/S/w late\n");
    CHECK(shuffled.trace == sorted.trace);
    Run boot = run(tree,
                   "0 crash kv/S/w\n0 fail-start kv/S/v 1 enoent\n0 every 2 crash kv/S/v\n"
                   "1 crash kv/S/w\n2 crash kv/S/w\n",
                   SimulationOptions{.until_us = 5000000});
    CHECK(boot.trace.find("0 start_error kv/S/v enoent") != std::string::npos);
    Run repeats =
        run(tree, "0.5 every 1 crash kv/S/w\n1.5 crash kv/S/v\n1.5 every 2 crash kv/S/v\n");
    // 0.5, 1.5, ... up to 60 s after the latest time written (1.5): 62 occurrences.
    CHECK(count(repeats.trace, "exit kv/S/w") == 62);
}
