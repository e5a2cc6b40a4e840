// The external term format decoder. A recursive descent over the tags of erts' external.c, in the
// subset that files can hold: each tag reads its fixed header, checks that the count it announces
// fits in what remains (every element takes at least one byte), then reads its elements. Strings
// and atoms are turned into the UTF-8 text the term reader keeps; a list whose tail is itself a
// list is flattened, so the Term is the one the text reader would give for the same value. A
// compressed term is inflated with zlib into a buffer that grows with the output, never past the
// announced size, so a small file announcing gigabytes costs nothing.

#include "libappgraph/external_term.hpp"

#include <zlib.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <unordered_set>

#include "../utf8.hpp"
#include "libappgraph/diagnostic.hpp"

namespace appgraph {

namespace {

enum Tag : unsigned char {
    kVersion = 131,
    kCompressed = 80,
    kNewFloat = 70,
    kBitBinary = 77,
    kAtomCacheRef = 82,
    kDistHeader = 68,
    kDistFragHeader = 69,
    kNewPid = 88,
    kNewPort = 89,
    kNewerReference = 90,
    kSmallInteger = 97,
    kInteger = 98,
    kFloat = 99,
    kAtom = 100,
    kReference = 101,
    kPort = 102,
    kPid = 103,
    kSmallTuple = 104,
    kLargeTuple = 105,
    kNil = 106,
    kString = 107,
    kList = 108,
    kBinary = 109,
    kSmallBig = 110,
    kLargeBig = 111,
    kNewFun = 112,
    kExport = 113,
    kNewReference = 114,
    kSmallAtom = 115,
    kMap = 116,
    kFun = 117,
    kAtomUtf8 = 118,
    kSmallAtomUtf8 = 119,
    kV4Port = 120,
    kLocal = 121,
};

const char* unsupported_name(unsigned char tag) {
    switch (tag) {
        case kNewPid:
        case kPid:
            return "a pid";
        case kNewPort:
        case kPort:
        case kV4Port:
            return "a port";
        case kReference:
        case kNewReference:
        case kNewerReference:
            return "a reference";
        case kNewFun:
        case kFun:
        case kExport:
            return "a fun";
        case kLocal:
            return "a node-local term";
        case kAtomCacheRef:
            return "an atom cache reference (distribution only)";
        case kDistHeader:
        case kDistFragHeader:
            return "a distribution header";
        default:
            return nullptr;
    }
}

// The number of characters of UTF-8 text, or -1 when it is not valid UTF-8.
long utf8_length(std::string_view s) {
    long count = 0;
    for (std::size_t i = 0, length = 1; i < s.size(); i += length, ++count)
        if (detail::decode_utf8(s, i, length) == detail::kInvalidUtf8) return -1;
    return count;
}

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (char b : bytes) detail::append_utf8(out, static_cast<unsigned char>(b));
    return out;
}

// Magnitude `digits` (little-endian base 256) with `negative`, in decimal.
std::string big_to_decimal(std::string_view digits, bool negative) {
    std::vector<std::uint32_t> limbs;  // little-endian, base 1e9
    for (std::size_t i = digits.size(); i-- > 0;) {
        std::uint64_t carry = static_cast<unsigned char>(digits[i]);
        for (std::uint32_t& limb : limbs) {
            const std::uint64_t v = std::uint64_t{limb} * 256 + carry;
            limb = static_cast<std::uint32_t>(v % 1000000000);
            carry = v / 1000000000;
        }
        while (carry) {
            limbs.push_back(static_cast<std::uint32_t>(carry % 1000000000));
            carry /= 1000000000;
        }
    }
    if (limbs.empty()) return "0";
    std::string out = negative ? "-" : "";
    out += std::to_string(limbs.back());
    for (std::size_t i = limbs.size() - 1; i-- > 0;) {
        std::string part = std::to_string(limbs[i]);
        out.append(9 - part.size(), '0');
        out += part;
    }
    return out;
}

// A form of a term in which values equal under =:= are equal strings (strings as lists of
// integers, atoms by name), for finding a map key given twice.
void canonical(const Term& t, std::string& out) {
    switch (t.kind) {
        case Term::Kind::atom:
            out += 'a' + std::to_string(t.text.size()) + ':' + t.text;
            return;
        case Term::Kind::integer:
            out += 'i' + (t.big ? t.text : std::to_string(t.integer)) + ';';
            return;
        case Term::Kind::floating:
            out += 'f' + std::to_string(std::bit_cast<std::uint64_t>(t.floating)) + ';';
            return;
        case Term::Kind::binary:
            out += 'b' + std::to_string(t.text.size()) + ':' + t.text;
            return;
        case Term::Kind::string:
        case Term::Kind::list:
            out += '[';
            for (const Term& item : t.list_elements()) canonical(item, out);
            if (t.tail) {
                out += '|';
                canonical(*t.tail, out);
            }
            out += ']';
            return;
        case Term::Kind::tuple:
        case Term::Kind::map:
            out += t.kind == Term::Kind::tuple ? '{' : '#';
            for (const Term& item : t.items) canonical(item, out);
            out += '}';
            return;
    }
}

class Decoder {
public:
    Decoder(std::string_view bytes, const std::string& filename, std::size_t base, bool inflated)
        : bytes_(bytes), filename_(filename), base_(base), inflated_(inflated) {}

