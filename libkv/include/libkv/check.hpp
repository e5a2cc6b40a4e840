#pragma once
// What `fwkv check` reports about an image: every copy is looked at, valid or not, so that the
// images the other commands refuse can still be examined, and the rules below say what U-Boot or
// fw_printenv would read differently from what a user expects:
// - a copy with a bad CRC beside a valid one (the pair has lost its power-cut protection);
// - no valid copy at all (an error);
// - the two copies' flags more than one save apart (U-Boot and fwup may pick different copies);
// - temporary files left beside the image by an interrupted write;
// - awkward entries (no '=', empty name, a name stored twice);
// - a last entry that runs to the end of the data area, or a missing terminator.

#include <optional>
#include <string>
#include <vector>

#include "libkv/error.hpp"
#include "libkv/image.hpp"
#include "libkv/location.hpp"

namespace kv {

// Every copy of a location, valid or not, and the environment when one copy is valid.
struct Inspection {
    Location location;
    std::vector<CopyInfo> copies;  // each copy long enough to hold a header
    std::optional<Image> image;    // when a copy is valid and decodes
    std::optional<Error> error;    // why not (an invalid_image error)
};

// Reads every copy under the shared locks. Throws the errors that are not about the image's
// content (io, usage); an invalid image is returned with `error` set.
Inspection inspect_image(const Location& location);

// The same over blocks already read (blocks_in, for an image read from a stream).
Inspection inspect_blocks(const Location& location, const std::vector<RawCopy>& raw);

enum class FindingKind {
    bad_copy,
    no_valid_copy,
    flags_gap,
    stale_temporary_file,
    awkward_entry,
    unterminated_entry,
    missing_terminator,
    unterminated_area,
};

// "bad_copy", "flags_gap", ... (stable names, for JSON output and tests).
const char* to_string(FindingKind kind);

struct Finding {
    FindingKind kind;
    bool error = false;   // false: a warning
    std::string message;  // what is wrong, without the image's name
};

// The findings, in the order above. An image with an error finding is not usable.
std::vector<Finding> check_image(const Inspection& inspection);

// Both copies valid and their flags more than one save apart (255 and 0 are one save apart).
bool flags_gap(const CopyState& first, const CopyState& second);

}  // namespace kv
