// Times the resolver alone (no file reading) on synthetic in-memory releases of growing size,
// the same graph shape as bench/appgraph: each app uses kernel, stdlib and up to three earlier
// apps, one in twenty is included, and the .rel lists them shuffled. Prints one line per size:
// apps, seconds (best of 3), and the growth against the previous size. Run by
// bench/appgraph/run.sh; not a test (speed is never asserted in tests).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "libappgraph/resolve.hpp"
#include "resolve_test_support.hpp"

using namespace appgraph;
using namespace appgraph::testing;

int main(int argc, char** argv) {
    double previous = 0;
    std::size_t previous_n = 0;
    std::printf("%9s %12s %22s\n", "apps", "resolve (s)", "growth");
    std::vector<std::size_t> sizes{1000, 10000, 100000, 1000000};
    if (argc > 1) sizes = {static_cast<std::size_t>(std::stoul(argv[1]))};
    for (std::size_t n : sizes) {
        std::mt19937 rng(static_cast<unsigned>(n));
        std::vector<Application> apps{app("kernel"), app("stdlib", {"kernel"})};
        std::vector<std::string> names;
        for (std::size_t i = 0; i < n; ++i) {
            std::string name = "app";
            name += std::to_string(i);
            names.push_back(std::move(name));
        }
        std::vector<char> used(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            Application a = app(names[i], {"kernel", "stdlib"});
            for (unsigned k = rng() % 4; k > 0 && i > 0; --k) {
                std::size_t u = rng() % i;
                // A use listed twice is a real systools error (see resolve_test.cpp): avoid it.
                if (std::find(a.applications.begin(), a.applications.end(), names[u]) !=
                    a.applications.end())
                    continue;
                a.applications.push_back(names[u]);
                used[u] = 1;
            }
            apps.push_back(std::move(a));
        }
        // Include apps nobody uses and that use nothing local.
        for (std::size_t i = 1; i < n; ++i) {
            if (rng() % 20 == 0 && !used[i] && apps[i + 2].applications.size() == 2)
                apps[rng() % i + 2].included_applications.push_back(names[i]), used[i] = 1;
        }
        std::vector<std::string> order = names;
        std::shuffle(order.begin(), order.end(), rng);
        order.insert(order.begin(), {"kernel", "stdlib"});
        Release rel = release_of(order);
        double best = 1e9;
        std::size_t started = 0;
        for (int run = 0; run < 3; ++run) {
            auto t0 = std::chrono::steady_clock::now();
            Resolution r = resolve_boot(rel, apps);
            auto t1 = std::chrono::steady_clock::now();
            if (!r.ok()) {
                std::printf("unexpected error: %s\n", r.errors[0].message.c_str());
                if (argc > 2) {  // dump the release as files, to run it through systools
                    for (const auto& a : apps) {
                        std::string path = std::string(argv[2]) + "/" + a.name + ".app";
                        FILE* f = std::fopen(path.c_str(), "w");
                        std::string uses, incs;
                        for (const auto& u : a.applications) uses += (uses.empty() ? "" : ",") + u;
                        for (const auto& u : a.included_applications)
                            incs += (incs.empty() ? "" : ",") + u;
                        std::fprintf(f,
                                     "{application,%s,[{description,\"\"},{vsn,\"1.0\"},{modules,[]"
                                     "},{registered,[]},"
                                     "{applications,[%s]},{included_applications,[%s]}]}.\n",
                                     a.name.c_str(), uses.c_str(), incs.c_str());
                        std::fclose(f);
                    }
                    std::string path = std::string(argv[2]) + "/t.rel";
                    FILE* f = std::fopen(path.c_str(), "w");
                    std::fprintf(f, "{release,{\"t\",\"1\"},{erts,\"13\"},[");
                    for (std::size_t i = 0; i < order.size(); ++i)
                        std::fprintf(f, "%s{%s,\"1.0\"}", i ? "," : "", order[i].c_str());
                    std::fprintf(f, "]}.\n");
                    std::fclose(f);
                }
                return 1;
            }
            started = r.start.size();
            best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
        }
        char growth[64] = "";
        if (previous_n)
            std::snprintf(growth, sizeof growth, "x%.1f for x%zu apps", best / previous,
                          n / previous_n);
        std::printf("%9zu %12.4f %22s   (%zu started)\n", n + 2, best, growth, started);
        previous = best;
        previous_n = n;
    }
    return 0;
}
