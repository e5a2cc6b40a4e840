// The capture library's pure parts: terms decoded from erl_interface's own encoding, supervisor
// states in each known layout (and refusal of others), names for ids, node names, cookies, and
// the JSON layout of tree files.

#include <doctest/doctest.h>
#include <ei.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>

#include "libappgraph/capture/node.hpp"
#include "readable_ids.hpp"
#include "state_layouts.hpp"
#include "term.hpp"
#include "tree_json.hpp"

namespace cap = appgraph::capture;

namespace {

// Encodes with `build`, then decodes what it wrote.
cap::Term encoded(const std::function<void(ei_x_buff*)>& build) {
    ei_x_buff x;
    ei_x_new(&x);
    build(&x);
    int index = 0;
    auto term = cap::decode_term(x.buff, &index);
    REQUIRE(term.has_value());
    CHECK(index == x.index);
    ei_x_free(&x);
    return *term;
}

cap::Term atom(const char* name) {
    cap::Term t;
    t.text = name;
    return t;
}

cap::Term integer(std::int64_t v) {
    cap::Term t;
    t.kind = cap::Term::Kind::integer;
    t.integer = v;
    return t;
}

cap::Term tuple(std::vector<cap::Term> items) {
    cap::Term t;
    t.kind = cap::Term::Kind::tuple;
    t.items = std::move(items);
    return t;
}

cap::Term list(std::vector<cap::Term> items) {
    cap::Term t;
    t.kind = cap::Term::Kind::list;
    t.items = std::move(items);
    return t;
}

cap::Term pid(unsigned number) {
    cap::Term t;
    t.kind = cap::Term::Kind::pid;
    t.pid_node = "n@h";
    t.pid_number = number;
    t.text = "<" + std::to_string(number) + ".0>";
    return t;
}

const cap::Term info_trapping =
    list({tuple({atom("registered_name"), list({})}), tuple({atom("trap_exit"), atom("true")})});

// A #child record in the OTP 24-28 layout: child, pid, id, mfargs, restart_type, significant,
// shutdown, child_type, modules.
cap::Term child_record(cap::Term child_pid, cap::Term id, const char* restart, cap::Term shutdown,
                       const char* type, bool significant = false) {
    return tuple({atom("child"), child_pid, id, tuple({atom("m"), atom("start_link")}),
                  atom(restart), atom(significant ? "true" : "false"), shutdown, atom(type),
                  list({atom("m")})});
}

// {supervisor, State, Static, Total, Dynamic, Infos} as kSupervisorExpression answers, with the
// #state in the OTP 24-28 layout; Static in the record's order (reverse start order).
cap::Term otp_reply(const char* strategy, std::int64_t intensity, std::int64_t period,
                    const char* auto_shutdown, std::vector<cap::Term> statics) {
    cap::Term state =
        tuple({atom("state"), tuple({atom("local"), atom("my_sup")}), atom(strategy), atom("none"),
               atom("none"), integer(intensity), integer(period), list({}), integer(0),
               atom(auto_shutdown), atom("my_sup_module"), atom("none")});
    return tuple(
        {atom("supervisor"), state, list(std::move(statics)), integer(0), list({}), list({})});
}

}  // namespace

