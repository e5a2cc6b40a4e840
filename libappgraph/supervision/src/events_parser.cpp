// Parses the event script of a simulation: `TIME ACTION PATH [ARG...]`, one per line, with `#`
// comments, and `TIME every INTERVAL crash PATH [REASON]` for a steady crash rate. Times are kept
// as integer microseconds so that equal times compare equal and intensity windows never suffer
// from rounding. Each path is checked against the tree (a dynamic child is accepted under any
// supervisor that can start children by id), and every problem is reported with its line and
// the column of the offending word.

#include "libappgraph/supervision/events.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <span>

#include "event_line_parser.hpp"

namespace appgraph::supervision {

bool parse_seconds(std::string_view text, std::int64_t& out_us) {
    if (text.empty()) return false;
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || fraction.size() > 6) return false;
    if (dot != std::string_view::npos && fraction.empty()) return false;
    auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(whole) || !digits(fraction) || whole.size() > 12) return false;
    std::int64_t seconds = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    std::int64_t micros = 0;
    for (std::size_t i = 0; i < 6; ++i)
        micros = micros * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    out_us = seconds * 1000000 + micros;
    return true;
}

void append_seconds(std::string& out, std::int64_t t_us) {
    if (t_us < 0) out += '-';
    const std::uint64_t v =
        t_us < 0 ? 0 - static_cast<std::uint64_t>(t_us) : static_cast<std::uint64_t>(t_us);
    char digits[24];
    const auto whole = std::to_chars(digits, digits + sizeof digits, v / 1000000);
    out.append(digits, whole.ptr);
    std::uint64_t frac = v % 1000000;
    if (frac == 0) return;
    int width = 6;  // the six decimals, without their trailing zeros
    while (frac % 10 == 0) {
        frac /= 10;
        --width;
    }
    out += '.';
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

std::string format_seconds(std::int64_t t_us) {
    std::string out;
    append_seconds(out, t_us);
    return out;
}

namespace {

struct Word {
    std::string_view text;
    int column;  // 1-based
};

void split_words(std::string_view line, std::vector<Word>& words) {
    words.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i >= line.size() || line[i] == '#') break;
        std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' &&
               line[i] != '#')
            ++i;
        words.push_back({line.substr(start, i - start), static_cast<int>(start + 1)});
    }
}

// What a path names in the tree, without running anything.
struct Resolved {
    enum class Kind { unknown, application, process, dynamic_child } kind = Kind::unknown;
    const ChildSpec* spec = nullptr;    // for a static process
    std::string problem;                // for unknown: which component failed
    std::string unmatched;              // that component, when a supervisor has no such child
    std::vector<std::string> accepted;  // and that supervisor's children
};

const ChildSpec* find_child(const SupervisorSpec& sup, std::string_view id) {
    for (const auto& c : sup.children)
        if (c.id == id) return &c;
    for (const auto& c : sup.start_child_specs)
        if (c.id == id) return &c;
    for (const auto& c : sup.running_children)
        if (c.id == id) return &c;
    return nullptr;
}

bool accepts_dynamic_children(const SupervisorSpec& sup) {
    return sup.dynamic || sup.strategy == Strategy::simple_one_for_one;
}

