// Draws a simulation as an SVG timeline a person can take in at a glance. Lanes follow the tree:
// each supervisor above its children in start order, the dynamic children a supervisor started
// right under it (in order of first start), each label indented by its depth. A bar for each
// lifetime; what ends a lifetime is drawn just left of its instant and what starts one just right
// of it, so a crash and the restart at the same instant are both visible: crashes (red cross),
// kills (black square), other exits (grey dot), terminations (dark tick), restarts (green
// triangle), start errors and ignores (diamonds), supervisor give-ups (purple ring), application
// exits and the node halt (lines across every lane). A legend names every mark; the end time is
// labelled. Quiet lanes (started at boot, nothing else happened) are folded into one line of text
// when the tree is large. Every mark carries a <title> tooltip with the exact event and a class
// naming its kind, and every lane a data-path, so tests and scripts can read the picture.
// Self-contained: no scripts, no external styles or fonts.

#include "svg_timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace supsim {

namespace sup = appgraph::supervision;

namespace {

constexpr std::size_t kMaxLanes = 400;     // beyond this, lanes are left out (and counted)
constexpr std::size_t kQuietFolding = 60;  // above this many lanes, quiet ones are folded
constexpr double kLaneHeight = 18;
constexpr double kPlotWidth = 900;
constexpr double kLegendHeight = 26;
constexpr double kTop = 40 + kLegendHeight;

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

bool is_crash(const std::string& reason) {
    return reason != "normal" && reason != "shutdown" && reason.rfind("shutdown:", 0) != 0 &&
           reason != "killed";
}

// The marks, each drawn around (x, cy) with a class naming it and a tooltip.
std::string crash_mark(double x, double cy, const std::string& title) {
    return "<g class=\"crash\" stroke=\"#c62828\" stroke-width=\"2\"><line x1=\"" + num(x - 8) +
           "\" y1=\"" + num(cy - 4) + "\" x2=\"" + num(x) + "\" y2=\"" + num(cy + 4) +
           "\"/><line x1=\"" + num(x - 8) + "\" y1=\"" + num(cy + 4) + "\" x2=\"" + num(x) +
           "\" y2=\"" + num(cy - 4) + "\"/>" + title + "</g>\n";
}
std::string killed_mark(double x, double cy, const std::string& title) {
    return "<rect class=\"killed\" x=\"" + num(x - 8) + "\" y=\"" + num(cy - 4) +
           "\" width=\"8\" height=\"8\" fill=\"#212121\">" + title + "</rect>\n";
}
std::string exit_mark(double x, double cy, const std::string& title) {
    return "<circle class=\"exit\" cx=\"" + num(x - 4) + "\" cy=\"" + num(cy) +
           "\" r=\"3\" fill=\"#757575\">" + title + "</circle>\n";
}
std::string terminate_mark(double x, double cy, const std::string& title) {
    return "<rect class=\"terminate\" x=\"" + num(x - 3) + "\" y=\"" + num(cy - 6) +
           "\" width=\"2\" height=\"12\" fill=\"#455a64\">" + title + "</rect>\n";
}
std::string restart_mark(double x, double cy, const std::string& title) {
    return "<path class=\"restart\" d=\"M" + num(x + 1) + " " + num(cy - 6) +
           " l7 6 l-7 6 z\" fill=\"#2e7d32\">" + title + "</path>\n";
}
std::string diamond_mark(const char* cls, const char* fill, double x, double cy,
                         const std::string& title) {
    return std::string("<path class=\"") + cls + "\" d=\"M" + num(x + 5) + " " + num(cy - 5) +
           " l5 5 l-5 5 l-5 -5 z\" fill=\"" + fill + "\">" + title + "</path>\n";
}
std::string give_up_mark(double x, double cy, const std::string& title) {
    return "<circle class=\"give-up\" cx=\"" + num(x) + "\" cy=\"" + num(cy) +
           "\" r=\"6\" fill=\"none\" stroke=\"#6a1b9a\" stroke-width=\"2\">" + title +
           "</circle>\n";
}

struct Lane {
    std::string path;
    int depth = 0;
    std::vector<std::size_t> key;  // ranks of the path's prefixes: the lane order
    std::size_t events = 0;        // events drawn on it
    bool quiet = false;
    double y = 0;
    bool alive = false;
    std::int64_t since_us = 0;
    int starts = 0;
};

// Ranks of the tree's paths in start order (applications, supervisors, static children); a path
// the tree does not list (a dynamic child) ranks after all of them, in order of first sight.
class PathRanks {
public:
    explicit PathRanks(const sup::Tree& tree) {
        for (std::string& path : sup::list_process_paths(tree))
            rank_.emplace(std::move(path), rank_.size());
        next_ = rank_.size();
    }
    std::vector<std::size_t> key(const std::string& path) {
        std::vector<std::size_t> out;
        for (std::size_t slash = path.find('/');; slash = path.find('/', slash + 1)) {
            const std::string prefix = path.substr(0, slash);
            auto [it, added] = rank_.emplace(prefix, next_);
            if (added) ++next_;
            out.push_back(it->second);
            if (slash == std::string::npos) break;
        }
        return out;
    }

private:
    std::unordered_map<std::string, std::size_t> rank_;
    std::size_t next_ = 0;
};

// One lane per process that started or failed to start, in tree order.
std::vector<Lane> make_lanes(const sup::Tree& tree, const std::vector<RecordedEvent>& events) {
    PathRanks ranks(tree);
    std::vector<Lane> lanes;
    std::unordered_map<std::string, std::size_t> seen;
    for (const auto& e : events) {
        if (e.kind == sup::TraceKind::app_exit || e.kind == sup::TraceKind::node_halt ||
            e.kind == sup::TraceKind::ignored)
            continue;
        // A start_error with an application's path is the application failing to start.
        if (e.path.find('/') == std::string::npos && !tree.bare) continue;
        auto [it, added] = seen.emplace(e.path, lanes.size());
        if (added) {
            Lane lane;
            lane.path = e.path;
            lane.key = ranks.key(e.path);
            lane.depth = static_cast<int>(lane.key.size()) - (tree.bare ? 1 : 2);
            lanes.push_back(lane);
        }
        ++lanes[it->second].events;
    }
    std::stable_sort(lanes.begin(), lanes.end(),
                     [](const Lane& a, const Lane& b) { return a.key < b.key; });
    return lanes;
}

// The legend: one sample of every mark, with its meaning.
std::string legend(double y) {
    std::string out = "<g id=\"legend\" font-size=\"10\">\n";
    double x = 10;
    const double cy = y + 9;
    auto item = [&](const std::string& mark, const char* label, double width) {
        out += "<g class=\"legend-item\">" + mark + "<text x=\"" + num(x + 12) + "\" y=\"" +
               num(cy + 3.5) + "\">" + label + "</text></g>\n";
        x += width;
    };
    item("<rect x=\"" + num(x - 4) + "\" y=\"" + num(cy - 5) +
             "\" width=\"12\" height=\"10\" fill=\"#7aa6d6\"/>",
         "running", 70);
    item(crash_mark(x + 6, cy, ""), "crash", 58);
    item(killed_mark(x + 6, cy, ""), "killed", 62);
    item(exit_mark(x + 6, cy, ""), "exit (normal, shutdown)", 160);
    item(terminate_mark(x + 6, cy, ""), "stopped by its supervisor", 172);
    item(restart_mark(x - 2, cy, ""), "restart", 70);
    item(diamond_mark("start-error", "#ef6c00", x - 4, cy, ""), "start error", 94);
    item(diamond_mark("start-ignore", "#9e9e9e", x - 4, cy, ""), "start ignored", 106);
    item(give_up_mark(x + 2, cy, ""), "gave up", 70);
    item("<line x1=\"" + num(x + 2) + "\" y1=\"" + num(cy - 7) + "\" x2=\"" + num(x + 2) +
             "\" y2=\"" + num(cy + 7) + "\" stroke=\"#ef6c00\" stroke-dasharray=\"3 2\"/>",
         "application exit", 118);
    item("<line x1=\"" + num(x + 2) + "\" y1=\"" + num(cy - 7) + "\" x2=\"" + num(x + 2) +
             "\" y2=\"" + num(cy + 7) + "\" stroke=\"#c62828\" stroke-width=\"2\"/>",
         "node halt", 80);
    out += "</g>\n";
    return out;
}

}  // namespace

