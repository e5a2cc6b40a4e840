// Reading a boot script into the applications it loads and starts. The instructions are walked
// in order, as init:eval_script walks them: kernel's spec comes with the application controller's
// start, every other application with its application:load, and the start order and types with
// the application:start_boot calls. Everything else in the script (paths, module loading,
// progress marks) is skipped. The script comes from systools, so its application specs are read
// for what they say, not checked as a .app file is; a script whose shape init could not run is
// "bad_script", naming the instruction.

#include "libappgraph/boot_script.hpp"

#include <unordered_map>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/external_term.hpp"
#include "term_checks.hpp"

namespace appgraph {

namespace {

class ScriptReader {
public:
    ScriptReader(const std::string& filename, std::string_view text)
        : filename_(filename), text_(text) {}

    BootScript read(const Term& term) {
        if (term.kind != Term::Kind::tuple || term.items.size() != 3 ||
            !term.items[0].is_atom("script") || term.items[1].kind != Term::Kind::tuple ||
            term.items[1].items.size() != 2 || !term.items[2].is_proper_list())
            throw error(
                term, "expected {script, {Name, Vsn}, [Instruction]}, found " + detail::show(term));
        BootScript script;
        script.source = SourceLocation{filename_, term.line, term.column, {}};
        const auto name = term.items[1].items[0].as_string();
        const auto vsn = term.items[1].items[1].as_string();
        if (!name || !vsn)
            throw error(term.items[1], "the release name and version must be strings, found " +
                                           detail::show(term.items[1]));
        script.name = *name;
        script.vsn = *vsn;
        const std::vector<Term> instructions = term.items[2].list_elements();
        for (std::size_t i = 0; i < instructions.size(); ++i) {
            index_ = i + 1;
            instruction(instructions[i], script);
        }
        finish(script);
        return script;
    }

private:
    void instruction(const Term& t, BootScript& script) {
        if (t.kind != Term::Kind::tuple || t.items.empty()) return;
        if (t.items[0].is_atom("kernelProcess") && t.items.size() == 3 &&
            t.items[1].is_atom("application_controller")) {
            const Term* args = call_args(t.items[2], "application_controller", "start");
            if (!args || args->list_size() != 1)
                throw error(t, "the application controller must start with kernel's spec, found " +
                                   detail::show(t.items[2]));
            load(args->list_elements()[0], script);
            return;
        }
        if (!t.items[0].is_atom("apply") || t.items.size() != 2) return;
        if (const Term* args = call_args(t.items[1], "application", "load")) {
            if (args->list_size() != 1)
                throw error(
                    t, "application:load takes one application spec, found " + detail::show(*args));
            load(args->list_elements()[0], script);
        } else if (const Term* start = call_args(t.items[1], "application", "start_boot")) {
            start_boot(t, *start, script);
        }
    }

    // The argument list of `{Module, Function, Args}`, or nullptr for another call.
    static const Term* call_args(const Term& mfa, std::string_view module,
                                 std::string_view function) {
        if (mfa.kind != Term::Kind::tuple || mfa.items.size() != 3 ||
            !mfa.items[0].is_atom(module) || !mfa.items[1].is_atom(function) ||
            !mfa.items[2].is_proper_list())
            return nullptr;
        return &mfa.items[2];
    }

    void load(const Term& spec, BootScript& script) {
        if (spec.kind != Term::Kind::tuple || spec.items.size() != 3 ||
            !spec.items[0].is_atom("application") || !spec.items[1].is_atom() ||
            !spec.items[2].is_proper_list())
            throw error(spec, "expected an application spec {application, Name, [Option]}, found " +
                                  detail::show(spec));
        BootApplication entry;
        Application& app = entry.app;
        app.name = spec.items[1].text;
        app.source = SourceLocation{filename_, spec.line, spec.column, {}};
        for (const Term& option : spec.items[2].list_elements()) {
            if (option.kind != Term::Kind::tuple || option.items.size() != 2 ||
                !option.items[0].is_atom())
                continue;
            const std::string& key = option.items[0].text;
            const Term& value = option.items[1];
            if (key == "vsn" || key == "description") {
                auto text = value.as_string();
                if (!text) throw bad_option(app.name, key, value, "a string");
                (key == "vsn" ? app.vsn : app.description) = *text;
            } else if (key == "applications" || key == "included_applications" ||
                       key == "optional_applications" || key == "registered" || key == "modules") {
                auto names = detail::as_atom_list(value);
                if (!names) throw bad_option(app.name, key, value, "a list of atoms");
                (key == "applications"            ? app.applications
                 : key == "included_applications" ? app.included_applications
                 : key == "optional_applications" ? app.optional_applications
                 : key == "registered"            ? app.registered
                                                  : app.modules) = std::move(*names);
            } else if (key == "mod" && value.kind == Term::Kind::tuple && value.items.size() == 2 &&
                       value.items[0].is_atom()) {
                app.mod = value.items[0].text;
            }
        }
        entry.loaded = true;
        if (position_.count(app.name) || unloaded_position_.count(app.name)) {
            script.warnings.push_back(where() + ": application '" + app.name +
                                      "' is loaded a second time (application:load returns "
                                      "already_loaded; the first spec stays)");
            return;
        }
        position_.emplace(app.name, script.applications.size());
        script.applications.push_back(std::move(entry));
    }

