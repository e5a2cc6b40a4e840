// Reads a supervision tree from JSON and checks it the way OTP's supervisor checks the flags and
// child specs returned by init/1 (check_flags/1, check_childspec/2, check_startspec/2): the same
// defaults, the same rules, the same error terms quoted after a plain-language message. Every
// problem is reported with its JSON path so that `supsim check` can list them all at once; the
// first syntax error stops parsing and is reported by line and column instead. Enumerated values
// are read through the enums' name tables, whose names are also what messages list.

#include "libappgraph/supervision/tree_spec.hpp"

#include <algorithm>
#include <map>

#include "json_input.hpp"

namespace appgraph::supervision {

namespace {

using detail::json_member;
using nlohmann::json;

// Keys a captured tree may write null: values the capture could not read from the node.
constexpr const char* kNullable[] = {"trap_exit", "stop_ms", "strategy",
                                     "intensity", "period",  "children"};

// The enum value a JSON string names, or nullopt (also for a value that is not a string).
template <NamedEnum E>
std::optional<E> enum_value(const json& value) {
    return value.is_string() ? from_string<E>(value.get_ref<const std::string&>()) : std::nullopt;
}

// Where a value is in the document, as a chain from the root that is written out only for a
// message: a chain of supervisors 2,000 deep must not build (or keep) a path string per level,
// whose length grows with the depth.
struct JsonPath {
    static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
    const JsonPath* parent = nullptr;
    std::string_view key;          // a member of the parent (the whole path at the root)
    std::size_t index = kNoIndex;  // or an element of the parent

