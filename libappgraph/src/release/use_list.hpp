#pragma once
// The list that systools' add_top_apps_to_uses folds over, with the three operations it needs
// kept cheap. Private to libappgraph (tested directly by the release unit tests).

#include <cstddef>
#include <limits>
#include <unordered_map>
#include <vector>

namespace appgraph::detail {

// The fold of add_top_apps_to_uses works on a list it removes the first occurrence from, asks
// membership of and appends to. Short lists (nearly all) are scanned; a list that grows past
// kScanned gets an index that keeps those three operations O(1) amortised.
class UseList {
public:
    explicit UseList(const std::vector<int>& initial) {
        for (int id : initial) append(id);
    }
    void append(int id) {
        if (indexed_) where_[id].at.push_back(items_.size());
        items_.push_back(id);
        alive_.push_back(1);
        if (!indexed_ && items_.size() > kScanned) build_index();
    }
    bool contains(int id) const { return first_alive(id) != kNone; }
    void remove_first(int id) {
        const std::size_t at = first_alive(id);
        if (at == kNone) return;
        alive_[at] = 0;
        if (indexed_) ++where_[id].head;
    }
    std::vector<int> items() const {
        std::vector<int> out;
        for (std::size_t i = 0; i < items_.size(); ++i) {
            if (alive_[i]) out.push_back(items_[i]);
        }
        return out;
    }

private:
    static constexpr std::size_t kScanned = 16;
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    // Where an id occurs, in list order; the ones before `head` were removed (always the first
    // alive occurrence, so removals go front to back).
    struct Positions {
        std::vector<std::size_t> at;
        std::size_t head = 0;
    };

    std::size_t first_alive(int id) const {
        if (!indexed_) {
            for (std::size_t i = 0; i < items_.size(); ++i)
                if (alive_[i] && items_[i] == id) return i;
            return kNone;
        }
        auto it = where_.find(id);
        if (it == where_.end() || it->second.head == it->second.at.size()) return kNone;
        return it->second.at[it->second.head];
    }

    void build_index() {
        indexed_ = true;
        for (std::size_t i = 0; i < items_.size(); ++i) {
            Positions& p = where_[items_[i]];
            if (!alive_[i] && p.at.size() == p.head) ++p.head;  // removed: before the head
            p.at.push_back(i);
        }
    }

    std::vector<int> items_;
    std::vector<char> alive_;
    bool indexed_ = false;
    std::unordered_map<int, Positions> where_;
};

}  // namespace appgraph::detail
