// Draws a simulation as an SVG timeline a person can take in at a glance: one lane per process
// (in order of first start), a bar for each lifetime, and markers for what happened: crashes
// (red), other exits (grey), terminations (the bar just ends), restarts (green triangle), start
// errors (orange diamond), supervisor give-ups (purple), application exits and the node halt (a
// red line across every lane). Each marker carries a <title> tooltip with the exact event.
// Self-contained: no scripts, no external styles or fonts.

#include "svg_timeline.hpp"

#include "libappgraph/supervision/events.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace supsim {

namespace sup = appgraph::supervision;

namespace {

constexpr std::size_t kMaxLanes = 400;
constexpr double kLaneHeight = 18;
constexpr double kPlotWidth = 900;
constexpr double kTop = 40;

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
    return reason != "normal" && reason != "shutdown" && reason.rfind("shutdown:", 0) != 0;
}

struct Lane {
    std::string path;
    double y = 0;
    bool alive = false;
    std::int64_t since_us = 0;
    int starts = 0;
};

}  // namespace

std::string render_svg_timeline(const sup::Tree& tree, const std::vector<RecordedEvent>& events,
                                const sup::SimulationSummary& summary) {
    (void)tree;
    std::int64_t end_us = std::max<std::int64_t>(summary.end_us, 1000000);
    for (const auto& e : events) end_us = std::max(end_us, e.t_us);
    std::vector<Lane> lanes;
    std::unordered_map<std::string, std::size_t> index;
    std::size_t dropped = 0;
    std::size_t label_chars = 10;
    for (const auto& e : events) {
        if (e.kind == sup::TraceKind::app_exit || e.kind == sup::TraceKind::node_halt ||
            e.kind == sup::TraceKind::ignored || index.count(e.path))
            continue;
        if (e.kind != sup::TraceKind::start && e.kind != sup::TraceKind::start_error &&
            e.kind != sup::TraceKind::start_ignore)
            continue;
        if (lanes.size() >= kMaxLanes) {
            ++dropped;
            index[e.path] = SIZE_MAX;
            continue;
        }
        index[e.path] = lanes.size();
        Lane lane;
        lane.path = e.path;
        lane.y = kTop + static_cast<double>(lanes.size()) * kLaneHeight;
        lanes.push_back(lane);
        label_chars = std::max(label_chars, e.path.size());
    }
    const double left = 10 + static_cast<double>(std::min<std::size_t>(label_chars, 70)) * 6.6;
    const double width = left + kPlotWidth + 90;
    const double height = kTop + static_cast<double>(lanes.size()) * kLaneHeight + 50;
    auto x_of = [&](std::int64_t t) {
        return left + kPlotWidth * static_cast<double>(t) / static_cast<double>(end_us);
    };

    std::string bars, marks, overlay;
    auto close_bar = [&](Lane& lane, std::int64_t t) {
        if (!lane.alive) return;
        double x0 = x_of(lane.since_us), x1 = std::max(x_of(t), x0 + 1.5);
        bars += "<rect x=\"" + num(x0) + "\" y=\"" + num(lane.y + 4) + "\" width=\"" +
                num(x1 - x0) + "\" height=\"10\" fill=\"#7aa6d6\"/>\n";
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
            std::string label = halt ? "node halt (reboot on Nerves): " + e.path + " " + e.reason
                                     : "app " + e.path + " exit: " + e.reason;
            overlay += "<g><line x1=\"" + num(x) + "\" y1=\"" + num(kTop - 6) + "\" x2=\"" +
                       num(x) + "\" y2=\"" + num(height - 40) + "\" stroke=\"" +
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
        if (it == index.end() || it->second == SIZE_MAX) continue;
        Lane& lane = lanes[it->second];
        double x = x_of(e.t_us), cy = lane.y + 9;
        switch (e.kind) {
            case sup::TraceKind::start:
                if (lane.starts++ > 0)
                    marks += "<path d=\"M" + num(x) + " " + num(cy - 6) +
                             " l6 6 l-6 6 z\" fill=\"#2e7d32\">" + tooltip(e) + "</path>\n";
                lane.alive = true;
                lane.since_us = e.t_us;
                break;
            case sup::TraceKind::start_error:
            case sup::TraceKind::start_ignore:
                marks +=
                    "<path d=\"M" + num(x) + " " + num(cy - 5) + " l5 5 l-5 5 l-5 -5 z\" fill=\"" +
                    std::string(e.kind == sup::TraceKind::start_error ? "#ef6c00" : "#9e9e9e") +
                    "\">" + tooltip(e) + "</path>\n";
                break;
            case sup::TraceKind::exit:
                close_bar(lane, e.t_us);
                if (is_crash(e.reason))
                    marks += "<g stroke=\"#c62828\" stroke-width=\"2\"><line x1=\"" + num(x - 4) +
                             "\" y1=\"" + num(cy - 4) + "\" x2=\"" + num(x + 4) + "\" y2=\"" +
                             num(cy + 4) + "\"/><line x1=\"" + num(x - 4) + "\" y1=\"" +
                             num(cy + 4) + "\" x2=\"" + num(x + 4) + "\" y2=\"" + num(cy - 4) +
                             "\"/>" + tooltip(e) + "</g>\n";
                else
                    marks += "<circle cx=\"" + num(x) + "\" cy=\"" + num(cy) +
                             "\" r=\"3\" fill=\"#616161\">" + tooltip(e) + "</circle>\n";
                break;
            case sup::TraceKind::terminate:
                close_bar(lane, e.t_us);
                marks += "<rect x=\"" + num(x - 1) + "\" y=\"" + num(cy - 6) +
                         "\" width=\"2\" height=\"12\" fill=\"" +
                         std::string(e.reason == "killed" ? "#c62828" : "#455a64") + "\">" +
                         tooltip(e) + "</rect>\n";
                break;
            case sup::TraceKind::max_intensity:
            case sup::TraceKind::auto_shutdown:
                marks += "<g><circle cx=\"" + num(x) + "\" cy=\"" + num(cy) +
                         "\" r=\"6\" fill=\"none\" stroke=\"#6a1b9a\" "
                         "stroke-width=\"2\"/>" +
                         tooltip(e) + "</g>\n";
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
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const Lane& lane = lanes[i];
        if (i % 2 == 0)
            out += "<rect x=\"0\" y=\"" + num(lane.y) + "\" width=\"" + num(width) +
                   "\" height=\"" + num(kLaneHeight) + "\" fill=\"#f5f5f5\"/>\n";
        out += "<text x=\"5\" y=\"" + num(lane.y + 13) + "\" font-size=\"11\">" +
               escape(lane.path) + "</text>\n";
    }
    // Time axis with about ten ticks at a round step.
    double seconds = static_cast<double>(end_us) / 1e6;
    double step = 1;
    for (double s :
         {0.001, 0.002, 0.005, 0.01, 0.02,  0.05,  0.1,   0.2,    0.5,    1.0,    2.0,
          5.0,   10.0,  20.0,  50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0}) {
        step = s;
        if (seconds / s <= 12) break;
    }
    double axis_y = height - 30;
    out += "<line x1=\"" + num(left) + "\" y1=\"" + num(axis_y) + "\" x2=\"" +
           num(left + kPlotWidth) + "\" y2=\"" + num(axis_y) + "\" stroke=\"#333\"/>\n";
    for (double t = 0; t <= seconds + 1e-9; t += step) {
        double x = left + kPlotWidth * t / seconds;
        char label[32];
        std::snprintf(label, sizeof label, "%g s", t);
        out += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(x) + "\" y2=\"" +
               num(axis_y + 4) + "\" stroke=\"#ddd\"/>\n<text x=\"" + num(x) + "\" y=\"" +
               num(axis_y + 16) + "\" font-size=\"10\" text-anchor=\"middle\">" + label +
               "</text>\n";
    }
    out += bars + marks + overlay;
    if (dropped > 0)
        out += "<text x=\"5\" y=\"" + num(height - 6) + "\" font-size=\"11\">(" +
               std::to_string(dropped) + " more processes not drawn)</text>\n";
    out += "</svg>\n";
    return out;
}

}  // namespace supsim
