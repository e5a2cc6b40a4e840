// Uses both installed libraries: prints their versions and a start type's name.
#include <libappgraph/model.hpp>
#include <libappgraph/version.hpp>
#include <libkv/version.hpp>

#include <cstdio>

int main() {
    std::printf("libkv %s libappgraph %s %s\n", kv::library_version(), appgraph::library_version(),
                appgraph::to_string(appgraph::StartType::transient));
    return 0;
}
