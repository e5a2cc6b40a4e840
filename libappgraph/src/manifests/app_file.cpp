// The .app loader: `{application, Name, [Opt]}` checked the way systools_make:parse_application
// checks it, key by key in systools' order (vsn, id, description, modules, registered,
// applications, optional_applications, included_applications, mod, start_phases, env, maxT,
// maxP), so the first problem reported is the one systools reports. As in systools, only the first
// term of the file is read, the first entry of a key wins, entries that are not tuples and keys
// systools does not know (runtime_dependencies, ...) are ignored, and an entry of the right key
// but the wrong shape (`{vsn}`, `{mod, foo}`) counts as missing ("missing_param"), which is what
// systools' check_item falls through to. Where systools crashes on a non-list string value, the
// loader reports "bad_param".

#include <utility>

#include "libappgraph/manifest.hpp"
#include "libappgraph/term.hpp"
#include "term_checks.hpp"

namespace appgraph {

namespace {

using detail::as_atom_list;
using detail::error_at;
using detail::show;

class AppChecker {
public:
    AppChecker(std::string_view text, const std::string& filename, const Term& options,
               std::string app)
        : text_(text), filename_(filename), options_(options), app_(std::move(app)) {}

    // keysearch(Key, 1, Opts): the first tuple whose first element is the key. On an improper
    // list keysearch finds the keys before the tail and fails on the others, as here.
    const Term* find(std::string_view key) const {
        for (const Term& item : options_.items)
            if (item.kind == Term::Kind::tuple && !item.items.empty() && item.items[0].is_atom(key))
                return &item;
        if (options_.tail)
            throw error_at(DiagnosticKind::bad_app,
                           "application '" + app_ + "': the options must be a proper list, found " +
                               show(options_),
                           filename_, text_, options_, {app_});
        return nullptr;
    }

    // The value of a `{Key, Value}` entry; nullptr when absent. A malformed entry is missing_param.
    const Term* value(std::string_view key, bool required) const {
        const Term* entry = find(key);
        if (!entry) {
            if (required)
                throw error_at(DiagnosticKind::missing_param,
                               "application '" + app_ + "': missing required key '" +
                                   std::string(key) +
                                   "' (systools requires description, vsn, modules, registered and "
                                   "applications)",
                               filename_, text_, options_, {app_});
            return nullptr;
        }
        if (entry->items.size() != 2)
            throw error_at(DiagnosticKind::missing_param,
                           "application '" + app_ + "': '" + std::string(key) + "' must be {" +
                               std::string(key) + ", Value}, found " + show(*entry),
                           filename_, text_, *entry, {app_});
        return &entry->items[1];
    }

    [[noreturn]] void bad(std::string_view key, const Term& value,
                          std::string_view expected) const {
        throw error_at(DiagnosticKind::bad_param,
                       "application '" + app_ + "': '" + std::string(key) + "' must be " +
                           std::string(expected) + ", found " + show(value),
                       filename_, text_, value, {app_});
    }

    std::optional<std::string> string_key(std::string_view key, bool required) const {
        const Term* v = value(key, required);
        if (!v) return std::nullopt;
        auto s = v->as_string();
        if (!s) bad(key, *v, "a string");
        return s;
    }

    std::vector<std::string> atoms_key(std::string_view key, bool required) const {
        const Term* v = value(key, required);
        if (!v) return {};
        auto names = as_atom_list(*v);
        if (!names) bad(key, *v, "a list of atoms");
        return *names;
    }

    void pairs_key(std::string_view key, bool allow_undefined) const {
        const Term* v = value(key, false);
        if (!v || (allow_undefined && v->is_atom("undefined"))) return;
        if (!detail::is_keyed_pair_list(*v)) bad(key, *v, "a list of {Atom, Value} tuples");
    }

    void limit_key(std::string_view key) const {
        const Term* v = value(key, false);
        if (!v || v->is_atom("infinity")) return;
        bool positive =
            v->kind == Term::Kind::integer && (v->big ? v->text[0] != '-' : v->integer > 0);
        if (!positive) bad(key, *v, "a positive integer or infinity");
    }

    std::optional<std::string> mod_key() const {
        const Term* entry = find("mod");
        if (!entry) return std::nullopt;
        if (entry->items.size() == 2) {
            const Term& v = entry->items[1];
            if (v.kind == Term::Kind::tuple && v.items.size() == 2 && v.items[0].is_atom())
                return v.items[0].text;
            if (v.is_proper_list() && v.list_size() == 0)
                return std::nullopt;  // `{mod, []}`: the default
        }
        // systools has no clause for this shape and reports it as missing.
        throw error_at(
            DiagnosticKind::missing_param,
            "application '" + app_ + "': 'mod' must be {Module, StartArgs}, found " + show(*entry),
            filename_, text_, *entry, {app_});
    }

private:
    std::string_view text_;
    const std::string& filename_;
    const Term& options_;
    std::string app_;
};

}  // namespace

Application parse_app_file(std::string_view text, const std::string& filename) {
    std::optional<Term> term = parse_first_term(text, filename);
    if (!term)
        throw DiagnosticError(DiagnosticKind::bad_app, SourceLocation{filename, 0, 0, {}},
                              "no term in the file: expected {application, Name, [Option]}.");
    if (term->kind != Term::Kind::tuple || term->items.size() != 3 ||
        !term->items[0].is_atom("application"))
        throw error_at(DiagnosticKind::bad_app,
                       "expected {application, Name, [Option]}, found " + show(*term), filename,
                       text, *term);
    const Term& name = term->items[1];
    // A string literal is a list of integers to Erlang: valid as a list, though without any key.
    const Term* given_options = &term->items[2];
    Term expanded;
    if (given_options->kind == Term::Kind::string) {
        expanded.kind = Term::Kind::list;
        expanded.items = given_options->list_elements();
        expanded.line = given_options->line;
        expanded.column = given_options->column;
        given_options = &expanded;
    }
    const Term& options = *given_options;
    if (!name.is_atom())
        throw error_at(DiagnosticKind::bad_app,
                       "the application name must be an atom, found " + show(name), filename, text,
                       name);
    if (options.kind != Term::Kind::list)
        throw error_at(DiagnosticKind::bad_app,
                       "application '" + name.text +
                           "': the options must be a proper list, found " + show(options),
                       filename, text, options, {name.text});

    AppChecker check(text, filename, options, name.text);
    Application app;
    app.name = name.text;
    app.source = SourceLocation{filename, term->line, term->column, {}};
    app.vsn = *check.string_key("vsn", true);
    check.string_key("id", false);
    app.description = *check.string_key("description", true);
    app.modules = check.atoms_key("modules", true);
    app.registered = check.atoms_key("registered", true);
    app.applications = check.atoms_key("applications", true);
    app.optional_applications = check.atoms_key("optional_applications", false);
    app.included_applications = check.atoms_key("included_applications", false);
    app.mod = check.mod_key();
    check.pairs_key("start_phases", true);
    check.pairs_key("env", false);
    check.limit_key("maxT");
    check.limit_key("maxP");
    return app;
}

}  // namespace appgraph
