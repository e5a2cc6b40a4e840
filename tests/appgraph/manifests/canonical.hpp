#pragma once
// The canonical notation consult_dump.escript prints, computed from the reader's Terms, so a
// conformance test can compare what the reader read with what file:consult read; and what every
// conformance test of this folder needs around it: the seed, a scratch directory, running erl.

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "libappgraph/term.hpp"
#include "utf8.hpp"  // the library's own UTF-8 decoder

namespace canonical {

inline std::vector<char32_t> code_points(const std::string& utf8) {
    std::vector<char32_t> out;
    appgraph::detail::for_each_code_point(utf8, [&](char32_t c) { out.push_back(c); });
    return out;
}

inline std::string codes(const std::vector<char32_t>& cps) {
    std::string out;
    for (std::size_t i = 0; i < cps.size(); ++i)
        out += (i ? "," : "") + std::to_string(static_cast<unsigned long>(cps[i]));
    return out;
}

inline std::string atom(const std::string& name) {
    return "'" + codes(code_points(name)) + "'";
}
inline std::string charlist(const std::string& text) {
    return "[" + codes(code_points(text)) + "]";
}
inline std::string atom_list(const std::vector<std::string>& names) {
    std::string out = "[";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + atom(names[i]);
    return out + "]";
}

inline std::string of(const appgraph::Term& t) {
    using K = appgraph::Term::Kind;
    switch (t.kind) {
        case K::atom:
            return atom(t.text);
        case K::integer:
            return t.big ? t.text : std::to_string(t.integer);
        case K::floating: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17e", t.floating);
            return buf;
        }
        case K::string:
            return charlist(t.text);
        case K::binary: {
            std::string out = "<<";
            for (std::size_t i = 0; i < t.text.size(); ++i)
                out += (i ? "," : "") + std::to_string(static_cast<unsigned char>(t.text[i]));
            return out + ">>";
        }
        case K::tuple:
        case K::list: {
            std::string out = t.kind == K::tuple ? "{" : "[";
            for (std::size_t i = 0; i < t.items.size(); ++i) out += (i ? "," : "") + of(t.items[i]);
            if (t.tail) out += "|" + of(*t.tail);
            return out + (t.kind == K::tuple ? "}" : "]");
        }
        case K::map: {
            std::vector<std::string> pairs;
            for (std::size_t i = 0; i + 1 < t.items.size(); i += 2)
                pairs.push_back(of(t.items[i]) + "=>" + of(t.items[i + 1]));
            std::sort(pairs.begin(), pairs.end());
            std::string out = "#{";
            for (std::size_t i = 0; i < pairs.size(); ++i) out += (i ? "," : "") + pairs[i];
            return out + "}";
        }
    }
    return {};
}

// Runs a command and returns its standard output; throws when it cannot run or fails.
inline std::string run(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    int status = ::pclose(pipe);
    if (status != 0)
        throw std::runtime_error("command failed (status " + std::to_string(status) +
                                 "; is erlang-nox installed?): " + command);
    return out;
}

// The seed of a seeded test: APPGRAPH_SEED when set (to reproduce a run), else `fallback`.
inline unsigned seed(unsigned fallback) {
    const char* env = std::getenv("APPGRAPH_SEED");
    return env ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : fallback;
}

// A directory of this test's files, removed when it goes out of scope.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                ("appgraph-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

    // Writes texts[i] to PREFIX<i>EXTENSION; returns the paths, each preceded by a space (the
    // arguments of an escript).
    std::string write_all(const std::vector<std::string>& texts, const std::string& prefix,
                          const std::string& extension) const {
        std::string args;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto file = path_ / (prefix + std::to_string(i) + extension);
            std::ofstream(file, std::ios::binary) << texts[i];
            args += " " + file.string();
        }
        return args;
    }

private:
    std::filesystem::path path_;
};

// The output of `escript SCRIPT ARGS`; fails the test when erl cannot run it.
inline std::string escript(const std::string& script, const std::string& args) {
    try {
        return run("escript " + script + " " + args);
    } catch (const std::exception& e) {
        FAIL("cannot run erl's escript (install erlang-nox): " << std::string(e.what()));
    }
    return {};
}

inline std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(sep, start);
        out.push_back(
            text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace canonical
