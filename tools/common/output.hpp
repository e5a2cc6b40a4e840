#pragma once
// Standard output as every tool writes it: one buffer written in chunks of 64 KiB (listing 64,000
// variables is some 70 writes, not 64,000; a larger buffer is slower, its fresh pages falling out
// of the cache), and every write checked. A write that fails (a full disk,
// a closed pipe) is remembered and nothing more is written; the runner then reports it and exits
// with exit_io, so `fwkv list big.img > /dev/full` fails instead of exiting 0. On a terminal,
// bytes that are not text (control characters other than newline and tab, invalid UTF-8) are
// shown escaped as \xNN, so a binary value cannot drive the terminal; redirected output is
// written as is.

#include <cerrno>
#include <string>
#include <string_view>
#include <type_traits>

namespace toolcommon {

class Output {
public:
    explicit Output(int fd = 1);
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;
    ~Output() { flush(); }

    void write(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() > kChunk) flush();
    }
    void put(char c) { buffer_ += c; }
    // For writers that append in place (the buffer is flushed when it grows past a chunk).
    std::string& buffer() { return buffer_; }
    void flush_if_full() {
        if (buffer_.size() > kChunk) flush();
    }

    Output& operator<<(std::string_view text) {
        write(text);
        return *this;
    }
    Output& operator<<(const char* text) { return *this << std::string_view(text); }
    Output& operator<<(const std::string& text) { return *this << std::string_view(text); }
    Output& operator<<(char c) {
        put(c);
        return *this;
    }
    template <typename N>
    requires std::is_integral_v<N> Output& operator<<(N n) {
        return *this << std::string_view(std::to_string(n));
    }

    void flush();
    // 0, or the errno of the first write that failed.
    int error() const { return error_; }
    bool terminal() const { return terminal_; }

private:
    static constexpr std::size_t kChunk = 1u << 16;
    int fd_;
    bool terminal_;
    int error_ = 0;
    std::string buffer_;
};

// printf's formatting into a string, for aligned text output.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace toolcommon