    JsonPath member(std::string_view name) const { return {this, name, kNoIndex}; }
    JsonPath element(std::size_t i) const { return {this, {}, i}; }
    std::string str() const {
        if (!parent) return std::string(key);
        return index != kNoIndex ? detail::json_element(parent->str(), index)
                                 : json_member(parent->str(), key);
    }
};

// An Erlang-looking rendering of a JSON value for the "(OTP: ...)" part of messages.
std::string as_term(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

class Loader {
public:
    Loader(const std::string& filename, Diagnostics& diagnostics, const LoadTreeOptions& options)
        : filename_(filename), diagnostics_(diagnostics), options_(options) {}

    void error(const std::string& path, std::string message) {
        diagnostics_.error(DiagnosticKind::bad_tree, detail::json_location(filename_, path),
                           std::move(message));
    }
    void error(const JsonPath& path, std::string message) { error(path.str(), std::move(message)); }

    void check_keys(const json& object, const JsonPath& path,
                    std::initializer_list<const char*> allowed) {
        // The path is written out only when a key is unknown.
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (std::none_of(allowed.begin(), allowed.end(),
                             [&](const char* key) { return it.key() == key; })) {
                detail::check_known_keys(object, path.str(), allowed, filename_,
                                         DiagnosticKind::bad_tree, diagnostics_);
                return;
            }
        }
    }

    static JsonPath join(const JsonPath& path, std::string_view key) { return path.member(key); }

    // A child (or the top supervisor when `top` is set). `auto_shutdown` is the parent's setting,
    // which OTP uses to validate `significant`.
    ChildSpec child(const json& written, const JsonPath& path, AutoShutdown parent_auto_shutdown,
                    bool top) {
        ChildSpec spec;
        if (!written.is_object()) {
            error(path, "expected an object (a child spec)");
            return spec;
        }
        check_keys(written, path,
                   {"id",
                    "type",
                    "restart",
                    "shutdown",
                    "significant",
                    "stop_ms",
                    "strategy",
                    "intensity",
                    "period",
                    "auto_shutdown",
                    "children",
                    "dynamic",
                    "max_children",
                    "extra_arguments",
                    "template",
                    "start_child_specs",
                    "trap_exit",
                    "registered_name",
                    "note",
                    "dynamic_children",
                    "dynamic_children_total"});
        // A capture writes null where the node could not tell a value: the default applies and
        // `check` says so. The node is copied only when it has such a value.
        std::optional<json> without_nulls;
        for (const char* key : kNullable) {
            auto it = written.find(key);
            if (it == written.end() || !it->is_null()) continue;
            if (!without_nulls) without_nulls = written;
            without_nulls->erase(key);
            spec.unknown.push_back(key);
        }
        const json& node = without_nulls ? *without_nulls : written;
        if (auto it = node.find("note"); it != node.end() && !it->is_string())
            error(join(path, "note"), "expected a string");
        if (auto it = node.find("registered_name"); it != node.end()) {
            if (it->is_string() && !it->get_ref<const std::string&>().empty())
                spec.registered_name = it->get<std::string>();
            else
                error(join(path, "registered_name"),
                      "expected a non-empty string (an atom's text)");
        }
        if (auto it = node.find("id"); it == node.end()) {
            error(path, "missing key \"id\" (OTP: missing_id)");
        } else if (!it->is_string() || it->get<std::string>().empty()) {
            error(join(path, "id"), "expected a non-empty string");
        } else {
            spec.id = it->get<std::string>();
            // Paths join ids with '/', and event lines split words on blanks and start comments
            // with '#': such ids could never be named in a scenario.
            if (spec.id.find_first_of("/# \t\r\n") != std::string::npos)
                error(join(path, "id"),
                      "an id may not contain '/', '#' or blanks (paths and event lines use them)");
        }
        bool looks_like_supervisor = node.contains("strategy") || node.contains("children") ||
                                     node.contains("dynamic") || node.contains("template");
        spec.type = (top || looks_like_supervisor) ? ChildType::supervisor : ChildType::worker;
        if (auto it = node.find("type"); it != node.end()) {
            if (auto type = enum_value<ChildType>(*it))
                spec.type = *type;
            else
                error(join(path, "type"), "expected one of " + names_in<ChildType>() +
                                              " (OTP: {invalid_child_type," + as_term(*it) + "})");
            if (top && spec.type != ChildType::supervisor)
                error(join(path, "type"), "the top of a tree must be a supervisor");
        }
        if (auto it = node.find("restart"); it != node.end()) {
            if (auto restart = enum_value<RestartType>(*it))
                spec.restart = *restart;
            else
                error(join(path, "restart"), "expected one of " + names_in<RestartType>() +
                                                 " (OTP: {invalid_restart_type," + as_term(*it) +
                                                 "})");
        }
        if (spec.type == ChildType::supervisor) spec.shutdown = {Shutdown::Kind::infinity, 0};
        if (auto it = node.find("shutdown"); it != node.end()) {
            const auto word = enum_value<Shutdown::Kind>(*it);
            if (word && *word != Shutdown::Kind::timeout)
                spec.shutdown = {*word, 0};
            else if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
                spec.shutdown = {Shutdown::Kind::timeout, it->get<std::int64_t>()};
            else
                error(join(path, "shutdown"),
                      "expected brutal_kill, infinity or a non-negative integer of milliseconds "
                      "(OTP: {invalid_shutdown," +
                          as_term(*it) + "})");
        }
        if (auto it = node.find("stop_ms"); it != node.end()) {
            if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
                spec.stop_ms = it->get<std::int64_t>();
            else
                error(join(path, "stop_ms"), "expected a non-negative integer of milliseconds");
        }
        if (auto it = node.find("significant"); it != node.end()) {
            if (!it->is_boolean()) {
                error(join(path, "significant"),
                      "expected true or false (OTP: {invalid_significant," + as_term(*it) + "})");
            } else {
                spec.significant = it->get<bool>();
            }
        }
        // OTP checks these only for children; the top supervisor has no parent supervisor.
        if (spec.significant && !top) {
            if (parent_auto_shutdown == AutoShutdown::never)
                error(
                    join(path, "significant"),
                    "a significant child needs a supervisor with auto_shutdown any_significant or "
                    "all_significant (OTP: "
                    "{bad_combination,[{auto_shutdown,never},{significant,true}]})");
            else if (spec.restart == RestartType::permanent)
                error(join(path, "significant"),
                      "a significant child cannot be permanent (OTP: "
                      "{bad_combination,[{restart,permanent},{significant,true}]})");
        }
        if (auto it = node.find("trap_exit"); it != node.end()) {
            if (!it->is_boolean())
                error(join(path, "trap_exit"), "expected true, false or null");
            else if (spec.type == ChildType::supervisor && !it->get<bool>())
                error(join(path, "trap_exit"), "supervisors always trap exits");
            else
                spec.trap_exit = it->get<bool>();
        }
        if (spec.type == ChildType::supervisor) {
            spec.supervisor = std::make_shared<const SupervisorSpec>(supervisor(node, path));
        } else {
            for (const char* key :
                 {"strategy", "intensity", "period", "auto_shutdown", "children", "dynamic",
                  "max_children", "extra_arguments", "template", "start_child_specs",
                  "dynamic_children", "dynamic_children_total"}) {
                if (node.contains(key))
                    error(join(path, key),
                          std::string("\"") + key + "\" applies to supervisors only");
            }
        }
        return spec;
    }

    SupervisorSpec supervisor(const json& node, const JsonPath& path) {
        SupervisorSpec sup;
        if (auto it = node.find("dynamic"); it != node.end()) {
            if (!it->is_boolean())
                error(join(path, "dynamic"), "expected true or false");
            else
                sup.dynamic = it->get<bool>();
        }
        // DynamicSupervisor is Elixir: 3 restarts in 5 s whatever the language of the rest.
        sup.intensity = (options_.elixir_defaults || sup.dynamic) ? 3 : 1;
        if (auto it = node.find("strategy"); it != node.end()) {
            if (auto strategy = enum_value<Strategy>(*it))
                sup.strategy = *strategy;
            else
                error(join(path, "strategy"), "expected one of " + names_in<Strategy>() +
                                                  " (OTP: {invalid_strategy," + as_term(*it) +
                                                  "})");
        }
        if (sup.dynamic && sup.strategy != Strategy::one_for_one)
            error(join(path, "strategy"), "a DynamicSupervisor supports only one_for_one");
        if (auto it = node.find("intensity"); it != node.end()) {
            if (it->is_number_integer() && it->get<std::int64_t>() >= 0 &&
                it->get<std::int64_t>() <= 1000000000)
                sup.intensity = it->get<int>();
            else
                error(join(path, "intensity"),
                      "expected a non-negative integer (OTP: {invalid_intensity," + as_term(*it) +
                          "})");
        }
        if (auto it = node.find("period"); it != node.end()) {
            if (it->is_number_integer() && it->get<std::int64_t>() > 0 &&
                it->get<std::int64_t>() <= 1000000000)
                sup.period = it->get<int>();
            else
                error(join(path, "period"),
                      "expected a positive integer of seconds (OTP: {invalid_period," +
                          as_term(*it) + "})");
        }
        if (auto it = node.find("auto_shutdown"); it != node.end()) {
            if (auto auto_shutdown = enum_value<AutoShutdown>(*it))
                sup.auto_shutdown = *auto_shutdown;
            else
                error(join(path, "auto_shutdown"), "expected one of " + names_in<AutoShutdown>() +
                                                       " (OTP: {invalid_auto_shutdown," +
                                                       as_term(*it) + "})");
        }
        if (sup.strategy == Strategy::simple_one_for_one &&
            sup.auto_shutdown != AutoShutdown::never && options_.otp_release >= kOtpRulesChanged)
            error(join(path, "auto_shutdown"),
                  std::string("simple_one_for_one does not support auto_shutdown since OTP 27 "
                              "(--otp 26 for the releases that accepted it) (OTP: "
                              "{bad_combination,[{auto_shutdown,") +
                      to_string(sup.auto_shutdown) + "},{strategy,simple_one_for_one}]})");
        if (sup.dynamic && sup.auto_shutdown != AutoShutdown::never)
            error(join(path, "auto_shutdown"), "a DynamicSupervisor has no auto_shutdown");
        if (auto it = node.find("max_children"); it != node.end()) {
            if (!sup.dynamic)
                error(join(path, "max_children"),
                      "\"max_children\" applies to DynamicSupervisor only");
            else if (*it == "infinity")
                sup.max_children.reset();
            else if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
                sup.max_children = it->get<std::int64_t>();
            else
                error(join(path, "max_children"), "expected a non-negative integer or infinity");
        }
        if (node.contains("extra_arguments") && !sup.dynamic)
            error(join(path, "extra_arguments"),
                  "\"extra_arguments\" applies to DynamicSupervisor only");
        if (auto it = node.find("extra_arguments"); it != node.end() && !it->is_array())
            error(join(path, "extra_arguments"), "expected an array");
        sup.children = child_list(node, path, "children", sup.auto_shutdown);
        if (sup.dynamic && !sup.children.empty())
            error(join(path, "children"),
                  "a DynamicSupervisor starts with no children; give \"template\" or "
                  "\"start_child_specs\" for start-child");
        if (sup.strategy == Strategy::simple_one_for_one && sup.children.size() != 1)
            error(join(path, "children"), "simple_one_for_one needs exactly one child spec, got " +
                                              std::to_string(sup.children.size()) +
                                              " (OTP: {bad_start_spec,...})");
        if (auto it = node.find("template"); it != node.end()) {
            if (!sup.dynamic)
                error(join(path, "template"), "\"template\" applies to DynamicSupervisor only");
            sup.template_child = child(*it, join(path, "template"), sup.auto_shutdown, false);
        }
        sup.start_child_specs = child_list(node, path, "start_child_specs", sup.auto_shutdown);
        if (sup.strategy == Strategy::simple_one_for_one && !sup.start_child_specs.empty())
            error(join(path, "start_child_specs"),
                  "simple_one_for_one starts every child from its one child spec");
        running_children(node, path, sup);
        check_duplicates(sup, path);
        return sup;
    }

    // dynamic_children and dynamic_children_total, as a capture writes them.
    void running_children(const json& node, const JsonPath& path, SupervisorSpec& sup) {
        bool dynamic = sup.dynamic || sup.strategy == Strategy::simple_one_for_one;
        for (const char* key : {"dynamic_children", "dynamic_children_total"})
            if (node.contains(key) && !dynamic)
                error(join(path, key), std::string("\"") + key +
                                           "\" applies to DynamicSupervisor and "
                                           "simple_one_for_one supervisors only");
        sup.running_children = child_list(node, path, "dynamic_children", sup.auto_shutdown);
        if (sup.strategy == Strategy::simple_one_for_one && !sup.children.empty()) {
            // Every child of a simple_one_for_one supervisor is started from its one spec.
            const ChildSpec& one = sup.children.front();
            for (ChildSpec& c : sup.running_children) {
                c.restart = one.restart;
                c.shutdown = one.shutdown;
                c.type = one.type;
                if (one.supervisor && !c.supervisor) c.supervisor = one.supervisor;
            }
        }
        sup.running_total = static_cast<std::int64_t>(sup.running_children.size());
        if (auto it = node.find("dynamic_children_total"); it != node.end()) {
            if (it->is_number_integer() && it->get<std::int64_t>() >= sup.running_total)
                sup.running_total = it->get<std::int64_t>();
            else
                error(join(path, "dynamic_children_total"),
                      "expected an integer, at least the number of dynamic_children listed");
        }
        if (sup.max_children && sup.running_total > *sup.max_children)
            error(join(path, "dynamic_children_total"),
                  "more children than max_children (" + std::to_string(*sup.max_children) + ")");
    }

    std::vector<ChildSpec> child_list(const json& node, const JsonPath& path, const char* key,
                                      AutoShutdown auto_shutdown) {
        std::vector<ChildSpec> list;
        auto it = node.find(key);
        if (it == node.end()) return list;
        const JsonPath list_path = join(path, key);
        if (!it->is_array()) {
            error(list_path, "expected an array of child specs");
            return list;
        }
        for (std::size_t i = 0; i < it->size(); ++i)
            list.push_back(child((*it)[i], list_path.element(i), auto_shutdown, false));
        return list;
    }

    void check_duplicates(const SupervisorSpec& sup, const JsonPath& path) {
        // Where each id was first seen: the list's key and the index in it.
        std::map<std::string_view, std::pair<const char*, std::size_t>> seen;
        auto visit = [&](const std::vector<ChildSpec>& list, const char* key) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const ChildSpec& c = list[i];
                if (c.id.empty()) continue;
                auto [it, inserted] = seen.emplace(c.id, std::make_pair(key, i));
                if (!inserted)
                    error(path.member(key).element(i).member("id"),
                          "duplicate child id \"" + c.id + "\" (first at " +
                              path.member(it->second.first).element(it->second.second).str() +
                              ") (OTP: {duplicate_child_name," + c.id + "})");
            }
        };
        visit(sup.children, "children");
        visit(sup.start_child_specs, "start_child_specs");
        visit(sup.running_children, "dynamic_children");
    }

