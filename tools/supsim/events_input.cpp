// Opens EVENTS so that it can be read twice (events_input.hpp). Standard input is copied chunk
// by chunk, so a script of millions of lines never sits in memory when a temporary file can hold
// it; a file that cannot be written part-way (a full disk) is read back into memory and the copy
// goes on there. The temporary file is unlinked as soon as it is created and read again through
// /proc/self/fd (Linux); without /proc its content is read back into memory.

#include "events_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "common/files.hpp"

namespace supsim {

namespace {

// read(2) without EINTR; throws on a read error.
std::size_t read_some(int fd, char* buffer, std::size_t size, const std::string& name) {
    for (;;) {
        const ssize_t n = ::read(fd, buffer, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) throw toolcommon::FileError(name, "cannot read", errno);
    }
}

bool write_fully(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// What was written to `fd` so far, for the move to memory.
std::string read_back(int fd, const std::string& name) {
    std::string text;
    if (::lseek(fd, 0, SEEK_SET) != 0) return text;
    char buffer[65536];
    while (std::size_t n = read_some(fd, buffer, sizeof buffer, name)) text.append(buffer, n);
    return text;
}

std::unique_ptr<std::istream> from_stdin() {
    const std::string name = toolcommon::input_name("-");
    const char* dir = std::getenv("TMPDIR");
    std::string temp = std::string(dir && *dir ? dir : "/tmp") + "/supsim-events-XXXXXX";
    std::vector<char> path(temp.begin(), temp.end());
    path.push_back('\0');
    // Unlinked at once: however the run ends, nothing is left behind; the descriptor keeps the
    // file until it is reopened below.
    const int fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(path.data());
    std::string memory;
    bool in_memory = fd < 0;
    std::vector<char> buffer(1u << 16);
    try {
        while (std::size_t n = read_some(STDIN_FILENO, buffer.data(), buffer.size(), name)) {
            if (!in_memory && !write_fully(fd, buffer.data(), n)) {
                memory = read_back(fd, name);
                in_memory = true;
            }
            if (in_memory) memory.append(buffer.data(), n);
        }
    } catch (...) {
        if (fd >= 0) ::close(fd);
        throw;
    }
    std::unique_ptr<std::istream> stream;
    if (!in_memory) {
        // The file has no name any more; /proc gives a stream of its own on it.
        auto file = std::make_unique<std::ifstream>("/proc/self/fd/" + std::to_string(fd),
                                                    std::ios::binary);
        if (file->is_open())
            stream = std::move(file);
        else
            memory = read_back(fd, name);
    }
    if (fd >= 0) ::close(fd);
    if (!stream) stream = std::make_unique<std::istringstream>(std::move(memory));
    return stream;
}

}  // namespace

EventsInput::EventsInput(const std::string& path) {
    if (path == "-") {
        stream_ = from_stdin();
        return;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
        if (file->is_open()) {
            stream_ = std::move(file);
            return;
        }
    }
    // Anything else is read whole, with read_input's checks and messages.
    stream_ = std::make_unique<std::istringstream>(toolcommon::read_input(path));
}

std::istream& EventsInput::rewind() {
    stream_->clear();
    stream_->seekg(0);
    return *stream_;
}

}  // namespace supsim
