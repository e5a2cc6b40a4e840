#pragma once
// Which encoding file:consult reads a text in. Private header.

#include <string_view>

namespace appgraph::detail {

// True when epp would read `text` as Latin-1: a `coding: latin-1` comment (see
// source_encoding.cpp for the exact rule) in the first two lines; UTF-8 otherwise.
bool declares_latin1(std::string_view text);

}  // namespace appgraph::detail