Resolved resolve(const Tree& tree, std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = path.find('/', start);
        parts.push_back(
            path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    Resolved r;
    for (const auto& part : parts) {
        if (part.empty()) {
            r.problem = "empty component in path";
            return r;
        }
    }
    const ChildSpec* current = nullptr;
    std::size_t next = 1;
    for (const auto& app : tree.applications) {
        if (tree.bare) {
            if (app.top.id == parts[0]) current = &app.top;
        } else if (app.name == parts[0]) {
            if (parts.size() == 1) {
                r.kind = Resolved::Kind::application;
                return r;
            }
            if (app.top.id == parts[1]) current = &app.top;
            next = 2;
        }
    }
    if (!current) {
        r.problem = tree.bare ? "the root supervisor is " + tree.applications[0].top.id
                              : "no application or top supervisor \"" + std::string(parts[0]) +
                                    (parts.size() > 1 ? "/" + std::string(parts[1]) : "") + "\"";
        return r;
    }
    for (; next < parts.size(); ++next) {
        if (!current->supervisor) {
            r.problem = "\"" + current->id + "\" is a worker and has no children";
            return r;
        }
        if (accepts_dynamic_children(*current->supervisor)) {
            r.kind = Resolved::Kind::dynamic_child;
            return r;
        }
        const ChildSpec* child = find_child(*current->supervisor, parts[next]);
        if (!child) {
            r.problem = "supervisor \"" + current->id + "\" has no child \"" +
                        std::string(parts[next]) + "\"";
            r.unmatched = parts[next];
            for (const auto* list :
                 {&current->supervisor->children, &current->supervisor->start_child_specs,
                  &current->supervisor->running_children})
                for (const auto& c : *list) r.accepted.push_back(c.id);
            return r;
        }
        current = child;
    }
    r.kind = Resolved::Kind::process;
    r.spec = current;
    return r;
}

// Paths already resolved, so that each distinct path walks the tree once: an open-addressing
// table (power-of-two size, linear probing over a compact array of hashes, 0 for a free slot)
// because a crash storm looks a path up for each of its millions of lines. Bounded: a script that
// names ever new dynamic children would otherwise grow it without end, so it starts over when
// full.
class ResolveCache {
public:
    const Resolved& get(const Tree& tree, std::string_view path) {
        const std::uint64_t hash = hash_of(path);
        std::size_t at = slot_for(hash, path);
        if (hashes_[at] != 0) return entries_[at].resolved;
        if (used_ + 1 > hashes_.size() / 2) {
            if (hashes_.size() < kMaxSlots)
                grow();
            else
                clear();
            at = slot_for(hash, path);
        }
        hashes_[at] = hash;
        entries_[at].path.assign(path);
        entries_[at].resolved = resolve(tree, path);
        ++used_;
        return entries_[at].resolved;
    }

private:
    struct Entry {
        std::string path;
        Resolved resolved;
    };
    static constexpr std::size_t kMaxSlots = 1u << 17;

    // Eight bytes at a time; never 0, which marks a free slot.
    static std::uint64_t hash_of(std::string_view s) {
        std::uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            h = (h ^ word) * 0xff51afd7ed558ccdull;
            h ^= h >> 32;
        }
        std::uint64_t tail = 0;
        std::memcpy(&tail, s.data() + i, s.size() - i);
        h ^= tail;
        // MurmurHash3's finalizer: every bit of the key reaches the low bits that pick a slot.
        h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdull;
        h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 33;
        return h != 0 ? h : 1;
    }
    // The slot holding `path`, or the free slot where it goes.
    std::size_t slot_for(std::uint64_t hash, std::string_view path) const {
        const std::size_t mask = hashes_.size() - 1;
        for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
            if (hashes_[at] == 0 || (hashes_[at] == hash && entries_[at].path == path)) return at;
        }
    }
    void grow() {
        std::vector<std::uint64_t> old_hashes(hashes_.size() * 2, 0);
        std::vector<Entry> old_entries(entries_.size() * 2);
        old_hashes.swap(hashes_);
        old_entries.swap(entries_);
        for (std::size_t i = 0; i < old_hashes.size(); ++i) {
            if (old_hashes[i] == 0) continue;
            const std::size_t at = slot_for(old_hashes[i], old_entries[i].path);
            hashes_[at] = old_hashes[i];
            entries_[at] = std::move(old_entries[i]);
        }
    }
    void clear() {
        std::fill(hashes_.begin(), hashes_.end(), 0);
        used_ = 0;
    }

    std::vector<std::uint64_t> hashes_ = std::vector<std::uint64_t>(64, 0);
    std::vector<Entry> entries_ = std::vector<Entry>(64);
    std::size_t used_ = 0;
};

class LineParser {
public:
    LineParser(const Tree& tree, const std::string& filename, Diagnostics& diagnostics)
        : tree_(tree), filename_(filename), diagnostics_(diagnostics) {}

    // Parses one line into `ev`; false when the line holds no event or has a problem.
    bool parse_line(std::string_view line, int line_number, ScriptEvent& ev) {
        split_words(line, words_);
        if (words_.empty()) return false;
        text_ = line;
        line_ = line_number;
        ev.t_us = 0;
        ev.every_us = 0;
        ev.action = ActionKind::crash;
        ev.path.clear();
        ev.reason.clear();
        ev.child_id.clear();
        ev.spec_id.clear();
        ev.count = 0;
        ev.line = line_number;
        return parse(words_, ev);
    }

    void error(int column, std::string message, std::string unmatched = {},
               std::vector<std::string> accepted = {}) {
        Diagnostic d =
            make_error(DiagnosticKind::bad_event, SourceLocation{filename_, line_, column, {}},
                       std::move(message), make_snippet(text_, 1, column));
        d.unmatched = std::move(unmatched);
        d.accepted = std::move(accepted);
        diagnostics_.report(std::move(d));
    }