    Term term(int depth) {
        if (depth > max_term_depth)
            fail(pos_, "terms nested deeper than " + std::to_string(max_term_depth) + " levels");
        const std::size_t at = pos_;
        const unsigned char tag = u8();
        Term t;
        switch (tag) {
            case kSmallInteger:
                t.kind = Term::Kind::integer;
                t.integer = u8();
                return t;
            case kInteger:
                t.kind = Term::Kind::integer;
                t.integer = static_cast<std::int32_t>(u32());
                return t;
            case kSmallBig:
                return big(at, u8());
            case kLargeBig:
                return big(at, u32());
            case kNewFloat: {
                t.kind = Term::Kind::floating;
                const std::uint64_t high = u32();
                t.floating = std::bit_cast<double>((high << 32) | u32());
                if (!std::isfinite(t.floating)) fail(at, "a float that is not finite");
                return t;
            }
            case kFloat:
                return old_float(at);
            case kAtom:
            case kSmallAtom:
            case kAtomUtf8:
            case kSmallAtomUtf8:
                return atom(at, tag);
            case kNil:
                t.kind = Term::Kind::list;
                return t;
            case kString: {
                const std::size_t n = u16();
                t.kind = Term::Kind::string;
                t.text = latin1_to_utf8(take(n, "string"));
                return t;
            }
            case kList:
                return list(at, depth);
            case kSmallTuple:
                return elements(Term::Kind::tuple, at, u8(), depth);
            case kLargeTuple:
                return elements(Term::Kind::tuple, at, u32(), depth);
            case kBinary: {
                const std::size_t n = u32();
                t.kind = Term::Kind::binary;
                t.text = std::string(take(n, "binary"));
                return t;
            }
            case kBitBinary: {
                const std::size_t n = u32();
                const unsigned bits = u8();
                if (bits > 8 || (bits == 0) != (n == 0))
                    fail(at, "a bitstring with " + std::to_string(bits) + " bits in its last byte");
                if (n > 0 && bits != 8)
                    fail(at, "a bitstring that is not a whole number of bytes (not supported)");
                t.kind = Term::Kind::binary;
                t.text = std::string(take(n, "bitstring"));
                return t;
            }
            case kMap:
                return map(at, depth);
            default:
                if (const char* name = unsupported_name(tag))
                    fail(at, std::string(name) + " (tag " + std::to_string(tag) +
                                 ") cannot be read from a file");
                fail(at, "unknown term tag " + std::to_string(tag));
        }
    }

    std::size_t position() const { return pos_; }

    [[noreturn]] void fail(std::size_t at, const std::string& message) const {
        throw DiagnosticError(DiagnosticKind::bad_term, SourceLocation{filename_, 0, 0, {}},
                              "at byte " + std::to_string(base_ + at) +
                                  (inflated_ ? " of the inflated term: " : ": ") + message);
    }

