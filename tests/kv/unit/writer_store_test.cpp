// The write paths (temporary file + rename keeps the mode; a redundant write leaves the old copy
// valid; in place inside a larger image; a write that does not fit leaves the file byte-identical)
// and the store (lazy, reload, noticing another writer, the opt-in in-memory fallback).

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "libkv/codec.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"
#include "libkv/store.hpp"
#include "libkv/text_import.hpp"
#include "libkv/writer.hpp"
#include "test_support.hpp"

using kvtest::read_file;
using kvtest::write_file;

namespace {
ino_t inode_of(const std::string& path) {
    struct stat st {};
    stat(path.c_str(), &st);
    return st.st_ino;
}
// Rewrites `bytes` at `offset` in place and puts the old modification time back, so that only
// the content tells the change: the file keeps its inode, size and mtime.
void rewrite_keeping_mtime(const std::string& path, std::uint64_t offset,
                           const std::string& bytes) {
    struct stat before {};
    REQUIRE(stat(path.c_str(), &before) == 0);
    int fd = open(path.c_str(), O_WRONLY);
    REQUIRE(fd >= 0);
    REQUIRE(pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset)) ==
            static_cast<ssize_t>(bytes.size()));
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    REQUIRE(futimens(fd, times) == 0);
    close(fd);
    struct stat after {};
    REQUIRE(stat(path.c_str(), &after) == 0);
    REQUIRE(after.st_mtim.tv_sec == before.st_mtim.tv_sec);
    REQUIRE(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    REQUIRE(after.st_ino == before.st_ino);
    REQUIRE(after.st_size == before.st_size);
}
mode_t mode_of(const std::string& path) {
    struct stat st {};
    stat(path.c_str(), &st);
    return st.st_mode & 07777;
}
// Overwrites the last data byte before the padding of a single-copy image in place (same file,
// same size, CRC left stale) and returns the file's modification time from before the write.
timespec damage_data_in_place(const std::string& path, const std::string& image) {
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    std::size_t end = image.find(std::string(2, '\0'), 4);
    REQUIRE(end != std::string::npos);
    std::FILE* f = std::fopen(path.c_str(), "r+b");
    REQUIRE(f != nullptr);
    std::fseek(f, static_cast<long>(end - 1), SEEK_SET);
    std::fputc(image[end - 1] ^ 0x01, f);
    std::fclose(f);
    return st.st_mtim;
}
void set_mtime(const std::string& path, timespec mtime) {
    timespec times[2] = {mtime, mtime};
    REQUIRE(utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}
}  // namespace

TEST_CASE("whole-file single copy: a new file renamed over the old, mode kept") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("env.bin");
    write_file(path, kv::image_from_text("a=1\n", 256, {}, 0xFF));
    chmod(path.c_str(), 0640);
    ino_t before = inode_of(path);
    kv::Image written = kv::update_image(kv::make_location(path, 0, std::nullopt, std::nullopt),
                                         [](kv::Env& env) { env.set("b", "2"); });
    CHECK(inode_of(path) != before);  // renamed into place, not rewritten
    CHECK(mode_of(path) == 0640);
    CHECK(read_file(path) == kv::image_from_text("a=1\nb=2\n", 256, {}, 0xFF));
    CHECK(*written.env().find("b") == "2");
}

TEST_CASE("redundant: the non-current copy is written with flags + 1, the old copy stays valid") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("pair.bin");
    kv::BlockFormat f{true, kv::Endian::little};
    std::string first = kv::image_from_text("v=old\n", 128, f, 0xFF);
    write_file(path, first + first);  // both copies flags 1: copy 1 is current
    kv::Location loc = kv::make_location(path, 0, 128, 128);
    kv::update_image(loc, [](kv::Env& env) { env.set("v", "new"); });
    std::string after = read_file(path);
    CHECK(after.substr(0, 128) == first);  // the old copy untouched
    kv::Image image = kv::load_image(loc);
    CHECK(image.current == 1);
    CHECK(image.copies[1].state.flags == 2);
    CHECK(*image.env().find("v") == "new");
    kv::update_image(loc, [](kv::Env& env) { env.set("v", "newer"); });
    kv::Image again = kv::load_image(loc);
    CHECK(again.current == 0);
    CHECK(again.copies[0].state.flags == 3);
    CHECK(read_file(path).substr(128) == after.substr(128));  // now copy 2 is the old one, intact
}