    ApplicationSpec application(const json& node, const JsonPath& path) {
        ApplicationSpec app;
        if (!node.is_object()) {
            error(path, "expected an object (an application)");
            return app;
        }
        check_keys(node, path, {"name", "start_type", "supervisor"});
        if (auto it = node.find("name"); it == node.end()) {
            error(path, "missing key \"name\"");
        } else if (!it->is_string() || it->get<std::string>().empty() ||
                   it->get<std::string>().find_first_of("/# \t\r\n") != std::string::npos) {
            error(join(path, "name"), "expected a non-empty string without '/', '#' or blanks");
        } else {
            app.name = it->get<std::string>();
        }
        if (auto it = node.find("start_type"); it != node.end()) {
            // application:start/2 takes the first three types of a .rel entry only.
            auto type = enum_value<StartType>(*it);
            if (type && *type != StartType::load && *type != StartType::none)
                app.start_type = *type;
            else
                error(join(path, "start_type"), "expected one of permanent, transient, temporary");
        }
        if (auto it = node.find("supervisor"); it == node.end())
            error(path, "missing key \"supervisor\"");
        else
            app.top = child(*it, join(path, "supervisor"), AutoShutdown::never, true);
        return app;
    }

private:
    const std::string& filename_;
    Diagnostics& diagnostics_;
    const LoadTreeOptions& options_;
};

}  // namespace

