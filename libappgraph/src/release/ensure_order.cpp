// application:ensure_all_started/1 in its serial form (OTP 24-26): for each application, start
// its `applications` depth first in the order the .app lists them, then the application itself;
// skip what is already running; skip a missing application only if the parent lists it in
// `optional_applications`. Included applications play no part. OTP 25 recurses forever on a
// cycle; here an application met again while its own dependencies are being started is a
// circular_dependencies error with the path. The walk keeps its own stack so that a chain of a
// hundred thousand applications cannot overflow the machine stack.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "libappgraph/resolve.hpp"

namespace appgraph {

Resolution resolve_ensure(const std::vector<std::string>& roots,
                          const std::vector<Application>& apps) {
    std::unordered_map<std::string, const Application*> by_name;
    for (const auto& app : apps) by_name.try_emplace(app.name, &app);
    Resolution r;
    // A running node has started kernel and stdlib before anything can call ensure_all_started.
    std::unordered_set<std::string> running{"kernel", "stdlib"};
    std::unordered_set<std::string> on_stack;
    struct Frame {
        const Application* app;
        std::size_t next;
    };

    auto fail = [&](Diagnostic err) {
        r.errors.push_back(std::move(err));
        r.applications.clear();
        r.start.clear();
        return r;
    };

    for (const auto& root : roots) {
        if (running.count(root)) continue;
        auto it = by_name.find(root);
        if (it == by_name.end())
            return fail(make_error(DiagnosticKind::not_found, {}, "no .app file found for " + root,
                                   {}, {root}));
        std::vector<Frame> stack{{it->second, 0}};
        on_stack.insert(root);
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next == f.app->applications.size()) {
                running.insert(f.app->name);
                on_stack.erase(f.app->name);
                ResolvedApp started;
                started.name = f.app->name;
                started.vsn = f.app->vsn;
                started.type = StartType::temporary;
                if (stack.size() > 1) started.pulled_in_by = stack[stack.size() - 2].app->name;
                started.waited_for = f.app->applications;
                r.start.push_back(f.app->name);
                r.applications.push_back(std::move(started));
                stack.pop_back();
                continue;
            }
            const std::string& child = f.app->applications[f.next++];
            if (running.count(child)) continue;
            if (on_stack.count(child)) {
                Diagnostic err;
                err.kind = DiagnosticKind::circular_dependencies;
                auto from = std::find_if(stack.begin(), stack.end(),
                                         [&](const Frame& s) { return s.app->name == child; });
                for (auto s = from; s != stack.end(); ++s) {
                    err.involved.push_back(s->app->name);
                    const std::string& to = (s + 1 != stack.end()) ? (s + 1)->app->name : child;
                    err.cycle.push_back({s->app->name, to, s->app->name + " uses " + to});
                }
                err.message = "circular dependencies (ensure_all_started would never return): " +
                              format_cycle(err.cycle);
                return fail(std::move(err));
            }
            auto found = by_name.find(child);
            if (found == by_name.end()) {
                const auto& opt = f.app->optional_applications;
                if (std::find(opt.begin(), opt.end(), child) != opt.end()) continue;
                return fail(
                    make_error(DiagnosticKind::not_found, {},
                               "no .app file found for " + child + " (used by " + f.app->name + ")",
                               {}, {child}));
            }
            on_stack.insert(child);
            stack.push_back({found->second, 0});
        }
    }
    return r;
}

}  // namespace appgraph
