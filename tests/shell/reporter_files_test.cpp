// The tools' shared plumbing: the one diagnostics format (location, message, indented details,
// bytes escaped, a bound), the JSON string escaper (valid JSON whatever the bytes), the checked
// output, the content sniffing behind the hints, and files (standard input and pipes read whole;
// outputs replaced through a temporary file that keeps the old file's mode).

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "common/content.hpp"
#include "common/files.hpp"
#include "common/json_string.hpp"
#include "common/output.hpp"
#include "common/reporter.hpp"
#include "common/utf8.hpp"

namespace {

// What a Reporter writes, through a temporary stream.
template <typename F>
std::string reported(F&& f) {
    std::FILE* stream = std::tmpfile();
    toolcommon::Reporter reporter("tool", stream);
    f(reporter);
    std::rewind(stream);
    std::string out;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stream)) > 0) out.append(buffer, n);
    std::fclose(stream);
    return out;
}

std::string json(std::string_view text) {
    std::string out;
    toolcommon::append_json_string(out, text);
    return out;
}

struct TempDir {
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("toolcommon-test-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::filesystem::path path;
};

}  // namespace

TEST_CASE("one diagnostics format: TOOL: SEVERITY: LOCATION: message, details indented") {
    using toolcommon::Severity;
    CHECK(reported([](auto& r) { r.report(Severity::error, "a.app:2:5", "bad", "src\n    ^"); }) ==
          "tool: error: a.app:2:5: bad\n  src\n      ^\n");
    CHECK(reported([](auto& r) { r.report(Severity::warning, "m.json: x.y", "odd"); }) ==
          "tool: warning: m.json: x.y: odd\n");
    CHECK(reported([](auto& r) { r.error("no location"); }) == "tool: error: no location\n");
}

TEST_CASE("JSON strings: escapes, UTF-8 kept, invalid bytes become U+FFFD") {
    CHECK(json("a\"b\\c\n\t\r") == R"("a\"b\\c\n\t\r")");
    CHECK(json(std::string("\x01\x1f", 2)) == R"("\u0001\u001f")");
    CHECK(json("h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
          "\"h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
    CHECK(json("\xff") == R"("\ufffd")");
    CHECK(json("\xC3") == R"("\ufffd")");                      // truncated
    CHECK(json("\xC0\xAF") == R"("\ufffd\ufffd")");            // overlong
    CHECK(json("\xED\xA0\x80") == R"("\ufffd\ufffd\ufffd")");  // a surrogate
    CHECK(toolcommon::json_text("a\xff"
                                "b") ==
          "a\xEF\xBF\xBD"
          "b");
}

TEST_CASE("read_input: a file, a missing file, and a pipe read to its end") {
    TempDir dir;
    std::ofstream(dir.file("f")) << "content";
    CHECK(toolcommon::read_input(dir.file("f")) == "content");
    CHECK_THROWS_WITH_AS(toolcommon::read_input(dir.file("missing")),
                         doctest::Contains("missing: cannot read: No such file or directory"),
                         toolcommon::FileError);
    CHECK(toolcommon::input_name("-") == "<stdin>");
    // A FIFO has no size to trust: it must be read until its writer closes it.
    const std::string fifo = dir.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Nobody writes: an error at once, not a wait.
    CHECK_THROWS_WITH_AS(toolcommon::read_input(fifo),
                         doctest::Contains("no process writes to this FIFO"),
                         toolcommon::FileError);
    // A writer: everything it writes, to its end. A reader held open lets the writer open the
    // FIFO at once, before read_input opens it.
    const int held = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(held >= 0);
    const int write_end = ::open(fifo.c_str(), O_WRONLY);
    REQUIRE(write_end >= 0);
    const std::string big(200000, 'x');
    std::thread writer([&] {
        for (std::size_t done = 0; done < big.size();) {
            const ssize_t n = ::write(write_end, big.data() + done, big.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(write_end);
    });
    CHECK(toolcommon::read_input(fifo) == big);
    writer.join();
    ::close(held);
}

TEST_CASE("write_file_atomically: replaces the file, keeps its mode, leaves nothing behind") {
    TempDir dir;
    const std::string target = dir.file("out.svg");
    std::ofstream(target) << "old";
    REQUIRE(::chmod(target.c_str(), 0640) == 0);
    toolcommon::write_file_atomically(target, "new");
    std::ifstream in(target);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "new");
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path))
        ++files;
    CHECK(files == 1);
    CHECK_THROWS_AS(toolcommon::write_file_atomically(dir.file("no/such/dir/x"), "x"),
                    toolcommon::FileError);
}

TEST_CASE("the reporter prints at most kMaxReports problems, then how many more there were") {
    const std::string text = reported([](auto& r) {
        for (int i = 0; i < 60; ++i) r.error("problem " + std::to_string(i));
        r.finish();
    });
    CHECK(text.find("problem 49\n") != std::string::npos);
    CHECK(text.find("problem 50\n") == std::string::npos);
    CHECK(text.find("tool: note: 10 more errors and warnings not shown\n") != std::string::npos);
}

TEST_CASE("bytes that are not text are escaped in messages, text is kept") {
    CHECK(reported([](auto& r) { r.error("a\x1b[31mb\xff c\xC3\xA9"); }) ==
          "tool: error: a\\x1b[31mb\\xff c\xC3\xA9\n");
    CHECK(toolcommon::printable("tab\there\nnl", "\n\t") == "tab\there\nnl");
    CHECK(toolcommon::printable("\xC2\x9B"
                                "x",
                                "") == "\\xc2\\x9bx");  // a C1 control
    CHECK(toolcommon::printable("\x7f", "") == "\\x7f");
}

TEST_CASE("a failed write to the output is remembered, not ignored") {
    const int full = ::open("/dev/full", O_WRONLY);
    REQUIRE(full >= 0);
    {
        toolcommon::Output out(full);
        out << "some text " << 42 << '\n';
        out.flush();
        CHECK(out.error() == ENOSPC);
        out << "more";  // dropped, not half written
        out.flush();
        CHECK(out.error() == ENOSPC);
    }
    ::close(full);
}

TEST_CASE("what a file looks like, for the hints") {
    using toolcommon::Content;
    using toolcommon::what_it_looks_like;
    CHECK(what_it_looks_like(std::string("\x12\x34\x56\x78"
                                         "a=1\0b=2\0\0",
                                         12)) == Content::environment);
    CHECK(what_it_looks_like(std::string("\x12\x34\x56\x78\x01"
                                         "a=1\0\0",
                                         10)) == Content::environment);
    CHECK(what_it_looks_like("%% comment\n{application, x, []}.") == Content::app_file);
    CHECK(what_it_looks_like("{release, {\"r\", \"1\"}, {erts, \"1\"}, []}.") == Content::rel_file);
    CHECK(what_it_looks_like("{\"applications\": [{\"name\": \"a\", \"supervisor\": {}}]}") ==
          Content::supervision_tree);
    CHECK(what_it_looks_like("{\"applications\": [{\"name\": \"a\", \"vsn\": \"1\"}]}") ==
          Content::json_manifest);
    CHECK(what_it_looks_like("# scenario\n0.5 crash app/sup/w\n") == Content::events_file);
    CHECK(what_it_looks_like(std::string("\x01\x02\x03\x04\x05\x06", 6)) == Content::binary);
    CHECK(what_it_looks_like("plain words") == Content::unknown);
}