Tree load_tree(std::string_view json_text, const std::string& filename, Diagnostics& diagnostics,
               const LoadTreeOptions& options) {
    Tree tree;
    tree.source = filename;
    std::optional<json> document =
        detail::parse_json_document(json_text, filename, DiagnosticKind::bad_tree, diagnostics);
    if (!document) return tree;
    Loader loader(filename, diagnostics, options);
    if (!document->is_object()) {
        loader.error(std::string(), "expected an object with \"applications\" or \"supervisor\"");
        return tree;
    }
    loader.check_keys(*document, JsonPath{}, {"applications", "supervisor", "capture"});
    if (auto it = document->find("capture"); it != document->end()) {
        // Where and when `supsim capture` took the tree: for people, not for the simulation.
        if (!it->is_object()) loader.error(std::string("capture"), "expected an object");
        tree.captured = true;
    }
    if (document->contains("applications") == document->contains("supervisor")) {
        loader.error(std::string(), "expected exactly one of \"applications\" or \"supervisor\"");
        return tree;
    }
    if (auto it = document->find("supervisor"); it != document->end()) {
        tree.bare = true;
        ApplicationSpec app;
        app.top = loader.child(*it, JsonPath{nullptr, "supervisor"}, AutoShutdown::never, true);
        tree.applications.push_back(std::move(app));
        return tree;
    }
    const json& apps = (*document)["applications"];
    if (!apps.is_array() || apps.empty()) {
        loader.error(std::string("applications"), "expected a non-empty array of applications");
        return tree;
    }
    std::map<std::string, std::size_t> names;
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const JsonPath list{nullptr, "applications"};
        const JsonPath path = list.element(i);
        ApplicationSpec app = loader.application(apps[i], path);
        if (!app.name.empty() && !names.emplace(app.name, i).second)
            loader.error(path.member("name"), "duplicate application \"" + app.name + "\"");
        tree.applications.push_back(std::move(app));
    }
    return tree;
}