    bool process_path(const Word& word, bool allow_dynamic = true) {
        const Resolved& r = cache_.get(tree_, word.text);
        if (r.kind == Resolved::Kind::process) return true;
        if (r.kind == Resolved::Kind::dynamic_child && allow_dynamic) return true;
        if (r.kind == Resolved::Kind::application)
            error(word.column,
                  "\"" + std::string(word.text) + "\" is an application, not a process");
        else
            error(word.column,
                  "no process \"" + std::string(word.text) + "\" in the tree: " + r.problem,
                  std::move(r.unmatched), std::move(r.accepted));
        return false;
    }

    // The application of stop-app: a name the tree's applications list.
    bool application_name(const Word& word) {
        if (tree_.bare) {
            error(word.column, "the tree is a bare supervisor: it has no applications to stop");
            return false;
        }
        std::vector<std::string> names;
        for (const auto& app : tree_.applications) {
            if (app.name == word.text) return true;
            names.push_back(app.name);
        }
        error(word.column, "no application \"" + std::string(word.text) + "\" in the tree",
              std::string(word.text), std::move(names));
        return false;
    }

    // The supervisor of start-child / terminate-child; nullptr when it is a dynamic child.
    bool supervisor_path(const Word& word, const ChildSpec*& spec) {
        const Resolved& r = cache_.get(tree_, word.text);
        spec = r.spec;
        if (r.kind == Resolved::Kind::dynamic_child) return true;
        if (r.kind == Resolved::Kind::process && r.spec->supervisor) return true;
        if (r.kind == Resolved::Kind::process)
            error(word.column, "\"" + std::string(word.text) + "\" is a worker, not a supervisor");
        else
            process_path(word);
        return false;
    }

    bool parse(const std::vector<Word>& words, ScriptEvent& ev) {
        if (!parse_seconds(words[0].text, ev.t_us)) {
            error(words[0].column,
                  "expected a time in seconds (e.g. 12 or 0.8, at most 6 decimals), got \"" +
                      std::string(words[0].text) + "\"");
            return false;
        }
        if (words.size() < 2) {
            error(words[0].column + static_cast<int>(words[0].text.size()),
                  "missing action after the time");
            return false;
        }
        std::size_t at = 1;
        if (words[1].text == "every") {
            if (words.size() < 3 || !parse_seconds(words[2].text, ev.every_us) ||
                ev.every_us == 0) {
                error(words.size() < 3 ? words[1].column : words[2].column,
                      "expected a positive interval in seconds after \"every\"");
                return false;
            }
            if (words.size() < 4 || words[3].text != "crash") {
                error(words.size() < 4 ? words[2].column : words[3].column,
                      "\"every\" repeats only crash: TIME every INTERVAL crash PATH [REASON]");
                return false;
            }
            at = 3;
        }
        const std::optional<ActionKind> action = from_string<ActionKind>(words[at].text);
        if (!action) {
            error(words[at].column, "unknown action \"" + std::string(words[at].text) +
                                        "\" (expected " + names_in<ActionKind>() + " or every)");
            return false;
        }
        ev.action = *action;
        const std::span<const Word> args(words.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                                         words.end());
        auto need = [&](std::size_t min, std::size_t max, const char* usage) {
            if (args.size() < min || args.size() > max) {
                int column = args.size() > max ? args[max].column : words[at].column;
                error(column, std::string("usage: TIME ") + usage);
                return false;
            }
            return true;
        };
        switch (*action) {
            case ActionKind::crash:
                if (!need(1, 2, "crash PATH [REASON]") || !process_path(args[0])) return false;
                ev.path.assign(args[0].text);
                ev.reason.assign(args.size() > 1 ? args[1].text : std::string_view("crash"));
                break;
            case ActionKind::exit:
                if (!need(2, 2, "exit PATH REASON") || !process_path(args[0])) return false;
                ev.path.assign(args[0].text);
                ev.reason.assign(args[1].text);
                break;
            case ActionKind::fail_start:
                if (!need(2, 3, "fail-start PATH N [REASON]") || !process_path(args[0]))
                    return false;
                ev.path.assign(args[0].text);
                if (!count(args[1], ev.count)) return false;
                ev.reason.assign(args.size() > 2 ? args[2].text : std::string_view("crash"));
                break;
            case ActionKind::ignore_start:
                if (!need(1, 1, "ignore-start PATH") || !process_path(args[0])) return false;
                ev.path.assign(args[0].text);
                break;
            case ActionKind::start_child:
            case ActionKind::terminate_child: {
                const bool start = ev.action == ActionKind::start_child;
                if (!need(2, start ? 3 : 2,
                          start ? "start-child SUP_PATH ID [SPEC_ID]"
                                : "terminate-child SUP_PATH ID"))
                    return false;
                const ChildSpec* sup = nullptr;
                if (!supervisor_path(args[0], sup)) return false;
                ev.path.assign(args[0].text);
                ev.child_id.assign(args[1].text);
                if (ev.child_id.find('/') != std::string::npos) {
                    error(args[1].column, "a child id may not contain '/'");
                    return false;
                }
                if (args.size() > 2) ev.spec_id.assign(args[2].text);
                if (sup && !check_child_reference(*sup->supervisor, ev, args, start)) return false;
                break;
            }
            case ActionKind::stop_app:
                if (!need(1, 1, "stop-app APPLICATION") || !application_name(args[0])) return false;
                ev.path.assign(args[0].text);
                break;
            case ActionKind::stop_node:
                if (!need(0, 0, "stop-node")) return false;
                break;
        }
        return !(ev.every_us > 0 && ev.action != ActionKind::crash);
    }