TEST_CASE("terms decode from erl_interface's encoding and print as Erlang does") {
    cap::Term t = encoded([](ei_x_buff* x) {
        ei_x_encode_tuple_header(x, 6);
        ei_x_encode_atom(x, "Elixir.KV.Registry");
        ei_x_encode_long(x, -42);
        ei_x_encode_string(x, "abc");
        ei_x_encode_binary(x, "bin", 3);
        ei_x_encode_map_header(x, 1);
        ei_x_encode_atom(x, "k");
        ei_x_encode_list_header(x, 2);
        ei_x_encode_long(x, 1);
        ei_x_encode_double(x, 2.5);
        ei_x_encode_empty_list(x);
        erlang_pid p{};
        std::snprintf(p.node, sizeof p.node, "a@b");
        p.num = 77;
        p.creation = 3;
        ei_x_encode_pid(x, &p);
    });
    REQUIRE(t.is_tuple(6));
    CHECK(t.items[0].is_atom("Elixir.KV.Registry"));
    CHECK(t.items[1].integer == -42);
    CHECK(t.items[4].map_get("k") != nullptr);
    CHECK(t.items[5].is_pid());
    CHECK(t.items[5].pid_number == 77);
    CHECK(cap::format_term(t) ==
          "{'Elixir.KV.Registry',-42,\"abc\",<<\"bin\">>,#{k=>[1,2.5]},<77.0>}");

    ei_x_buff x;
    ei_x_new(&x);
    REQUIRE(cap::encode_term(t, &x));
    int index = 0;
    auto again = cap::decode_term(x.buff, &index);
    ei_x_free(&x);
    REQUIRE(again);
    CHECK(cap::format_term(*again) == cap::format_term(t));
}

TEST_CASE("ids get readable, stable names supsim can address") {
    CHECK(cap::readable_id(atom("Elixir.KV.Registry"), 1) == "KV.Registry");
    CHECK(cap::readable_id(atom("kernel_sup"), 1) == "kernel_sup");
    cap::Term binary;
    binary.kind = cap::Term::Kind::binary;
    binary.text = "a b/c#d";
    CHECK(cap::readable_id(binary, 1) == "a_b_c_d");
    CHECK(cap::readable_id(tuple({atom("cache"), integer(1)}), 4) == "{cache,1}");
    CHECK(cap::readable_id(tuple({atom("Elixir.Task"), integer(2)}), 1) == "{Task,2}");
    cap::Term ref;
    ref.kind = cap::Term::Kind::reference;
    ref.text = "#Ref";
    CHECK(cap::readable_id(ref, 3) == "ref-3");
    CHECK(cap::readable_id(tuple({atom("conn"), ref}), 5) == "conn-5");
    CHECK(cap::readable_id(pid(9), 2) == "pid-2");
    cap::SiblingNames names;
    CHECK(names.claim("x") == "x");
    CHECK(names.claim("x") == "x~2");
    CHECK(names.claim("x") == "x~3");
}

TEST_CASE("the supervisor layout is chosen from the stdlib version; others are refused") {
    CHECK(cap::layout_for_stdlib("3.15") != nullptr);    // OTP 24
    CHECK(cap::layout_for_stdlib("4.2") != nullptr);     // OTP 25
    CHECK(cap::layout_for_stdlib("5.2.1") != nullptr);   // OTP 26
    CHECK(cap::layout_for_stdlib("6.0") != nullptr);     // OTP 27
    CHECK(cap::layout_for_stdlib("7.0.1") != nullptr);   // OTP 28
    CHECK(cap::layout_for_stdlib("3.14.2") == nullptr);  // OTP 23: no auto_shutdown
    CHECK(cap::layout_for_stdlib("8.0") == nullptr);
    CHECK(cap::layout_for_stdlib("") == nullptr);
    CHECK(cap::layout_for_stdlib("x") == nullptr);
    CHECK(cap::known_elixir("1.14.0"));
    CHECK(cap::known_elixir("1.19.1"));
    CHECK_FALSE(cap::known_elixir("1.12.3"));
    CHECK_FALSE(cap::known_elixir("2.0.0"));
}