std::string root_path(const Tree& tree, std::size_t application) {
    const auto& app = tree.applications.at(application);
    return tree.bare ? app.top.id : app.name;
}

namespace {
void list_paths(const ChildSpec& spec, const std::string& path, std::vector<std::string>& out) {
    out.push_back(path);
    if (!spec.supervisor) return;
    const SupervisorSpec& sup = *spec.supervisor;
    if (sup.dynamic || sup.strategy == Strategy::simple_one_for_one) {
        for (const auto& child : sup.running_children)
            list_paths(child, path + "/" + child.id, out);
        out.push_back(path + "/*");
        return;
    }
    for (const auto& child : sup.children) list_paths(child, path + "/" + child.id, out);
    for (const auto& child : sup.start_child_specs) list_paths(child, path + "/" + child.id, out);
}
}  // namespace

std::vector<std::pair<std::string, std::size_t>> unknown_values(const Tree& tree) {
    std::map<std::string, std::size_t> counts;
    auto visit = [&](auto&& self, const ChildSpec& spec) -> void {
        for (const auto& key : spec.unknown) ++counts[key];
        if (!spec.supervisor) return;
        for (const auto& c : spec.supervisor->children) self(self, c);
        for (const auto& c : spec.supervisor->running_children) self(self, c);
    };
    for (const auto& app : tree.applications) visit(visit, app.top);
    return {counts.begin(), counts.end()};
}

std::vector<std::string> list_process_paths(const Tree& tree) {
    std::vector<std::string> out;
    for (const auto& app : tree.applications) {
        if (tree.bare) {
            list_paths(app.top, app.top.id, out);
        } else {
            out.push_back(app.name);
            list_paths(app.top, app.name + "/" + app.top.id, out);
        }
    }
    return out;
}

}  // namespace appgraph::supervision
