// The known layouts and the decoding of supervisor states.
//
// OTP 24 added auto_shutdown to #state and significant to #child; the record has been the same
// since (stdlib 3.15 in OTP 24 to stdlib 7 in OTP 28): state, name, strategy, children
// ({Ids, Db}: ids in reverse start order, Db a map of #child), dynamics ({maps, #{Pid => Args}},
// {mapsets, #{Pid => []}} or, before OTP 25, {sets, Set}), intensity, period, restarts,
// dynamic_restarts, auto_shutdown, module, args; #child: child, pid, id, mfargs, restart_type,
// significant, shutdown, child_type, modules.

#include "state_layouts.hpp"

#include <cstdlib>

#include "libappgraph/supervision/tree_spec.hpp"

namespace appgraph::capture {

namespace {

const SupervisorLayout kOtp24To28 = {
    "OTP 24 to 28", 12, 2, 3, 4, 5, 6, 7, 10, 11, 12, 9, 2, 3, 4, 5, 6, 7, 8};

// "4.2" -> {4, 2}; anything unparsable -> {-1, -1}.
std::pair<int, int> major_minor(const std::string& vsn) {
    char* end = nullptr;
    long major = std::strtol(vsn.c_str(), &end, 10);
    if (end == vsn.c_str()) return {-1, -1};
    long minor = 0;
    if (*end == '.') minor = std::strtol(end + 1, nullptr, 10);
    return {static_cast<int>(major), static_cast<int>(minor)};
}

std::string atom_text(const Term& t) {
    return t.is_atom() ? t.text : std::string();
}

std::optional<bool> property_bool(const Term& props, const char* key) {
    const Term* value = props.property(key);
    if (value && value->is_atom("true")) return true;
    if (value && value->is_atom("false")) return false;
    return std::nullopt;
}

// Info: [{registered_name, Name | []}, {trap_exit, Bool}] | dead | undefined | none.
void apply_info(const Term& info, ChildReading& child) {
    if (info.is_atom("dead") || info.is_atom("undefined")) {
        child.dead = true;
        return;
    }
    if (!info.is_list()) return;
    child.trap_exit = property_bool(info, "trap_exit");
    if (const Term* name = info.property("registered_name"); name && name->is_atom())
        child.registered_name = name->text;
}

// The names come from the supervision tree format's tables, the ones supsim reads back.
bool valid_restart(const Term& t) {
    return t.is_atom() && from_string<supervision::RestartType>(t.text).has_value();
}

bool valid_shutdown(const Term& t) {
    if (t.is_integer()) return t.integer >= 0;
    const auto kind = t.is_atom() ? from_string<supervision::Shutdown::Kind>(t.text) : std::nullopt;
    return kind && *kind != supervision::Shutdown::Kind::timeout;
}

std::string registered(const Term& name) {
    // {local, Name} | {global, Name} | {via, Module, Name} | {Pid, Module} (not registered)
    if (name.is_tuple(2) && name.items[0].is_atom("local") && name.items[1].is_atom())
        return name.items[1].text;
    if (name.is_tuple(2) && name.items[0].is_atom("global")) return format_term(name.items[1]);
    if (name.is_tuple(3) && name.items[0].is_atom("via")) return format_term(name.items[2]);
    return "";
}

std::optional<SupervisorReading> decode_otp(const Term& reply, const SupervisorLayout& layout,
                                            std::string& error) {
    // {supervisor, State, Static, DynamicTotal, Dynamic, Infos}
    const Term& state = reply.items[1];
    const Term& statics = reply.items[2];
    const Term& total = reply.items[3];
    const Term& dynamics = reply.items[4];
    const Term& infos = reply.items[5];
    auto at = [&](int position) -> const Term& {
        return state.items[static_cast<std::size_t>(position - 1)];
    };
    SupervisorReading sup;
    sup.registered_name = registered(at(layout.name));
    sup.module = atom_text(at(layout.module));
    sup.strategy = atom_text(at(layout.strategy));
    if (!from_string<supervision::Strategy>(sup.strategy)) {
        error = "its #state record has no strategy where the " + std::string(layout.releases) +
                " layout keeps it";
        return std::nullopt;
    }
    if (!at(layout.intensity).is_integer() || !at(layout.period).is_integer()) {
        error = "its #state record has no intensity and period where the " +
                std::string(layout.releases) + " layout keeps them";
        return std::nullopt;
    }
    sup.intensity = at(layout.intensity).integer;
    sup.period = at(layout.period).integer;
    if (layout.auto_shutdown) sup.auto_shutdown = atom_text(at(layout.auto_shutdown));
    if (!statics.is_list() || !total.is_integer() || !dynamics.is_list() || !infos.is_list() ||
        infos.items.size() != dynamics.items.size()) {
        error = "the reply about its children has an unexpected shape";
        return std::nullopt;
    }
    for (auto it = statics.items.rbegin(); it != statics.items.rend(); ++it) {
        // {#child{}, Info}, the record in the layout's shape
        if (!it->is_tuple(2) ||
            !it->items[0].is_tuple(static_cast<std::size_t>(layout.child_size)) ||
            !it->items[0].items[0].is_atom("child")) {
            error = "a #child record does not have the " + std::string(layout.releases) + " layout";
            return std::nullopt;
        }
        const Term& record = it->items[0];
        auto field = [&](int position) -> const Term& {
            return record.items[static_cast<std::size_t>(position - 1)];
        };
        ChildReading child;
        child.id = field(layout.child_id);
        const Term& mf = field(layout.child_mfargs);
        if (mf.is_tuple(2)) child.module = atom_text(mf.items[0]);
        if (!valid_restart(field(layout.child_restart)) ||
            !valid_shutdown(field(layout.child_shutdown))) {
            error = "a #child record has no restart type or shutdown where the " +
                    std::string(layout.releases) + " layout keeps them";
            return std::nullopt;
        }
        child.restart = field(layout.child_restart).text;
        child.shutdown = field(layout.child_shutdown);
        child.supervisor = field(layout.child_type).is_atom("supervisor");
        if (layout.child_significant)
            child.significant = field(layout.child_significant).is_atom("true");
        const Term& pid = field(layout.child_pid);
        if (pid.is_pid()) {
            child.pid = pid;
        } else if (pid.is_tuple(2) && pid.items[0].is_atom("restarting")) {
            child.restarting = true;
            if (pid.items[1].is_pid()) child.pid = pid.items[1];
        }
        apply_info(it->items[1], child);
        sup.children.push_back(std::move(child));
    }
    sup.dynamic_total = static_cast<std::size_t>(total.integer);
    for (std::size_t i = 0; i < dynamics.items.size(); ++i) {
        if (!dynamics.items[i].is_pid()) continue;
        ChildReading child;
        child.pid = dynamics.items[i];
        apply_info(infos.items[i], child);
        sup.dynamic_children.push_back(std::move(child));
    }
    return sup;
}

std::optional<SupervisorReading> decode_dynamic(const Term& reply, std::string& error) {
    // {dynamic_supervisor, Fields, Total, Kept, Mfs, Rest, Infos}
    const Term& fields = reply.items[1];
    const Term& total = reply.items[2];
    const Term& kept = reply.items[3];
    const Term& mfs = reply.items[4];
    const Term& rest = reply.items[5];
    const Term& infos = reply.items[6];
    SupervisorReading sup;
    sup.dynamic = true;
    const Term* strategy = fields.map_get("strategy");
    const Term* max_restarts = fields.map_get("max_restarts");
    const Term* max_seconds = fields.map_get("max_seconds");
    const Term* max_children = fields.map_get("max_children");
    if (!strategy || !max_restarts || !max_seconds || !max_children ||
        !max_restarts->is_integer() || !max_seconds->is_integer() || !total.is_integer() ||
        !kept.is_list()) {
        error =
            "its DynamicSupervisor struct lacks strategy, max_restarts, max_seconds or "
            "max_children";
        return std::nullopt;
    }
    sup.strategy = atom_text(*strategy);
    sup.intensity = max_restarts->integer;
    sup.period = max_seconds->integer;
    if (max_children->is_integer()) sup.max_children = max_children->integer;
    if (const Term* mod = fields.map_get("mod")) sup.module = atom_text(*mod);
    if (const Term* name = fields.map_get("name")) sup.registered_name = registered(*name);
    if (const Term* extra = fields.map_get("extra_arguments"); extra && extra->is_list())
        for (const Term& argument : extra->items)
            sup.extra_arguments.push_back(format_term(argument));
    sup.dynamic_total = static_cast<std::size_t>(total.integer);
    for (std::size_t i = 0; i < kept.items.size(); ++i) {
        const Term& mf = mfs.items[i];     // {M, F} | {restarting, M, F}
        const Term& spec = rest.items[i];  // {Restart, Shutdown, Type, Modules}
        if (!kept.items[i].is_pid() || !(mf.is_tuple(2) || mf.is_tuple(3)) || !spec.is_tuple(4)) {
            error = "a DynamicSupervisor child entry has an unexpected shape";
            return std::nullopt;
        }
        ChildReading child;
        child.pid = kept.items[i];
        child.restarting = mf.is_tuple(3);
        child.module = atom_text(mf.items[child.restarting ? 1 : 0]);
        if (!valid_restart(spec.items[0]) || !valid_shutdown(spec.items[1])) {
            error = "a DynamicSupervisor child entry has no restart type or shutdown";
            return std::nullopt;
        }
        child.restart = spec.items[0].text;
        child.shutdown = spec.items[1];
        child.supervisor = spec.items[2].is_atom("supervisor");
        apply_info(infos.items[i], child);
        sup.dynamic_children.push_back(std::move(child));
    }
    return sup;
}

}  // namespace

const char* const kKnownStdlibVersions = "stdlib 3.15 to 7.x (OTP 24 to 28)";
const char* const kKnownElixirVersions = "Elixir 1.13 to 1.19";

const SupervisorLayout* layout_for_stdlib(const std::string& stdlib_vsn) {
    auto [major, minor] = major_minor(stdlib_vsn);
    if ((major == 3 && minor >= 15) || (major >= 4 && major <= 7)) return &kOtp24To28;
    return nullptr;
}

bool known_elixir(const std::string& elixir_vsn) {
    auto [major, minor] = major_minor(elixir_vsn);
    return major == 1 && minor >= 13 && minor <= 19;
}

std::optional<SupervisorReading> decode_supervisor_reply(const Term& reply,
                                                         const SupervisorLayout& layout,
                                                         std::string& error) {
    if (reply.is_tuple(6) && reply.items[0].is_atom("supervisor") &&
        reply.items[1].is_tuple(static_cast<std::size_t>(layout.state_size)))
        return decode_otp(reply, layout, error);
    if (reply.is_tuple(7) && reply.items[0].is_atom("dynamic_supervisor"))
        return decode_dynamic(reply, error);
    if (reply.is_tuple(4) && reply.items[0].is_atom("other")) {
        error = "its state is not a supervisor's (" + format_term(reply.items[1]) + " " +
                format_term(reply.items[2]) + " of size " + format_term(reply.items[3]) +
                "); a supervisor_bridge or a process of another kind";
        return std::nullopt;
    }
    error = "unexpected reply " + format_term(reply);
    return std::nullopt;
}

}  // namespace appgraph::capture