    // fail-start's N: a positive number of failing starts.
    bool count(const Word& word, std::int64_t& out) {
        const std::string_view n = word.text;
        auto [ptr, ec] = std::from_chars(n.data(), n.data() + n.size(), out);
        if (ec == std::errc{} && ptr == n.data() + n.size() && out > 0) return true;
        error(word.column,
              "expected a positive number of failing starts, got \"" + std::string(n) + "\"");
        return false;
    }

    // start-child / terminate-child under a supervisor whose spec is known.
    // False when it reported a problem.
    bool check_child_reference(const SupervisorSpec& sup, const ScriptEvent& ev,
                               std::span<const Word> args, bool start) {
        bool dynamic = accepts_dynamic_children(sup);
        if (!dynamic && !find_child(sup, ev.child_id)) {
            error(args[1].column, "the supervisor has no child spec \"" + ev.child_id +
                                      "\" (list it under \"children\" or \"start_child_specs\")");
            return false;
        }
        if (!start) return true;
        if (!ev.spec_id.empty()) {
            if (!sup.dynamic) {
                error(args[2].column, "a SPEC_ID applies to a DynamicSupervisor only");
                return false;
            }
            if (!find_child(sup, ev.spec_id)) {
                error(args[2].column, "no spec \"" + ev.spec_id + "\" under start_child_specs");
                return false;
            }
            return true;
        }
        if (sup.dynamic && !sup.template_child && !find_child(sup, ev.child_id)) {
            error(args[1].column,
                  "the DynamicSupervisor has no \"template\"; name a spec of "
                  "start_child_specs: start-child SUP_PATH ID SPEC_ID");
            return false;
        }
        return true;
    }

private:
    const Tree& tree_;
    const std::string& filename_;
    Diagnostics& diagnostics_;
    std::string_view text_;  // the line being parsed
    int line_ = 0;
    std::vector<Word> words_;
    ResolveCache cache_;
};

}  // namespace

namespace detail {

// Owns the file name, which the caller may have passed as a temporary.
struct EventLineParser::Impl {
    Impl(const Tree& tree, const std::string& name, Diagnostics& diagnostics)
        : filename(name), parser(tree, filename, diagnostics) {}
    std::string filename;
    LineParser parser;
};

EventLineParser::EventLineParser(const Tree& tree, const std::string& filename,
                                 Diagnostics& diagnostics)
    : impl_(std::make_unique<Impl>(tree, filename, diagnostics)) {}

EventLineParser::~EventLineParser() = default;

bool EventLineParser::parse(std::string_view line, int line_number, ScriptEvent& event) {
    return impl_->parser.parse_line(line, line_number, event);
}

}  // namespace detail

std::vector<ScriptEvent> parse_events(std::string_view text, const std::string& filename,
                                      const Tree& tree, Diagnostics& diagnostics) {
    std::vector<ScriptEvent> events;
    // At most one event a line: reserved once, the vector never moves a million events around.
    events.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    detail::EventLineParser parser(tree, filename, diagnostics);
    ScriptEvent event;
    int line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        ++line_number;
        const std::string_view line = text.substr(start, end - start);
        if (parser.parse(line, line_number, event)) events.push_back(event);
        if (end == text.size()) break;
        start = end + 1;
    }
    return events;
}

}  // namespace appgraph::supervision