TEST_CASE("an OTP 24-28 supervisor state decodes with children in start order") {
    const cap::SupervisorLayout& layout = *cap::layout_for_stdlib("4.2");
    // The record keeps ids in reverse start order: b was started after a.
    cap::Term reply = otp_reply(
        "rest_for_one", 3, 7, "any_significant",
        {tuple({child_record(pid(2), atom("b"), "transient", atom("brutal_kill"), "worker", true),
                info_trapping}),
         tuple({child_record(atom("undefined"), atom("a"), "permanent", atom("infinity"),
                             "supervisor"),
                atom("none")})});
    std::string error;
    auto sup = cap::decode_supervisor_reply(reply, layout, error);
    REQUIRE_MESSAGE(sup, error);
    CHECK(sup->registered_name == "my_sup");
    CHECK(sup->strategy == "rest_for_one");
    CHECK(sup->intensity == 3);
    CHECK(sup->period == 7);
    CHECK(sup->auto_shutdown == "any_significant");
    REQUIRE(sup->children.size() == 2);
    CHECK(sup->children[0].id.is_atom("a"));
    CHECK(sup->children[0].supervisor);
    CHECK_FALSE(sup->children[0].pid.has_value());
    CHECK(sup->children[1].id.is_atom("b"));
    CHECK(sup->children[1].restart == "transient");
    CHECK(sup->children[1].shutdown.is_atom("brutal_kill"));
    CHECK(sup->children[1].significant);
    CHECK(sup->children[1].trap_exit == true);
}

TEST_CASE("a state of another shape is refused with a message, not guessed at") {
    const cap::SupervisorLayout& layout = *cap::layout_for_stdlib("4.2");
    std::string error;
    // OTP 23's #state had no auto_shutdown: 11 elements.
    cap::Term old_state =
        tuple({atom("state"), atom("n"), atom("one_for_one"), atom("none"), atom("none"),
               integer(1), integer(5), list({}), integer(0), atom("m"), atom("none")});
    cap::Term reply =
        tuple({atom("supervisor"), old_state, list({}), integer(0), list({}), list({})});
    CHECK_FALSE(cap::decode_supervisor_reply(reply, layout, error));
    CHECK(error.find("unexpected reply") != std::string::npos);
    // A #child record of another size.
    cap::Term bad_child =
        otp_reply("one_for_one", 1, 5, "never",
                  {tuple({tuple({atom("child"), pid(1), atom("x")}), atom("none")})});
    CHECK_FALSE(cap::decode_supervisor_reply(bad_child, layout, error));
    CHECK(error.find("#child record does not have the OTP 24 to 28 layout") != std::string::npos);
    // Flags not where the layout keeps them.
    cap::Term shifted = otp_reply("one_for_one", 1, 5, "never", {});
    shifted.items[1].items[2] = integer(1);
    CHECK_FALSE(cap::decode_supervisor_reply(shifted, layout, error));
    CHECK(error.find("no strategy") != std::string::npos);
    // supervisor_bridge and other processes.
    cap::Term other = tuple({atom("other"), atom("tuple"), atom("state"), integer(5)});
    CHECK_FALSE(cap::decode_supervisor_reply(other, layout, error));
    CHECK(error.find("supervisor_bridge") != std::string::npos);
}

