// epp:read_encoding_from_file, which file:consult calls before reading a term file, transcribed.
// It reads at most the first 512 bytes (16 chunks of 32) and the first two lines. On a line, it
// skips to the first '%'; from there it looks for "coding" (also inside a longer word, such as
// "encoding"); after it, spaces (not tabs), then ':' or '=', then spaces; anything else and it
// looks for the next "coding" on the line. The name that follows is read as letters and digits,
// split into parts at '-' and lowercased: ["latin", "1", ...] is Latin-1 (latin-1, LATIN-1-unix),
// ["utf", "8", ...] is UTF-8, and any other name ends the search (latin1, iso-8859-1 and
// latin_1 are not Latin-1 to epp). A name or a "coding" that reaches byte 512 of a longer file is
// not seen, as epp's reader stops there; one that reaches the end of a shorter file is.

#include "source_encoding.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace appgraph::detail {

namespace {

constexpr std::size_t kWindow = 512;  // ?ENC_CHUNK * ?N_ENC_CHUNK in epp

enum class Found { latin1, other, not_here };

// The encoding name at `at`, read as com_enc reads it. `cut` is true when the window ends before
// the file does.
Found read_name(std::string_view window, std::size_t at, bool cut) {
    std::vector<std::string> parts(1);
    std::size_t i = at;
    for (; i < window.size(); ++i) {
        const char c = window[i];
        if (std::isalnum(static_cast<unsigned char>(c))) {
            parts.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (c == '-') {
            parts.emplace_back();
        } else {
            break;
        }
    }
    if (i == window.size() && cut) return Found::other;  // epp's reader gives up at byte 512
    if (parts.size() >= 2 && parts[0] == "latin" && parts[1] == "1") return Found::latin1;
    return Found::other;  // utf-8 or an unknown name: either way, not Latin-1, and no more search
}

}  // namespace

bool declares_latin1(std::string_view text) {
    const bool cut = text.size() > kWindow;
    const std::string_view window = text.substr(0, kWindow);
    std::size_t i = 0;
    for (int line = 0; line < 2 && i < window.size(); ++line) {
        const std::size_t end = std::min(window.find('\n', i), window.size());
        const std::size_t percent = window.find('%', i);
        if (percent < end) {
            for (std::size_t c = window.find("coding", percent); c < end;
                 c = window.find("coding", c + 1)) {
                std::size_t k = c + 6;
                while (k < end && window[k] == ' ') ++k;
                if (k >= end || (window[k] != ':' && window[k] != '=')) continue;
                ++k;
                while (k < window.size() && window[k] == ' ') ++k;
                return read_name(window, k, cut) == Found::latin1;
            }
        }
        i = end + 1;
    }
    return false;
}

}  // namespace appgraph::detail
