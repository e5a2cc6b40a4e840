#pragma once
// Erlang's external term format: the bytes term_to_binary/1,2 writes and binary_to_term/1 reads,
// which is what a release's `.boot` file holds (systools writes term_to_binary of the boot
// script, and init reads it back with binary_to_term). The decoder turns them into the Term the
// text reader produces, so whatever reads a `.script` reads a `.boot` too.
//
// Accepted, as binary_to_term accepts them: the version byte 131, then one term, optionally
// compressed (tag 80: the uncompressed size, then a zlib stream, as term_to_binary(T,
// [compressed]) writes it); atoms in all four encodings (Latin-1 and UTF-8, short and long),
// integers (small, 32-bit and big), floats (the old textual and the IEEE encodings), strings (a
// list of bytes), lists (proper and improper), tuples, binaries and maps. Bytes after the term are
// ignored, as binary_to_term ignores them; `trailing` says how many there were.
//
// Refused, with the byte offset of the problem: pids, ports, references, funs, bitstrings that are
// not a whole number of bytes, distribution headers and atom cache references (none of them can
// be written in a file that file:consult reads, and no boot script holds one); a length that runs
// past the end; invalid UTF-8 in an atom or an atom longer than 255 characters; a map with a key
// twice; a float that is not finite; nesting deeper than max_term_depth; a compressed term that
// inflates to anything but its announced size, or announces more than max_inflated_term_size; an
// integer of more than max_external_big_bytes bytes. Every count is checked against the bytes that
// remain before anything is allocated, so a short malicious input never asks for much memory.

#include <cstddef>
#include <string>
#include <string_view>

#include "libappgraph/term.hpp"

namespace appgraph {

// Real boot files are a few hundred KiB; a compressed term announcing more is refused.
inline constexpr std::size_t max_inflated_term_size = std::size_t{64} << 20;
// About 10,000 decimal digits: far beyond any number a release holds, and converting a bigger
// one to decimal would take time quadratic in its length.
inline constexpr std::size_t max_external_big_bytes = 4096;

struct DecodedTerm {
    Term term;
    std::size_t trailing = 0;  // bytes after the term (after the zlib stream when compressed)
};

// Decodes `bytes`, the content of a file written by term_to_binary. Errors are thrown as
// DiagnosticError of kind bad_term, `filename` as the file and a message that starts with the byte
// offset ("at byte 17: ..."; "at byte 17 of the inflated term: ..." inside a compressed term).
DecodedTerm decode_external_term(std::string_view bytes, const std::string& filename);

}  // namespace appgraph
