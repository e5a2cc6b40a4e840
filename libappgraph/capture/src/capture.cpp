// capture_node: connect, read the applications, then each supervisor top-down, and lay the tree
// out in supsim's format with what could not be read marked.

#include "libappgraph/capture/capture.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include "connection.hpp"
#include "libappgraph/join.hpp"
#include "readable_ids.hpp"
#include "remote_expressions.hpp"
#include "state_layouts.hpp"
#include "tree_json.hpp"

namespace appgraph::capture {

namespace {

using json = nlohmann::ordered_json;

constexpr int kMaxDepth = 100;        // deeper than any real tree; guards against cycles
constexpr int kReplyMarginMs = 2000;  // rex spawns a process and encodes the reply

Term atom(const std::string& name) {
    Term t;
    t.kind = Term::Kind::atom;
    t.text = name;
    return t;
}

Term integer(std::int64_t value) {
    Term t;
    t.kind = Term::Kind::integer;
    t.integer = value;
    return t;
}

Term tuple(std::vector<Term> items) {
    Term t;
    t.kind = Term::Kind::tuple;
    t.items = std::move(items);
    return t;
}

Term list(std::vector<Term> items) {
    Term t;
    t.kind = Term::Kind::list;
    t.items = std::move(items);
    return t;
}

json shutdown_json(const Term& shutdown) {
    if (shutdown.is_integer()) return shutdown.integer;
    return shutdown.text;
}

std::string join_path(const std::string& parent, const std::string& id) {
    return parent.empty() ? id : parent + "/" + id;
}

class Session {
public:
    Session(const CaptureOptions& options, CaptureResult& result, Diagnostics& diagnostics)
        : options_(options), result_(result), diagnostics_(diagnostics) {}

    void run();

private:
    const CaptureOptions& options_;
    CaptureResult& result_;
    Diagnostics& diagnostics_;
    bool failed_ = false;
    std::string last_error_;
    // Processes whose values were written null, by the keys concerned ("stop_ms").
    std::map<std::string, std::vector<std::string>> unknown_;
    NodeName target_;
    std::optional<Connection> connection_;
    Term applications_expression_, supervisor_expression_;
    const SupervisorLayout* layout_ = nullptr;
    std::string elixir_vsn_;

    SourceLocation at(const std::string& path = {}) const {
        SourceLocation where;
        where.file = result_.node.empty() ? options_.node : result_.node;
        where.json_path = path;
        return where;
    }
    void fail(DiagnosticKind kind, std::string message, std::vector<std::string> involved = {}) {
        failed_ = true;
        last_error_ = message;
        diagnostics_.error(kind, at(), std::move(message), {}, std::move(involved));
    }
    void warn(DiagnosticKind kind, const std::string& path, std::string message) {
        diagnostics_.warning(kind, at(path), std::move(message));
    }
    void report_unknown_values();

public:
    bool failed() const { return failed_; }

private:
    bool connect();
    std::optional<Term> call(const char* module, const char* function, std::vector<Term> args,
                             int wait_ms, std::string& error);
    std::optional<Term> parse_on_node(const char* text);
    std::optional<Term> evaluate(const Term& expression,
                                 std::vector<std::pair<std::string, Term>> bindings,
                                 std::string& error);