TEST_CASE("a single copy inside a larger image is rewritten in place; the rest is untouched") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("disk.img");
    std::string block = kv::image_from_text("a=1\n", 64, {}, 0xFF);
    std::string disk = std::string(100, 'H') + block + std::string(50, 'T');
    write_file(path, disk);
    ino_t before = inode_of(path);
    kv::update_image(kv::make_location(path, 100, 64, std::nullopt),
                     [](kv::Env& env) { env.erase("a"); });
    std::string after = read_file(path);
    CHECK(inode_of(path) == before);
    CHECK(after.substr(0, 100) == disk.substr(0, 100));
    CHECK(after.substr(164) == disk.substr(164));
    CHECK(after.substr(100, 64) == kv::image_from_text("", 64, {}, 0xFF));
}

TEST_CASE("a write that does not fit fails and leaves every file byte-identical") {
    kvtest::ScratchDir dir;
    for (bool redundant : {false, true}) {
        CAPTURE(redundant);
        std::string path = dir.file(redundant ? "r.bin" : "s.bin");
        kv::BlockFormat f{redundant, kv::Endian::little};
        std::string block = kv::image_from_text("a=1\n", 64, f, 0xFF);
        std::string original = redundant ? block + block : block;
        write_file(path, original);
        kv::Location loc =
            kv::make_location(path, 0, redundant ? std::optional<std::uint64_t>(64) : std::nullopt,
                              redundant ? std::optional<std::int64_t>(64) : std::nullopt);
        try {
            kv::update_image(loc, [](kv::Env& env) { env.set("big", std::string(100, 'x')); });
            FAIL("expected no_space");
        } catch (const kv::Error& e) {
            CHECK(e.kind() == kv::ErrorKind::no_space);
        }
        CHECK(read_file(path) == original);
    }
    CHECK(std::string(kvtest::read_file(dir.path() + "/does-not-exist")).empty());
}

TEST_CASE("update of an invalid image fails without writing") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("bad.bin");
    write_file(path, std::string(64, '\0'));
    CHECK_THROWS_AS(kv::update_image(kv::make_location(path, 0, std::nullopt, std::nullopt),
                                     [](kv::Env& env) { env.set("a", "1"); }),
                    kv::Error);
    CHECK(read_file(path) == std::string(64, '\0'));
}

TEST_CASE("store: lazy, reload, and a change by someone else is noticed") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("kv.bin");
    write_file(path,
               kv::image_from_text("a.nerves_fw_version=1\nnerves_fw_active=a\n", 256, {}, 0xFF));
    std::string image = read_file(path);
    // Nothing is read when created: a store made before its image exists reads it at first use.
    std::string later = dir.file("later.bin");
    kv::Store lazy(kv::make_location(later, 0, std::nullopt, std::nullopt));
    CHECK_FALSE(lazy.loaded());
    write_file(later, image);
    CHECK(lazy.get("nerves_fw_active") == "a");
    CHECK(lazy.loaded());

    kv::Store store(kv::make_location(path, 0, std::nullopt, std::nullopt));
    CHECK_FALSE(store.loaded());
    CHECK(store.get("nerves_fw_active") == "a");
    CHECK(store.loaded());
    // Cached while unchanged: data bytes damaged in place behind the CRC, with the file's mtime put
    // back, leave every part of the fingerprint as it was. A store that read the image again
    // would fail on the CRC; one that trusts its cache still answers.
    set_mtime(path, damage_data_in_place(path, image));
    CHECK(store.get_active("nerves_fw_version") == "1");
    CHECK(store.get_all().size() == 2);
    // Another writer rewrites the block in place within one mtime tick (same inode, size and
    // mtime): only the stored CRC tells the change.
    rewrite_keeping_mtime(
        path, 0, kv::image_from_text("a.nerves_fw_version=2\nnerves_fw_active=a\n", 256, {}, 0xFF));
    CHECK(store.get_active("nerves_fw_version") == "2");
    store.reload();
    CHECK_FALSE(store.loaded());
    CHECK(store.get_all().size() == 2);
    store.put_active("nerves_fw_version", "3");
    CHECK(kv::load_image(kv::make_location(path, 0, std::nullopt, std::nullopt))
              .env()
              .find("a.nerves_fw_version") == "3");
    CHECK(store.get_all_active() ==
          std::vector<std::pair<std::string, std::string>>{{"nerves_fw_version", "3"}});
}