    unsigned char u8() {
        need(1, "a term");
        return static_cast<unsigned char>(bytes_[pos_++]);
    }
    std::uint32_t u16() {
        need(2, "a length");
        const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data() + pos_);
        pos_ += 2;
        return (std::uint32_t{p[0]} << 8) | p[1];
    }
    std::uint32_t u32() {
        need(4, "a length");
        const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data() + pos_);
        pos_ += 4;
        return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
               (std::uint32_t{p[2]} << 8) | p[3];
    }

private:
    std::size_t remaining() const { return bytes_.size() - pos_; }

    void need(std::size_t n, const char* what) const {
        if (n > remaining())
            fail(pos_, std::string("the data ends inside ") + what + " (" + std::to_string(n) +
                           " bytes needed, " + std::to_string(remaining()) + " left)");
    }

    std::string_view take(std::size_t n, const char* what) {
        need(n, what);
        std::string_view out = bytes_.substr(pos_, n);
        pos_ += n;
        return out;
    }

    // `count` elements follow, each at least `min_bytes` long.
    void check_count(std::size_t at, std::size_t count, std::size_t min_bytes, const char* what) {
        if (count > remaining() / min_bytes)
            fail(at, std::string(what) + " of " + std::to_string(count) + " elements in the " +
                         std::to_string(remaining()) + " bytes left");
    }

    Term big(std::size_t at, std::size_t n) {
        const bool negative = u8() != 0;
        if (n > max_external_big_bytes)
            fail(at, "an integer of " + std::to_string(n) + " bytes (at most " +
                         std::to_string(max_external_big_bytes) + " are read)");
        std::string_view digits = take(n, "an integer");
        while (!digits.empty() && digits.back() == 0) digits.remove_suffix(1);
        Term t;
        t.kind = Term::Kind::integer;
        if (digits.size() <= 8) {
            std::uint64_t magnitude = 0;
            for (std::size_t i = digits.size(); i-- > 0;)
                magnitude = (magnitude << 8) | static_cast<unsigned char>(digits[i]);
            const std::uint64_t limit = std::uint64_t{1} << 63;
            if (magnitude < limit || (negative && magnitude == limit)) {
                t.integer = negative ? static_cast<std::int64_t>(0 - magnitude)
                                     : static_cast<std::int64_t>(magnitude);
                return t;
            }
        }
        t.big = true;
        t.text = big_to_decimal(digits, negative);
        return t;
    }

    Term old_float(std::size_t at) {
        std::string_view text = take(31, "a float");
        text = text.substr(0, text.find('\0'));
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        Term t;
        t.kind = Term::Kind::floating;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t.floating);
        if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(t.floating))
            fail(at, "a float whose text is not a number");
        return t;
    }

    Term atom(std::size_t at, unsigned char tag) {
        const bool small = tag == kSmallAtom || tag == kSmallAtomUtf8;
        const std::size_t n = small ? u8() : u16();
        std::string_view raw = take(n, "an atom");
        Term t;
        t.kind = Term::Kind::atom;
        long characters = static_cast<long>(n);
        if (tag == kAtomUtf8 || tag == kSmallAtomUtf8) {
            characters = utf8_length(raw);
            if (characters < 0) fail(at, "an atom that is not valid UTF-8");
            t.text = std::string(raw);
        } else {
            t.text = latin1_to_utf8(raw);
        }
        if (characters > 255)
            fail(at, "an atom of " + std::to_string(characters) + " characters (at most 255)");
        return t;
    }

    // A tuple or a list of `n` elements (each at least one byte long).
    Term elements(Term::Kind kind, std::size_t at, std::size_t n, int depth) {
        check_count(at, n, 1, kind == Term::Kind::tuple ? "a tuple" : "a list");
        Term t;
        t.kind = kind;
        t.items.reserve(n);
        for (std::size_t i = 0; i < n; ++i) t.items.push_back(term(depth + 1));
        return t;
    }

    Term list(std::size_t at, int depth) {
        Term t = elements(Term::Kind::list, at, u32(), depth);
        Term tail = term(depth + 1);
        // [a | [b, c]] is [a, b, c]: a tail that is a list continues this one.
        if (tail.kind == Term::Kind::string || tail.kind == Term::Kind::list) {
            for (Term& item : tail.list_elements()) t.items.push_back(std::move(item));
            if (tail.kind == Term::Kind::list) t.tail = tail.tail;
        } else {
            t.tail = std::make_shared<const Term>(std::move(tail));
        }
        return t;
    }

    Term map(std::size_t at, int depth) {
        const std::size_t n = u32();
        check_count(at, n, 2, "a map");
        Term t;
        t.kind = Term::Kind::map;
        t.items.reserve(2 * n);
        std::unordered_set<std::string> keys;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t key_at = pos_;
            t.items.push_back(term(depth + 1));
            std::string key;
            canonical(t.items.back(), key);
            if (!keys.insert(std::move(key)).second)
                fail(key_at, "a map with the key " + t.items.back().to_string() + " twice");
            t.items.push_back(term(depth + 1));
        }
        return t;
    }

    std::string_view bytes_;
    const std::string& filename_;
    std::size_t base_;  // offset of bytes_ in the file (or in the inflated data)
    bool inflated_;
    std::size_t pos_ = 0;
};

