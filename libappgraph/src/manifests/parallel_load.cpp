// Reading and parsing .app files, one after another or in parallel (LoadOptions::threads). A
// release of 10,000 applications is 10,000 small files whose reading and parsing are independent,
// and that is nearly all the time `appgraph order` takes. Each worker takes the next index from an
// atomic counter and stores its outcome in that index's slot, so callers see exactly what a
// sequential loop would have produced (and report the first error in input order, as before). Small
// inputs stay on the calling thread.

#include "parallel_load.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "directory_layout.hpp"

namespace appgraph::detail {

namespace {

constexpr std::size_t kMinFilesPerThread = 256;  // below this, starting threads costs more
constexpr unsigned kMaxThreads = 8;

void load_one(const std::string& path, LoadedApps& out, std::size_t i) {
    try {
        out.apps[i] = load_app_file(path);
    } catch (const DiagnosticError& e) {
        out.errors[i] = std::make_unique<Diagnostic>(e.diagnostic());
    }
}

}  // namespace

LoadedApps load_app_files(const std::vector<std::string>& paths, unsigned threads_asked) {
    LoadedApps loaded;
    loaded.apps.resize(paths.size());
    loaded.errors.resize(paths.size());
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned limit = threads_asked == 0 ? std::min(cores, kMaxThreads) : threads_asked;
    const auto threads =
        static_cast<unsigned>(std::min<std::size_t>({limit, paths.size() / kMinFilesPerThread}));
    // The sequential path: what every thread count must reproduce.
    if (threads <= 1) {
        for (std::size_t i = 0; i < paths.size(); ++i) load_one(paths[i], loaded, i);
        return loaded;
    }
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < paths.size(); i = next++) load_one(paths[i], loaded, i);
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
    for (std::thread& w : workers) w.join();
    return loaded;
}

}  // namespace appgraph::detail