    // `path` is the supervisor's own path; for a top supervisor (`top_of` set to the application
    // name) the id and path are settled once the state tells its registered name.
    json supervisor(const Term& pid, json spec, std::string path, int depth,
                    const std::string& top_of = "");
    // `counted`: a real process (not the child spec a simple_one_for_one supervisor starts from),
    // counted in the statistics and reported when a value is unknown.
    json worker(const ChildReading& child, const std::string& id, const std::string& path,
                bool counted = true);
    json child_spec(const ChildReading& child, const std::string& id);
    void unreadable_supervisor(json& spec, const std::string& path, const std::string& why);
};

bool Session::connect() {
    ConnectFailure failure;
    connection_ = Connection::open(target_, options_.cookie, options_.timeout_ms, failure);
    if (connection_) {
        result_.own_name = connection_->own_name();
        return true;
    }
    if (failure.kind == ConnectFailure::Kind::refused)
        fail(DiagnosticKind::handshake_refused, failure.message);
    else
        fail(DiagnosticKind::node_unreachable, failure.message, failure.registered);
    return false;
}

std::optional<Term> Session::call(const char* module, const char* function, std::vector<Term> args,
                                  int wait_ms, std::string& error) {
    if ((!connection_ || !connection_->usable()) && !connect()) {
        error = last_error_;
        return std::nullopt;
    }
    ei_x_buff buffer;
    ei_x_new(&buffer);
    bool encoded = encode_term(list(std::move(args)), &buffer);
    std::optional<Term> value;
    if (!encoded) {
        error = "cannot encode the request";
    } else {
        ++result_.stats.requests;
        CallResult reply = connection_->call(module, function, buffer, wait_ms);
        switch (reply.status) {
            case CallResult::Status::ok:
                value = std::move(reply.value);
                break;
            case CallResult::Status::badrpc:
                error = "the node answered {badrpc, " + format_term(reply.value) + "}";
                break;
            case CallResult::Status::timeout:
            case CallResult::Status::lost:
                error = reply.message;
                break;
        }
    }
    ei_x_free(&buffer);
    return value;
}

std::optional<Term> Session::parse_on_node(const char* text) {
    std::string error;
    Term source = list({});
    for (const char* p = text; *p; ++p)
        source.items.push_back(integer(static_cast<unsigned char>(*p)));
    auto scanned =
        call("erl_scan", "string", {source}, options_.timeout_ms + kReplyMarginMs, error);
    if (!scanned || !scanned->is_tuple(3) || !scanned->items[0].is_atom("ok")) {
        fail(DiagnosticKind::unexpected_reply, "the node could not scan supsim's request: " +
                                                   (scanned ? format_term(*scanned) : error));
        return std::nullopt;
    }
    auto parsed = call("erl_parse", "parse_exprs", {scanned->items[1]},
                       options_.timeout_ms + kReplyMarginMs, error);
    if (!parsed || !parsed->is_tuple(2) || !parsed->items[0].is_atom("ok")) {
        fail(DiagnosticKind::unexpected_reply, "the node could not parse supsim's request: " +
                                                   (parsed ? format_term(*parsed) : error));
        return std::nullopt;
    }
    return parsed->items[1];
}

std::optional<Term> Session::evaluate(const Term& expression,
                                      std::vector<std::pair<std::string, Term>> bindings,
                                      std::string& error) {
    // erl_eval takes the bindings as an orddict: [{Name, Value}] sorted by name.
    std::sort(bindings.begin(), bindings.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Term orddict = list({});
    for (auto& [name, value] : bindings) orddict.items.push_back(tuple({atom(name), value}));
    auto reply = call("erl_eval", "exprs", {expression, orddict},
                      options_.timeout_ms + kReplyMarginMs, error);
    // {value, Value, NewBindings}
    if (!reply) return std::nullopt;
    if (!reply->is_tuple(3) || !reply->items[0].is_atom("value")) {
        error = "unexpected reply " + format_term(*reply);
        return std::nullopt;
    }
    return std::move(reply->items[1]);
}

json Session::child_spec(const ChildReading& child, const std::string& id) {
    json spec;
    spec["id"] = id;
    if (child.supervisor) spec["type"] = "supervisor";
    spec["restart"] = child.restart;
    spec["shutdown"] = shutdown_json(child.shutdown);
    if (child.significant) spec["significant"] = true;
    return spec;
}

json Session::worker(const ChildReading& child, const std::string& id, const std::string& path,
                     bool counted) {
    json spec = child_spec(child, id);
    // Values a live node cannot tell are written null: supsim uses its default for them and says
    // so, and the user may write the real value in their place.
    std::vector<std::string> unknown;
    std::string note_text;
    if (child.trap_exit) {
        spec["trap_exit"] = *child.trap_exit;
    } else {
        spec["trap_exit"] = nullptr;
        unknown.push_back("trap_exit");
        note_text = child.dead ? "exited while the capture ran" : "not running at capture";
    }
    // A worker that traps exits runs terminate/2 when its supervisor stops it; how long that
    // takes is in no state the node keeps. One that does not trap exits, or is killed outright,
    // stops at once.
    bool runs_terminate = !child.trap_exit || *child.trap_exit;
    if (runs_terminate && !child.shutdown.is_atom("brutal_kill")) {
        spec["stop_ms"] = nullptr;
        unknown.push_back("stop_ms");
    }
    if (!child.registered_name.empty()) spec["registered_name"] = child.registered_name;
    if (child.restarting) note_text = "being restarted at capture";
    if (!note_text.empty()) spec["note"] = note_text;
    if (!unknown.empty() && counted) {
        const std::string keys = join(unknown);
        unknown_[keys].push_back(path);
    }
    if (counted) ++result_.stats.workers;
    return spec;
}

void Session::unreadable_supervisor(json& spec, const std::string& path, const std::string& why) {
    for (const char* key : {"strategy", "intensity", "period", "children"}) spec[key] = nullptr;
    spec["note"] = why;
    warn(DiagnosticKind::supervisor_skipped, path, why + "; written with its child spec only");
}

json Session::supervisor(const Term& pid, json spec, std::string path, int depth,
                         const std::string& top_of) {
    ++result_.stats.supervisors;
    if (depth > kMaxDepth) {
        unreadable_supervisor(spec, path, "deeper than " + std::to_string(kMaxDepth) + " levels");
        return spec;
    }
    std::string error;
    Term keep = options_.max_dynamic ? integer(static_cast<std::int64_t>(*options_.max_dynamic))
                                     : atom("all");
    auto reply = evaluate(supervisor_expression_,
                          {{"P", pid},
                           {"T", integer(options_.timeout_ms)},
                           {"N", keep},
                           {"Size", integer(layout_->state_size)},
                           {"Ch", integer(layout_->children)},
                           {"Dy", integer(layout_->dynamics)},
                           {"Ar", integer(layout_->args)},
                           {"Mf", integer(layout_->child_mfargs)}},
                          error);
    if (!reply) {
        unreadable_supervisor(spec, path, "not read: " + error);
        return spec;
    }
    if (reply->is_atom("timeout")) {
        unreadable_supervisor(spec, path,
                              "did not answer sys:get_state within " +
                                  std::to_string(options_.timeout_ms) +
                                  " ms (busy, or blocked in a long terminate)");
        return spec;
    }
    if (reply->is_atom("noproc")) {
        unreadable_supervisor(spec, path, "exited while the capture ran");
        return spec;
    }
    if (reply->is_tuple(3) && reply->items[0].is_atom("error")) {
        unreadable_supervisor(spec, path, "sys:get_state failed: " + format_term(reply->items[2]));
        return spec;
    }
    if (reply->is_tuple(7) && reply->items[0].is_atom("dynamic_supervisor") &&
        !known_elixir(elixir_vsn_)) {
        unreadable_supervisor(
            spec, path,
            "a DynamicSupervisor of Elixir " +
                (elixir_vsn_.empty() ? std::string("(version unknown)") : elixir_vsn_) +
                ": supsim knows the state of " + kKnownElixirVersions);
        return spec;
    }
    if (reply->is_tuple(4) && reply->items[0].is_atom("other") &&
        reply->items[2].is_atom("state") && reply->items[3].is_integer() &&
        reply->items[3].integer == 5) {
        // supervisor_bridge keeps #state{mod, pid, child_state, name}: it runs one process of
        // its own and has no children or restart flags to read. Not an error: kernel has two.
        spec["children"] = json::array();
        spec["note"] = "a supervisor_bridge: no children or restart flags of its own";
        return spec;
    }
    auto sup = decode_supervisor_reply(*reply, *layout_, error);
    if (!sup) {
        unreadable_supervisor(spec, path, "not read: " + error);
        return spec;
    }
    if (!top_of.empty() && !sup->registered_name.empty()) {
        std::string id = readable_id(atom(sup->registered_name), 1);
        spec["id"] = id;
        path = join_path(top_of, id);
    }
    if (sup->dynamic) {
        spec["dynamic"] = true;
    } else {
        spec["strategy"] = sup->strategy;
    }
    spec["intensity"] = sup->intensity;
    spec["period"] = sup->period;
    if (sup->auto_shutdown != "never") spec["auto_shutdown"] = sup->auto_shutdown;
    if (sup->dynamic) {
        spec["max_children"] = sup->max_children ? json(*sup->max_children) : json("infinity");
        if (!sup->extra_arguments.empty()) spec["extra_arguments"] = sup->extra_arguments;
    }

    // Static children, in start order.
    SiblingNames names;
    json children = json::array();
    std::size_t position = 0;
    for (const ChildReading& child : sup->children) {
        std::string id = names.claim(readable_id(child.id, ++position));
        std::string child_path = join_path(path, id);
        json child_json;
        if (sup->strategy == "simple_one_for_one") {
            // The one child spec is a template, not a process: what its children do (trap
            // exits or not) is read from the first of them.
            ChildReading model = child;
            if (!sup->dynamic_children.empty()) {
                model.trap_exit = sup->dynamic_children.front().trap_exit;
                model.dead = false;
            }
            child_json =
                model.supervisor ? child_spec(model, id) : worker(model, id, child_path, false);
            if (sup->dynamic_children.empty() && !model.supervisor)
                child_json["note"] = "no child running at capture";
        } else if (child.supervisor && child.pid && !child.restarting) {
            child_json = supervisor(*child.pid, child_spec(child, id), child_path, depth + 1);
        } else if (child.supervisor) {
            child_json = child_spec(child, id);
            ++result_.stats.supervisors;
            unreadable_supervisor(
                child_json, child_path,
                child.restarting ? "being restarted at capture" : "not running at capture");
        } else {
            child_json = worker(child, id, child_path);
        }
        if (child.id.kind != Term::Kind::atom && child.id.kind != Term::Kind::binary &&
            sup->strategy != "simple_one_for_one") {
            std::string original = format_term(child.id);
            std::string existing = child_json.value("note", std::string());
            child_json["note"] = (existing.empty() ? "" : existing + "; ") + "id " + original;
        }
        children.push_back(std::move(child_json));
    }
    if (!children.empty() || !sup->dynamic) spec["children"] = std::move(children);

    // Dynamic children as they are now, first ones in start order.
    bool simple = sup->strategy == "simple_one_for_one";
    if (sup->dynamic || simple) {
        const ChildReading* template_spec =
            simple && !sup->children.empty() ? &sup->children[0] : nullptr;
        json dynamic = json::array();
        SiblingNames dynamic_names;
        std::size_t n = 0;
        for (ChildReading child : sup->dynamic_children) {
            ++n;
            if (template_spec) {  // simple_one_for_one children share the one child spec
                child.module = template_spec->module;
                child.restart = template_spec->restart;
                child.shutdown = template_spec->shutdown;
                child.supervisor = template_spec->supervisor;
            }
            std::string base =
                !child.registered_name.empty()
                    ? elixir_name(child.registered_name)
                    : (child.module.empty() ? std::string("child") : elixir_name(child.module)) +
                          "-" + std::to_string(n);
            std::string id = dynamic_names.claim(readable_id(atom(base), n));
            std::string child_path = join_path(path, id);
            json child_json =
                child.supervisor && child.pid
                    ? supervisor(*child.pid, child_spec(child, id), child_path, depth + 1)
                    : worker(child, id, child_path);
            if (simple) {
                // Only what differs from the one child spec stays.
                for (const char* key : {"type", "restart", "shutdown"}) child_json.erase(key);
            }
            dynamic.push_back(std::move(child_json));
        }
        if (sup->dynamic && !sup->dynamic_children.empty()) {
            const ChildReading& first = sup->dynamic_children.front();
            json template_json = child_spec(
                first, first.module.empty() ? std::string("child") : elixir_name(first.module));
            template_json["note"] = "the spec of the first running child at capture";
            spec["template"] = std::move(template_json);
        }
        spec["dynamic_children"] = std::move(dynamic);
        spec["dynamic_children_total"] = sup->dynamic_total;
        result_.stats.dynamic_kept += sup->dynamic_children.size();
        result_.stats.dynamic_running += sup->dynamic_total;
        if (sup->dynamic_children.size() < sup->dynamic_total)
            warn(DiagnosticKind::children_cut, path,
                 "kept " + std::to_string(sup->dynamic_children.size()) + " of " +
                     std::to_string(sup->dynamic_total) + " dynamic children (--max-dynamic)");
    }
    return spec;
}

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

void Session::run() {
    std::string error;
    auto target = parse_node_name(options_.node, error);
    if (!target) {
        failed_ = true;
        diagnostics_.error(DiagnosticKind::bad_node_name, SourceLocation{}, error);
        return;
    }
    target_ = *target;
    result_.node = target_.full();
    if (!connect()) return;
    auto applications_expression = parse_on_node(kApplicationsExpression);
    if (!applications_expression) return;
    auto supervisor_expression = parse_on_node(kSupervisorExpression);
    if (!supervisor_expression) return;
    applications_expression_ = std::move(*applications_expression);
    supervisor_expression_ = std::move(*supervisor_expression);

    auto apps = evaluate(applications_expression_, {{"T", integer(options_.timeout_ms)}}, error);
    if (!apps || !apps->is_tuple(3) || !apps->items[2].is_list()) {
        fail(DiagnosticKind::unexpected_reply,
             "the application controller of " + target_.full() +
                 " did not answer: " + (apps ? "unexpected reply " + format_term(*apps) : error));
        return;
    }
    std::string otp_release = format_term(apps->items[0]);
    std::string erts = format_term(apps->items[1]);
    if (!otp_release.empty() && otp_release.front() == '"')
        otp_release = otp_release.substr(1, otp_release.size() - 2);
    if (!erts.empty() && erts.front() == '"') erts = erts.substr(1, erts.size() - 2);
    std::string stdlib_vsn;
    struct App {
        std::string name, start_type;
        std::optional<Term> top_pid;
        std::string top_module;
    };
    std::vector<App> running;
    for (const Term& entry : apps->items[2].items) {
        // {App, StartType, Vsn, Top}
        if (!entry.is_tuple(4) || !entry.items[0].is_atom()) continue;
        std::string vsn = format_term(entry.items[2]);
        if (!vsn.empty() && vsn.front() == '"') vsn = vsn.substr(1, vsn.size() - 2);
        if (entry.items[0].text == "stdlib") stdlib_vsn = vsn;
        if (entry.items[0].text == "elixir") elixir_vsn_ = vsn;
        App app{entry.items[0].text, entry.items[1].text, std::nullopt, ""};
        const Term& top = entry.items[3];
        if (top.is_tuple(2) && top.items[0].is_pid()) {
            app.top_pid = top.items[0];
            app.top_module = top.items[1].text;
        }
        running.push_back(std::move(app));
    }
    layout_ = layout_for_stdlib(stdlib_vsn);
    if (!layout_) {
        fail(DiagnosticKind::unsupported_release,
             target_.full() + " runs OTP " + otp_release + " with stdlib " +
                 (stdlib_vsn.empty() ? std::string("(not running)") : stdlib_vsn) +
                 ": supsim reads the supervisor state of " + kKnownStdlibVersions +
                 " and does not guess at others");
        return;
    }
    for (const auto& wanted : options_.applications) {
        bool found = std::any_of(running.begin(), running.end(),
                                 [&](const App& a) { return a.name == wanted; });
        if (!found) {
            std::string list;
            std::vector<std::string> names;
            for (const auto& a : running) {
                list += (list.empty() ? "" : ", ") + a.name;
                names.push_back(a.name);
            }
            fail(DiagnosticKind::application_not_running,
                 "application \"" + wanted + "\" is not running there (running: " + list + ")",
                 names);
            return;
        }
    }

    json applications = json::array();
    for (const App& app : running) {
        bool wanted = options_.applications.empty() ||
                      std::find(options_.applications.begin(), options_.applications.end(),
                                app.name) != options_.applications.end();
        if (!wanted) continue;
        if (!app.top_pid) {
            if (!options_.applications.empty())
                warn(DiagnosticKind::supervisor_skipped, app.name,
                     "has no processes (a library application): nothing to capture");
            continue;
        }
        // The top supervisor is named after its registered name, else its callback module.
        std::string fallback = readable_id(atom(app.top_module), 1);
        json top;
        top["id"] = fallback;
        json sup = supervisor(*app.top_pid, top, join_path(app.name, fallback), 0, app.name);
        json entry;
        entry["name"] = app.name;
        entry["start_type"] = app.start_type;
        entry["supervisor"] = std::move(sup);
        applications.push_back(std::move(entry));
        ++result_.stats.applications;
    }
    json document;
    document["capture"] = {{"node", target_.full()},
                           {"captured_at", now_utc()},
                           {"otp_release", otp_release},
                           {"erts", erts},
                           {"stdlib", stdlib_vsn}};
    if (!elixir_vsn_.empty()) document["capture"]["elixir"] = elixir_vsn_;
    document["capture"]["max_dynamic"] =
        options_.max_dynamic ? json(*options_.max_dynamic) : json("all");
    document["capture"]["timeout_ms"] = options_.timeout_ms;
    document["applications"] = std::move(applications);
    result_.tree_json = to_readable_json(document);
    report_unknown_values();
}

void Session::report_unknown_values() {
    for (const auto& [keys, paths] : unknown_) {
        std::string what = keys == "stop_ms" ? "how long terminate/2 takes is in no state a node "
                                               "keeps (they trap exits)"
                                             : "they were not running at capture";
        std::string message = std::to_string(paths.size()) +
                              (paths.size() == 1 ? " worker has " : " workers have ") + keys +
                              " written null: " + what +
                              "; supsim uses its default, write the real value in its place";
        Diagnostic d;
        d.kind = DiagnosticKind::values_not_captured;
        d.severity = Severity::warning;
        d.where = at();
        d.message = std::move(message);
        d.involved = paths;
        diagnostics_.report(std::move(d));
    }
}

}  // namespace

CaptureResult capture_node(const CaptureOptions& options, Diagnostics& diagnostics) {
    CaptureResult result;
    Session session(options, result, diagnostics);
    session.run();
    if (session.failed()) result.tree_json.clear();
    return result;
}

}  // namespace appgraph::capture