TEST_CASE("store: a redundant pair whose current copy changes by its flags byte alone") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("pair.bin");
    kv::BlockFormat f{true, kv::Endian::little};
    std::string first = kv::image_from_text("v=1\n", 128, f, 0xFF);   // flags 1: current
    std::string second = kv::image_from_text("v=2\n", 128, f, 0xFF);  // flags 0 below
    second[4] = 0;
    write_file(path, first + second);
    kv::Store store(kv::make_location(path, 0, 128, 128));
    CHECK(store.get("v") == "1");
    // The second copy's flags byte becomes 2: it is now current. CRCs, size, inode and mtime are
    // all unchanged; only the flags part of the fingerprint differs.
    rewrite_keeping_mtime(path, 128 + 4, std::string(1, '\x02'));
    CHECK(store.get("v") == "2");
}

TEST_CASE("store: a failed load is an error unless the in-memory fallback is asked for") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("torn.bin");
    write_file(path, std::string(128, '\x5a'));
    kv::Store strict(kv::make_location(path, 0, std::nullopt, std::nullopt));
    CHECK_THROWS_AS(strict.get("x"), kv::Error);
    kv::Store lenient(kv::make_location(path, 0, std::nullopt, std::nullopt), {true});
    CHECK_FALSE(lenient.get("x").has_value());
    CHECK(lenient.in_memory());
    lenient.put("x", "1");
    CHECK(lenient.get("x") == "1");
    CHECK(read_file(path) == std::string(128, '\x5a'));  // not persisted
}

TEST_CASE("boolean flag scheme (NOR): new copy 1, old copy marked 0 after the new one is synced") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("nor.bin");
    kv::BlockFormat f{true, kv::Endian::little};
    std::string block = kv::image_from_text("v=1\n", 64, f, 0xFF);
    write_file(path, block + block);
    kv::Location loc = kv::make_location(path, 0, 64, 64);
    loc.scheme = kv::FlagScheme::boolean;
    kv::update_image(loc, [](kv::Env& env) { env.set("v", "2"); });
    kv::Image image = kv::load_image(loc);
    CHECK(image.copies[0].state.flags == 0);
    CHECK(image.copies[1].state.flags == 1);
    CHECK(image.current == 1);
    CHECK(*image.env().find("v") == "2");
}

TEST_CASE("image files truncated at every length: loading fails cleanly, naming the file") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("cut.bin");
    // A redundant pair at 0 and 96: the file ends before the second copy does.
    kv::BlockFormat f{true, kv::Endian::little};
    std::string block =
        kv::image_from_text("nerves_fw_active=a\na.nerves_fw_version=1.0\n", 96, f, 0xFF);
    std::string pair = block + block;
    for (std::size_t length = 0; length < pair.size(); ++length) {
        CAPTURE(length);
        write_file(path, pair.substr(0, length));
        try {
            kv::load_image(kv::make_location(path, 0, 96, 96));
            FAIL("a truncated pair loaded");
        } catch (const kv::Error& e) {
            CHECK(e.kind() == kv::ErrorKind::invalid_image);
            CHECK(std::string(e.what()).rfind(
                      path + ": file is " + std::to_string(length) + " bytes", 0) == 0);
        }
    }
    // A whole-file single copy cut at every length: too short, or a CRC that no longer matches.
    std::string single = kv::image_from_text("nerves_fw_active=a\n", 64, {}, 0xFF);
    for (std::size_t length = 0; length < single.size(); ++length) {
        CAPTURE(length);
        write_file(path, single.substr(0, length));
        try {
            kv::load_image(kv::make_location(path, 0, std::nullopt, std::nullopt));
            FAIL("a truncated single copy loaded");
        } catch (const kv::Error& e) {
            CHECK(e.kind() == kv::ErrorKind::invalid_image);
            CHECK(std::string(e.what()).rfind(path + ": ", 0) == 0);
        }
    }
}

TEST_CASE("a whole-file image behind a symbolic link: the target is replaced, the link kept") {
    kvtest::ScratchDir dir;
    std::string target = dir.file("real.bin");
    std::string link = dir.file("link.bin");
    write_file(target, kv::image_from_text("a=1\n", 128, {}, 0xFF));
    REQUIRE(symlink(target.c_str(), link.c_str()) == 0);
    kv::update_image(kv::make_location(link, 0, std::nullopt, std::nullopt),
                     [](kv::Env& env) { env.set("a", "2"); });
    struct stat st {};
    REQUIRE(lstat(link.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK(read_file(target) == kv::image_from_text("a=2\n", 128, {}, 0xFF));
}
