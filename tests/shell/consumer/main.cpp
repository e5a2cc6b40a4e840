// Uses the installed libraries: prints their versions, a start type's name, a strategy's name from
// the supervision library, the CRC of a string (which links zlib, a dependency that the libkv
// package must bring along), and a value read from a data area (libkv's entries, views into text
// the environment owns).
#include <libappgraph/model.hpp>
#include <libappgraph/supervision/tree_spec.hpp>
#include <libappgraph/version.hpp>
#include <libkv/codec.hpp>
#include <libkv/crc32.hpp>
#include <libkv/version.hpp>

#include <cstdio>
#include <string>

int main() {
    kv::Env env = kv::decode_data(std::string("nerves_fw_active=b\0\0", 20)).env;
    std::string slot(env.find("nerves_fw_active").value_or("?"));
    std::printf("libkv %s libappgraph %s %s %s %08x %s\n", kv::library_version(),
                appgraph::library_version(), appgraph::to_string(appgraph::StartType::transient),
                appgraph::to_string(appgraph::supervision::Strategy::one_for_all),
                static_cast<unsigned>(kv::crc32("123456789")), slot.c_str());
    return 0;
}
