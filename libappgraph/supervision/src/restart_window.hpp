#pragma once
// The restart history of one supervisor: OTP keeps the whole-second timestamps of the restarts
// inside the last `period` seconds and gives up when there are more than `intensity` of them.
// Timestamps arrive in non-decreasing order, so the history is a queue: old entries leave from the
// front, new ones join at the back. A ring buffer keeps that O(1) without allocating per restart.

#include <cstdint>
#include <vector>

namespace appgraph::supervision {

class RestartWindow {
public:
    void reset(int intensity, int period) {
        intensity_ = intensity;
        period_ = period;
        head_ = 0;
        size_ = 0;
        // intensity + 1 entries at most; very large intensities grow on demand.
        std::size_t want = static_cast<std::size_t>(intensity) + 1;
        if (want > 64) want = 64;
        if (ring_.size() < want) ring_.assign(want, 0);
    }

    // Records a restart in second `now`; false when the supervisor must give up
    // (OTP's add_restart/1: [Now | [R || R >= Now - Period]], give up if longer than intensity).
    bool add(std::int64_t now) {
        std::int64_t threshold = now - period_;
        while (size_ > 0 && ring_[head_] < threshold) {
            head_ = (head_ + 1) % ring_.size();
            --size_;
        }
        if (size_ == ring_.size()) grow();
        ring_[(head_ + size_) % ring_.size()] = now;
        ++size_;
        return size_ <= static_cast<std::size_t>(intensity_);
    }

    // The restarts still inside the window at second `now`, as `now` minus their second, oldest
    // first, appended to `out` (tolerate's cycle detection compares histories this way).
    void append_ages(std::int64_t now, std::vector<std::int64_t>& out) const {
        for (std::size_t i = 0; i < size_; ++i) {
            const std::int64_t stamp = ring_[(head_ + i) % ring_.size()];
            if (stamp >= now - period_) out.push_back(now - stamp);
        }
    }

private:
    void grow() {
        std::vector<std::int64_t> bigger(ring_.size() * 2 + 1);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) % ring_.size()];
        ring_.swap(bigger);
        head_ = 0;
    }

    int intensity_ = 1;
    int period_ = 5;
    std::vector<std::int64_t> ring_ = std::vector<std::int64_t>(2, 0);
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

}  // namespace appgraph::supervision