    void start_boot(const Term& instruction, const Term& args, BootScript& script) {
        const std::vector<Term> values = args.list_elements();
        std::optional<StartType> type;
        if (values.size() == 2 && values[1].is_atom())
            type = from_string<StartType>(values[1].text);
        if (values.empty() || values.size() > 2 || !values[0].is_atom() ||
            (values.size() == 2 && (!type || *type == StartType::load || *type == StartType::none)))
            throw error(instruction,
                        "application:start_boot takes an application and permanent, transient "
                        "or temporary, found " +
                            detail::show(args));
        const std::string& name = values[0].text;
        // start_boot/1 starts the application temporary.
        const StartType start_type = values.size() == 2 ? *type : StartType::temporary;
        BootApplication& entry = started_entry(name, instruction, script);
        if (entry.start_type) {
            script.warnings.push_back(where() + ": application '" + name +
                                      "' is started a second time (start_boot returns "
                                      "already_started; the first type stays)");
            return;
        }
        entry.start_type = start_type;
        script.start.push_back(name);
    }

    // The entry start_boot refers to: the loaded application, or one the script never loads
    // (application_controller would load it from the code path), kept apart until the end.
    BootApplication& started_entry(const std::string& name, const Term& instruction,
                                   BootScript& script) {
        if (auto it = position_.find(name); it != position_.end())
            return script.applications[it->second];
        if (auto it = unloaded_position_.find(name); it != unloaded_position_.end())
            return unloaded_started_[it->second];
        unloaded_position_.emplace(name, unloaded_started_.size());
        BootApplication& entry = unloaded_started_.emplace_back();
        entry.app.name = name;
        entry.app.source = SourceLocation{filename_, instruction.line, instruction.column, {}};
        return entry;
    }

    void finish(BootScript& script) {
        for (BootApplication& entry : unloaded_started_) {
            script.warnings.push_back(filename_ + ": application '" + entry.app.name +
                                      "' is started but the script never loads it");
            script.applications.push_back(std::move(entry));
        }
        // Included applications: named by the spec of an application the script loads.
        std::unordered_map<std::string, std::size_t> at;
        for (std::size_t i = 0; i < script.applications.size(); ++i)
            at.emplace(script.applications[i].app.name, i);
        for (const BootApplication& parent : script.applications) {
            for (const std::string& child : parent.app.included_applications) {
                auto it = at.find(child);
                if (it != at.end() && !script.applications[it->second].included_by)
                    script.applications[it->second].included_by = parent.app.name;
            }
        }
    }

    std::string where() const { return filename_ + ": instruction " + std::to_string(index_); }

    DiagnosticError error(const Term& at, const std::string& message) const {
        const std::string prefix =
            index_ ? "instruction " + std::to_string(index_) + " of the script: " : "";
        if (at.line > 0 && !text_.empty())
            return detail::error_at(DiagnosticKind::bad_script, prefix + message, filename_, text_,
                                    at);
        return DiagnosticError(DiagnosticKind::bad_script, SourceLocation{filename_, 0, 0, {}},
                               prefix + message);
    }

    DiagnosticError bad_option(const std::string& app, const std::string& key, const Term& value,
                               const char* expected) const {
        return error(value, "application '" + app + "': '" + key + "' must be " + expected +
                                ", found " + detail::show(value));
    }

    const std::string& filename_;
    std::string_view text_;
    std::size_t index_ = 0;
    std::unordered_map<std::string, std::size_t> position_;  // name -> index in applications
    std::vector<BootApplication> unloaded_started_;
    std::unordered_map<std::string, std::size_t> unloaded_position_;
};

}  // namespace

BootScript boot_script_from_term(const Term& term, const std::string& filename,
                                 std::string_view text) {
    return ScriptReader(filename, text).read(term);
}

BootScript parse_script_file(std::string_view text, const std::string& filename) {
    std::optional<Term> term = parse_first_term(text, filename);
    if (!term)
        throw DiagnosticError(
            DiagnosticKind::bad_script, SourceLocation{filename, 0, 0, {}},
            "no term in the file: expected {script, {Name, Vsn}, [Instruction]}.");
    return boot_script_from_term(*term, filename, text);
}

BootScript parse_boot_file(std::string_view bytes, const std::string& filename) {
    DecodedTerm decoded = decode_external_term(bytes, filename);
    BootScript script = boot_script_from_term(decoded.term, filename);
    if (decoded.trailing > 0)
        script.warnings.push_back(filename + ": " + std::to_string(decoded.trailing) +
                                  " bytes after the script are ignored (as init ignores them)");
    return script;
}

}  // namespace appgraph
