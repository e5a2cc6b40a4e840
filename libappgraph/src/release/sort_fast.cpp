// systools_make:sort_appls/1 in linear time. systools keeps the work list as an Erlang list:
// it takes the head N, pulls every not-yet-emitted use and include of N out of the tail
// (find_all), and either emits N or puts the pulled apps, then N, back at the front. Membership,
// "remove the first occurrence" and "prepend" are linear scans there. Here the work list is an
// intrusive doubly-linked list over .rel entries with an in-list flag per entry, and "visited"
// is a counter per entry, so each step costs O(1) and every application is processed at most
// twice (once to pull its dependencies in front, once to emit it). This relies on each name
// having one .rel entry; releases that list an application twice go through sort_reference.
// The emitted order, the Missing and the Circular lists are those of systools element for
// element: the loop below follows sort_appls/find_all statement by statement.

#include <algorithm>

#include "prepared.hpp"

namespace appgraph::detail {

namespace {

class WorkList {
public:
    explicit WorkList(std::size_t n) : next_(n, -1), prev_(n, -1), in_(n, 0) {
        for (std::size_t i = 0; i < n; ++i) {
            next_[i] = i + 1 < n ? static_cast<int>(i + 1) : -1;
            prev_[i] = static_cast<int>(i) - 1;
            in_[i] = 1;
        }
        head_ = n > 0 ? 0 : -1;
    }
    int head() const { return head_; }
    bool contains(int e) const { return element(in_, e) != 0; }
    void unlink(int e) {
        const int prev = element(prev_, e), next = element(next_, e);
        if (prev >= 0)
            element(next_, prev) = next;
        else
            head_ = next;
        if (next >= 0) element(prev_, next) = prev;
        element(next_, e) = element(prev_, e) = -1;
        element(in_, e) = 0;
    }
    void push_front(int e) {
        element(next_, e) = head_;
        element(prev_, e) = -1;
        if (head_ >= 0) element(prev_, head_) = e;
        head_ = e;
        element(in_, e) = 1;
    }

private:
    std::vector<int> next_, prev_;
    std::vector<char> in_;
    int head_ = -1;
};

struct FindAll {
    std::vector<int> found;      // entries, in list order as systools builds it
    std::vector<int> not_found;  // names
};

}  // namespace

SortResult sort_fast(const Prepared& p) {
    const std::size_t n = p.entries.size();
    WorkList list(n);
    std::vector<int> visited(n, 0);
    SortResult result;
    result.pulled_by.assign(n, -1);
    std::vector<std::vector<int>> missing_chunks, circular_chunks;

    // find_all(CheckingApp, reverse(Names), L, ...): walks the names backwards and prepends,
    // so `found` and `not_found` come out in the forward order of `names`.
    auto find_all = [&](int checking_entry, const std::vector<int>& names) {
        FindAll out;
        const int checking_name = element(p.entries, checking_entry).name;
        for (auto it = names.rbegin(); it != names.rend(); ++it) {
            const int name = *it;
            const int e = element(p.entry_of, name);
            if (e >= 0 && list.contains(e)) {
                // "X includes Y, Y uses X" is allowed: the includer stays where it is.
                if (element(p.includer, checking_name) == e) {
                    if (!element(visited, e)) out.not_found.push_back(name);
                } else {
                    list.unlink(e);
                    out.found.push_back(e);
                }
            } else if (e < 0 || !element(visited, e)) {
                out.not_found.push_back(name);
            }
        }
        std::reverse(out.found.begin(), out.found.end());
        std::reverse(out.not_found.begin(), out.not_found.end());
        return out;
    };

    while (list.head() >= 0) {
        const int node = list.head();
        const Entry& entry = element(p.entries, node);
        list.unlink(node);
        FindAll uses = find_all(node, entry.uses);
        FindAll incs = find_all(node, entry.includes);

        std::vector<int> missing = uses.not_found;
        for (int opt : entry.optional) {
            auto it = std::find(missing.begin(), missing.end(), opt);
            if (it != missing.end()) missing.erase(it);
        }
        missing.insert(missing.end(), incs.not_found.begin(), incs.not_found.end());
        if (!missing.empty()) missing_chunks.push_back(std::move(missing));

        std::vector<int> deps = std::move(uses.found);
        deps.insert(deps.end(), incs.found.begin(), incs.found.end());
        if (deps.empty()) {
            result.order.push_back(node);
            ++element(visited, node);
            continue;
        }
        std::vector<int> circular;
        std::vector<int> requeue;
        for (int d : deps) {
            if (element(visited, d))
                circular.push_back(element(p.entries, d).name);
            else
                requeue.push_back(d);
        }
        if (!circular.empty()) {
            circular.insert(circular.begin(), entry.name);
            circular_chunks.push_back(std::move(circular));
        }
        ++element(visited, node);
        list.push_front(node);
        for (auto it = requeue.rbegin(); it != requeue.rend(); ++it) {
            list.push_front(*it);
            element(result.pulled_by, *it) = node;
        }
    }

    // Both lists grow by prepending whole chunks.
    for (auto it = missing_chunks.rbegin(); it != missing_chunks.rend(); ++it)
        result.missing.insert(result.missing.end(), it->begin(), it->end());
    for (auto it = circular_chunks.rbegin(); it != circular_chunks.rend(); ++it)
        result.circular.insert(result.circular.end(), it->begin(), it->end());
    result.missing = make_set(result.missing);
    result.circular = make_set(result.circular);
    return result;
}

}  // namespace appgraph::detail