std::string render_svg_timeline(const sup::Tree& tree, const std::vector<RecordedEvent>& events,
                                const sup::SimulationSummary& summary) {
    std::int64_t end_us = std::max<std::int64_t>(summary.end_us, 1000000);
    for (const auto& e : events) end_us = std::max(end_us, e.t_us);
    std::vector<Lane> lanes = make_lanes(tree, events);
    // A large tree: fold the lanes where nothing happened but the first start.
    std::size_t folded = 0;
    if (lanes.size() > kQuietFolding) {
        // Supervisors of lanes that stay keep their own lane, so that the tree stays readable.
        std::unordered_set<std::string> ancestors;
        for (const Lane& lane : lanes) {
            if (lane.events <= 1) continue;
            for (std::size_t slash = lane.path.rfind('/'); slash != std::string::npos && slash > 0;
                 slash = lane.path.rfind('/', slash - 1))
                ancestors.insert(lane.path.substr(0, slash));
        }
        std::vector<Lane> kept;
        for (Lane& lane : lanes) {
            if (lane.events <= 1 && !ancestors.count(lane.path) &&
                lanes.size() - folded > kQuietFolding)
                ++folded;
            else
                kept.push_back(std::move(lane));
        }
        lanes.swap(kept);
    }
    const std::size_t dropped = lanes.size() > kMaxLanes ? lanes.size() - kMaxLanes : 0;
    lanes.resize(std::min(lanes.size(), kMaxLanes));
    std::unordered_map<std::string, std::size_t> index;
    std::size_t label_chars = 10;
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        lanes[i].y = kTop + static_cast<double>(i) * kLaneHeight;
        index.emplace(lanes[i].path, i);
        const std::size_t slash = lanes[i].path.rfind('/');
        const std::size_t id = lanes[i].path.size() - (slash == std::string::npos ? 0 : slash + 1);
        label_chars = std::max(label_chars, id + 2 * static_cast<std::size_t>(lanes[i].depth));
    }
    const double left = 10 + static_cast<double>(std::min<std::size_t>(label_chars, 70)) * 6.6;
    const double width = std::max(left + kPlotWidth + 90, 1120.0);
    const bool note = folded > 0 || dropped > 0;
    const double height =
        kTop + static_cast<double>(lanes.size()) * kLaneHeight + 50 + (note ? 16 : 0);
    const double axis_y = kTop + static_cast<double>(lanes.size()) * kLaneHeight + 20;
    auto x_of = [&](std::int64_t t) {
        return left + kPlotWidth * static_cast<double>(t) / static_cast<double>(end_us);
    };

    std::string bars, marks, overlay;
    auto close_bar = [&](Lane& lane, std::int64_t t) {
        if (!lane.alive) return;
        double x0 = x_of(lane.since_us), x1 = std::max(x_of(t), x0 + 1.5);
        bars += "<rect class=\"lifetime\" x=\"" + num(x0) + "\" y=\"" + num(lane.y + 4) +
                "\" width=\"" + num(x1 - x0) + "\" height=\"10\" fill=\"#7aa6d6\"/>\n";
        lane.alive = false;
    };
    auto tooltip = [](const RecordedEvent& e) {
        std::string t =
            sup::format_seconds(e.t_us) + " s " + appgraph::to_string(e.kind) + " " + e.path;
        if (!e.reason.empty()) t += " " + e.reason;
        return "<title>" + escape(t) + "</title>";
    };
    for (const auto& e : events) {
        if (e.kind == sup::TraceKind::node_halt || e.kind == sup::TraceKind::app_exit) {
            double x = x_of(e.t_us);
            bool halt = e.kind == sup::TraceKind::node_halt;
            std::string label = "app " + e.path + " exit: " + e.reason;
            if (halt && e.path.empty())  // no application made it halt: the script's stop-node
                label = "node stopped (init:stop)";
            else if (halt)
                label = "node halt (reboot on Nerves): " + e.path + " " + e.reason;
            overlay += std::string("<g class=\"") + (halt ? "node-halt" : "app-exit") +
                       "\"><line x1=\"" + num(x) + "\" y1=\"" + num(kTop - 6) + "\" x2=\"" +
                       num(x) + "\" y2=\"" + num(axis_y) + "\" stroke=\"" +
                       (halt ? "#c62828" : "#ef6c00") + "\" stroke-width=\"" + (halt ? "2" : "1") +
                       "\"" + (halt ? "" : " stroke-dasharray=\"4 3\"") + "/>" + tooltip(e) +
                       "</g>\n";
            bool near_end = x > left + kPlotWidth * 0.6;
            overlay += "<text x=\"" + num(near_end ? x - 3 : x + 3) + "\" y=\"" +
                       num(halt ? kTop - 10 : kTop - 22) + "\" font-size=\"11\"" +
                       (near_end ? " text-anchor=\"end\"" : "") + " fill=\"" +
                       (halt ? "#c62828" : "#ef6c00") + "\">" + escape(label) + "</text>\n";
            continue;
        }
        auto it = index.find(e.path);
        if (it == index.end()) continue;
        Lane& lane = lanes[it->second];
        const double x = x_of(e.t_us), cy = lane.y + 9;
        switch (e.kind) {
            case sup::TraceKind::start:
                if (lane.starts++ > 0) marks += restart_mark(x, cy, tooltip(e));
                lane.alive = true;
                lane.since_us = e.t_us;
                break;
            case sup::TraceKind::start_error:
                marks += diamond_mark("start-error", "#ef6c00", x, cy, tooltip(e));
                break;
            case sup::TraceKind::start_ignore:
                marks += diamond_mark("start-ignore", "#9e9e9e", x, cy, tooltip(e));
                break;
            case sup::TraceKind::exit:
                close_bar(lane, e.t_us);
                if (e.reason == "killed")
                    marks += killed_mark(x, cy, tooltip(e));
                else if (is_crash(e.reason))
                    marks += crash_mark(x, cy, tooltip(e));
                else
                    marks += exit_mark(x, cy, tooltip(e));
                break;
            case sup::TraceKind::terminate:
                close_bar(lane, e.t_us);
                marks += e.reason == "killed" ? killed_mark(x, cy, tooltip(e))
                                              : terminate_mark(x, cy, tooltip(e));
                break;
            case sup::TraceKind::max_intensity:
            case sup::TraceKind::auto_shutdown:
                marks += give_up_mark(x, cy, tooltip(e));
                marks += "<text x=\"" + num(x + 8) + "\" y=\"" + num(cy + 4) +
                         "\" font-size=\"10\" fill=\"#6a1b9a\">" +
                         (e.kind == sup::TraceKind::max_intensity ? "gave up" : "auto shutdown") +
                         "</text>\n";
                break;
            default:
                break;
        }
    }
    for (auto& lane : lanes) close_bar(lane, end_us);

    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" +
           num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
           "\" font-family=\"monospace\">\n";
    out +=
        "<title>supsim timeline</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    out += legend(6);
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const Lane& lane = lanes[i];
        out += "<g class=\"lane\" data-path=\"" + escape(lane.path) + "\">";
        if (i % 2 == 0)
            out += "<rect x=\"0\" y=\"" + num(lane.y) + "\" width=\"" + num(width) +
                   "\" height=\"" + num(kLaneHeight) + "\" fill=\"#f5f5f5\"/>";
        const std::size_t slash = lane.path.rfind('/');
        const std::string id = slash == std::string::npos ? lane.path : lane.path.substr(slash + 1);
        out += "<text x=\"" + num(5 + 6.6 * 2 * lane.depth) + "\" y=\"" + num(lane.y + 13) +
               "\" font-size=\"11\"><title>" + escape(lane.path) + "</title>" + escape(id) +
               "</text></g>\n";
    }
    // Time axis with about ten ticks at a round step, and the end time.
    double seconds = static_cast<double>(end_us) / 1e6;
    double step = 1;
    for (double s :
         {0.001, 0.002, 0.005, 0.01, 0.02,  0.05,  0.1,   0.2,    0.5,    1.0,    2.0,
          5.0,   10.0,  20.0,  50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0}) {
        step = s;
        if (seconds / s <= 12) break;
    }
    out += "<line x1=\"" + num(left) + "\" y1=\"" + num(axis_y) + "\" x2=\"" +
           num(left + kPlotWidth) + "\" y2=\"" + num(axis_y) + "\" stroke=\"#333\"/>\n";
    for (double t = 0; t <= seconds * 0.95 + 1e-9; t += step) {
        double x = left + kPlotWidth * t / seconds;
        char label[32];
        std::snprintf(label, sizeof label, "%g s", t);
        out += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(x) + "\" y2=\"" +
               num(axis_y + 4) + "\" stroke=\"#ddd\"/>\n<text x=\"" + num(x) + "\" y=\"" +
               num(axis_y + 16) + "\" font-size=\"10\" text-anchor=\"middle\">" + label +
               "</text>\n";
    }
    const double x_end = left + kPlotWidth;
    out += "<g id=\"end-time\"><line x1=\"" + num(x_end) + "\" y1=\"" + num(kTop) + "\" x2=\"" +
           num(x_end) + "\" y2=\"" + num(axis_y + 4) +
           "\" stroke=\"#333\" stroke-dasharray=\"2 2\"/><text x=\"" + num(x_end + 4) + "\" y=\"" +
           num(axis_y + 16) + "\" font-size=\"10\" font-weight=\"bold\">end " +
           sup::format_seconds(end_us) + " s</text></g>\n";
    out += bars + marks + overlay;
    if (note) {
        std::string text;
        if (folded > 0)
            text += std::to_string(folded) +
                    " quiet processes not drawn (started at boot, nothing else happened)";
        if (dropped > 0)
            text += std::string(text.empty() ? "" : "; ") + std::to_string(dropped) +
                    " more processes not drawn (at most " + std::to_string(kMaxLanes) + " lanes)";
        out += "<text id=\"not-drawn\" x=\"5\" y=\"" + num(height - 8) + "\" font-size=\"11\">" +
               escape(text) + "</text>\n";
    }
    out += "</svg>\n";
    return out;
}

}  // namespace supsim