TEST_CASE("a DynamicSupervisor struct decodes by key, children in pid order") {
    const cap::SupervisorLayout& layout = *cap::layout_for_stdlib("4.2");
    cap::Term fields;
    fields.kind = cap::Term::Kind::map;
    auto put = [&](const char* key, cap::Term value) {
        fields.items.push_back(atom(key));
        fields.items.push_back(std::move(value));
    };
    put("__struct__", atom("Elixir.DynamicSupervisor"));
    put("strategy", atom("one_for_one"));
    put("max_restarts", integer(3));
    put("max_seconds", integer(5));
    put("max_children", integer(10));
    put("name", tuple({atom("local"), atom("Elixir.KV.BucketSupervisor")}));
    put("extra_arguments", list({integer(1)}));
    // Kept pids, then in the same order {M, F} (or {restarting, M, F}), {Restart, Shutdown,
    // Type, Modules} and the process information (undefined: already gone).
    cap::Term reply =
        tuple({atom("dynamic_supervisor"), fields, integer(5), list({pid(1), pid(2)}),
               list({tuple({atom("Elixir.KV.Bucket"), atom("start_link")}),
                     tuple({atom("restarting"), atom("Elixir.Agent"), atom("start_link")})}),
               list({tuple({atom("temporary"), integer(5000), atom("worker"), list({})}),
                     tuple({atom("permanent"), atom("brutal_kill"), atom("worker"), list({})})}),
               list({atom("undefined"), info_trapping})});
    std::string error;
    auto sup = cap::decode_supervisor_reply(reply, layout, error);
    REQUIRE_MESSAGE(sup, error);
    CHECK(sup->dynamic);
    CHECK(sup->registered_name == "Elixir.KV.BucketSupervisor");
    CHECK(sup->max_children == 10);
    CHECK(sup->extra_arguments == std::vector<std::string>{"1"});
    CHECK(sup->dynamic_total == 5);
    REQUIRE(sup->dynamic_children.size() == 2);
    CHECK(sup->dynamic_children[0].module == "Elixir.KV.Bucket");
    CHECK(sup->dynamic_children[0].dead);
    CHECK(sup->dynamic_children[1].restarting);
    CHECK(sup->dynamic_children[1].module == "Elixir.Agent");
    CHECK(sup->dynamic_children[1].trap_exit == true);
    CHECK(sup->dynamic_children[1].shutdown.is_atom("brutal_kill"));
    // Without the keys it needs, refused.
    cap::Term bare;
    bare.kind = cap::Term::Kind::map;
    cap::Term no_flags = tuple(
        {atom("dynamic_supervisor"), bare, integer(0), list({}), list({}), list({}), list({})});
    CHECK_FALSE(cap::decode_supervisor_reply(no_flags, layout, error));
}

TEST_CASE("node names as erl takes them") {
    std::string error;
    auto short_name = cap::parse_node_name("kv@myhost", error);
    REQUIRE(short_name);
    CHECK_FALSE(short_name->long_name);
    auto long_name = cap::parse_node_name("kv@10.0.0.2", error);
    REQUIRE(long_name);
    CHECK(long_name->long_name);
    auto bare = cap::parse_node_name("kv", error);
    REQUIRE(bare);
    CHECK(bare->host == cap::local_short_host());
    CHECK_FALSE(cap::parse_node_name("k v@h", error));
    CHECK_FALSE(cap::parse_node_name("kv@", error));
    CHECK_FALSE(cap::parse_node_name("@h", error));
    CHECK_FALSE(cap::parse_node_name("kv@h@h", error));
}

TEST_CASE("cookie files are read as erl reads them") {
    char path[] = "/tmp/capture-cookie-XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    auto write = [&](const std::string& text) { std::ofstream(path) << text; };
    std::string error;
    write("secret\n");
    auto cookie = cap::cookie_from_file(path, error);
    REQUIRE(cookie);
    CHECK(cookie->value == "secret");
    write("sec\x01ret");
    CHECK_FALSE(cap::cookie_from_file(path, error));
    write("\n");
    CHECK_FALSE(cap::cookie_from_file(path, error));
    CHECK(error.find("empty") != std::string::npos);
    ::unlink(path);
    CHECK_FALSE(cap::cookie_from_file(path, error));
}

TEST_CASE("tree files: scalar-only objects on one line, the rest indented") {
    nlohmann::ordered_json tree = {
        {"applications",
         {{{"name", "kv"}, {"supervisor", {{"id", "S"}, {"children", {{{"id", "a"}}}}}}}}}};
    CHECK(cap::to_readable_json(tree) ==
          "{\n"
          "  \"applications\": [\n"
          "    {\n"
          "      \"name\": \"kv\",\n"
          "      \"supervisor\": {\n"
          "        \"id\": \"S\",\n"
          "        \"children\": [\n"
          "          {\"id\": \"a\"}\n"
          "        ]\n"
          "      }\n"
          "    }\n"
          "  ]\n"
          "}\n");
}
