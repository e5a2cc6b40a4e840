// Uses the installed libraries: prints their versions, a start type's name, a strategy's name from
// the supervision library, and the CRC of a string (which links zlib, a dependency that the libkv
// package must bring along).
#include <libappgraph/model.hpp>
#include <libappgraph/supervision/tree_spec.hpp>
#include <libappgraph/version.hpp>
#include <libkv/crc32.hpp>
#include <libkv/version.hpp>

#include <cstdio>

int main() {
    std::printf("libkv %s libappgraph %s %s %s %08x\n", kv::library_version(),
                appgraph::library_version(), appgraph::to_string(appgraph::StartType::transient),
                appgraph::to_string(appgraph::supervision::Strategy::one_for_all),
                static_cast<unsigned>(kv::crc32("123456789")));
    return 0;
}