// The zlib stream that follows a compressed term's size, inflated to exactly `size` bytes.
// Returns the inflated bytes and how many input bytes the stream took.
std::pair<std::string, std::size_t> inflate_exactly(std::string_view in, std::size_t size,
                                                    const Decoder& at_file) {
    constexpr std::size_t header = 6;  // version, tag, size
    z_stream z{};
    if (inflateInit(&z) != Z_OK) at_file.fail(header, "zlib could not start");
    std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
    std::string out;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int status = Z_OK;
    while (status == Z_OK) {
        // Grow with the output, never past the announced size plus one byte (to notice more).
        const std::size_t chunk = std::min<std::size_t>(size + 1 - out.size(), 1 << 16);
        if (chunk == 0) break;
        const std::size_t before = out.size();
        out.resize(before + chunk);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
        z.avail_out = static_cast<uInt>(chunk);
        status = inflate(&z, Z_NO_FLUSH);
        out.resize(before + chunk - z.avail_out);
        if (status == Z_BUF_ERROR && z.avail_in == 0) break;
        if (out.size() > size) break;
    }
    if (status == Z_DATA_ERROR || status == Z_MEM_ERROR || status == Z_NEED_DICT)
        at_file.fail(header, std::string("the compressed term is not a valid zlib stream") +
                                 (z.msg ? std::string(" (") + z.msg + ")" : ""));
    if (out.size() != size || status != Z_STREAM_END)
        at_file.fail(header, "the compressed term announces " + std::to_string(size) +
                                 " bytes but inflates to " +
                                 (out.size() > size ? "more" : std::to_string(out.size())) +
                                 (status == Z_STREAM_END ? "" : " (the stream is cut short)"));
    return {std::move(out), z.total_in};
}

}  // namespace

DecodedTerm decode_external_term(std::string_view bytes, const std::string& filename) {
    Decoder top(bytes, filename, 0, false);
    const unsigned char version = top.u8();
    if (version != kVersion)
        top.fail(0, "not the external term format (it starts with byte 131, this with " +
                        std::to_string(version) + ")");
    if (bytes.size() > 1 && static_cast<unsigned char>(bytes[1]) == kCompressed) {
        top.u8();
        const std::size_t size = top.u32();
        if (size > max_inflated_term_size)
            top.fail(2, "the compressed term announces " + std::to_string(size) +
                            " bytes (at most " + std::to_string(max_inflated_term_size) +
                            " are read)");
        auto [inflated, used] = inflate_exactly(bytes.substr(top.position()), size, top);
        Decoder inner(inflated, filename, 0, true);
        DecodedTerm out{inner.term(0), 0};
        if (inner.position() != inflated.size())
            inner.fail(inner.position(), "bytes left over inside the compressed term");
        out.trailing = bytes.size() - top.position() - used;
        return out;
    }
    DecodedTerm out{top.term(0), 0};
    out.trailing = bytes.size() - top.position();
    return out;
}

}  // namespace appgraph
