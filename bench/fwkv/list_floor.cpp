// The floor for `fwkv list`: the least work listing an environment needs, to measure fwkv against.
// It reads the block into memory, checks its CRC-32 (zlib), and prints the entries up to the
// terminating empty one, each NUL turned into a newline, in one write. No options, no locks, no
// checks of its own, no byte order but little-endian: anything fwkv does beyond this is overhead.
// Usage: fwkv_list_floor FILE SIZE   (the block at offset 0, SIZE bytes, single-copy layout)

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: fwkv_list_floor FILE SIZE\n");
        return 2;
    }
    std::size_t size = std::strtoul(argv[2], nullptr, 0);
    int fd = open(argv[1], O_RDONLY);
    char* block = static_cast<char*>(std::malloc(size));
    if (fd < 0 || block == nullptr || size < 5 ||
        pread(fd, block, size, 0) != static_cast<ssize_t>(size))
        return 4;
    const unsigned char* b = reinterpret_cast<const unsigned char*>(block);
    std::uint32_t stored = b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24;
    if (crc32(0, b + 4, static_cast<uInt>(size - 4)) != stored) return 3;
    char* data = block + 4;
    std::size_t length = size - 4, out = 0;  // out: one past the last entry's NUL
    if (data[0] != '\0') {
        char* p = data;
        for (;;) {  // the terminator is the first NUL right after another
            char* nul = static_cast<char*>(std::memchr(p, '\0', data + length - p));
            if (nul == nullptr) {
                out = length;
                break;
            }
            *nul = '\n';
            p = nul + 1;
            if (p == data + length || *p == '\0') {
                out = static_cast<std::size_t>(p - data);
                break;
            }
        }
    }
    for (std::size_t done = 0; done < out;) {
        ssize_t n = write(1, data + done, out - done);
        if (n <= 0) return 4;
        done += static_cast<std::size_t>(n);
    }
    return 0;
}
