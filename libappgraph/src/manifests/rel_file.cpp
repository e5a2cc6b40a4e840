// The .rel loader: `{release, {Name, Vsn}, {erts, EVsn}, [Entry]}` with systools_make:check_rel's
// checks (the release name, version and erts version are strings; each entry is {App, Vsn},
// {App, Vsn, Type}, {App, Vsn, IncApps} or {App, Vsn, Type, IncApps} with a known type and a list
// of atoms). Anything else is "bad_rel", pointing at the offending entry. The kernel/stdlib checks
// are validate_release's (systools makes them while reading; load_inputs does too). An entry
// listed twice is kept: systools keeps it, and what follows from it is the resolver's business.

#include "libappgraph/manifest.hpp"
#include "libappgraph/term.hpp"
#include "term_checks.hpp"

namespace appgraph {

namespace {

using detail::error_at;
using detail::show;

ReleaseEntry parse_entry(const Term& entry, std::string_view text, const std::string& filename) {
    const auto bad = [&](const std::string& why) {
        return error_at(
            DiagnosticKind::bad_rel, "illegal application entry " + show(entry) + ": " + why,
            filename, text, entry,
            entry.kind == Term::Kind::tuple && !entry.items.empty() && entry.items[0].is_atom()
                ? std::vector<std::string>{entry.items[0].text}
                : std::vector<std::string>{});
    };
    if (entry.kind != Term::Kind::tuple || entry.items.size() < 2 || entry.items.size() > 4)
        throw bad(
            "expected {App, Vsn}, {App, Vsn, Type}, {App, Vsn, IncApps} or {App, Vsn, Type, "
            "IncApps}");
    ReleaseEntry out;
    out.source = SourceLocation{filename, entry.line, entry.column, {}};
    if (!entry.items[0].is_atom()) throw bad("the application name must be an atom");
    out.name = entry.items[0].text;
    auto vsn = entry.items[1].as_string();
    if (!vsn) throw bad("the version must be a string");
    out.vsn = *vsn;
    const auto read_type = [&](const Term& t) {
        auto type = t.is_atom() ? from_string<StartType>(t.text) : std::nullopt;
        if (!type) throw bad("the type must be " + names_in<StartType>(" or "));
        out.type = *type;
    };
    const auto read_includes = [&](const Term& t) {
        auto names = detail::as_atom_list(t);
        if (!names) throw bad("the included applications must be a list of atoms");
        out.included_override = *names;
    };
    if (entry.items.size() == 3) {
        // systools tells the two 3-tuple forms apart by the third element: an atom or a list.
        if (entry.items[2].is_atom())
            read_type(entry.items[2]);
        else if (entry.items[2].kind == Term::Kind::list ||
                 entry.items[2].kind == Term::Kind::string)
            read_includes(entry.items[2]);
        else
            throw bad("the third element must be a type or a list of included applications");
    } else if (entry.items.size() == 4) {
        read_type(entry.items[2]);
        read_includes(entry.items[3]);
    }
    return out;
}

}  // namespace

Release parse_rel_file(std::string_view text, const std::string& filename) {
    std::optional<Term> term = parse_first_term(text, filename);
    if (!term)
        throw DiagnosticError(
            DiagnosticKind::bad_rel, SourceLocation{filename, 0, 0, {}},
            "no term in the file: expected {release, {Name, Vsn}, {erts, EVsn}, [App]}.");
    const Term& t = *term;
    const bool shape = t.kind == Term::Kind::tuple && t.items.size() == 4 &&
                       t.items[0].is_atom("release") && t.items[1].kind == Term::Kind::tuple &&
                       t.items[1].items.size() == 2 && t.items[2].kind == Term::Kind::tuple &&
                       t.items[2].items.size() == 2 && t.items[2].items[0].is_atom("erts") &&
                       t.items[3].is_proper_list();
    if (!shape)
        throw error_at(DiagnosticKind::bad_rel,
                       "badly formatted release: expected {release, {Name, Vsn}, {erts, EVsn}, "
                       "[App]}, found " +
                           show(t),
                       filename, text, t);
    Release rel;
    rel.source = SourceLocation{filename, t.line, t.column, {}};
    const auto string_at = [&](const Term& v, const char* what) {
        auto s = v.as_string();
        if (!s)
            throw error_at(
                DiagnosticKind::bad_rel,
                std::string("the release ") + what + " must be a string, found " + show(v),
                filename, text, v);
        return *s;
    };
    rel.name = string_at(t.items[1].items[0], "name");
    rel.vsn = string_at(t.items[1].items[1], "version");
    rel.erts_vsn = string_at(t.items[2].items[1], "erts version");
    const Term& list = t.items[3];
    if (list.kind == Term::Kind::list) {  // read in place: a release may list 100,000 entries
        rel.entries.reserve(list.items.size());
        for (const Term& entry : list.items)
            rel.entries.push_back(parse_entry(entry, text, filename));
    } else {  // a string literal: a list of integers, each a bad entry
        for (const Term& entry : list.list_elements())
            rel.entries.push_back(parse_entry(entry, text, filename));
    }
    return rel;
}

}  // namespace appgraph
