// Uses the installed libraries: prints their versions, a start type's name, and a strategy's name
// from the supervision library.
#include <libappgraph/model.hpp>
#include <libappgraph/supervision/tree_spec.hpp>
#include <libappgraph/version.hpp>
#include <libkv/version.hpp>

#include <cstdio>

int main() {
    std::printf("libkv %s libappgraph %s %s %s\n", kv::library_version(),
                appgraph::library_version(), appgraph::to_string(appgraph::StartType::transient),
                appgraph::to_string(appgraph::supervision::Strategy::one_for_all));
    return 0;
}
