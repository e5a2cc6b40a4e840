// Which release a directory stands for. A mix or rebar3 project builds into _build/<env>/ (mix:
// MIX_ENV, dev by default; rebar3: the profile, default by default), compiles each environment's
// applications into _build/<env>/lib/<app>/ebin and assembles releases into
// _build/<env>/rel/<name>/, whose releases/<vsn>/ holds one .rel per version built (the current
// one named by releases/start_erl.data). After `MIX_ENV=prod mix release` and any dev compile a
// project holds two environments whose .app files differ, so a project directory means its
// release, never a mix of environments: every release under the directory is a candidate,
// narrowed by --env (or the project tool's own variable, MIX_ENV or REBAR_PROFILE) and by
// --release NAME[@VSN] (else each release directory's current version). One candidate left is the
// answer; several are an error that lists them with the options that pick each. A directory with
// no release stands for the .app files of one environment, the tool's default one (mix: dev,
// rebar3: default; neither known: dev, else default) when several were compiled and nothing
// chooses.

#include "release_choice.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "libappgraph/join.hpp"

namespace appgraph::detail {

namespace fs = std::filesystem;

namespace {

struct Candidate {
    std::string env;  // the _build/<env> it was built in; empty outside a _build
    std::string name;
    std::string vsn;
    std::string dir;  // the release directory
    std::string rel_file;
    bool current = false;  // the version releases/start_erl.data names (or the only one)
};

enum class ProjectTool { none, mix, rebar3 };

std::string path_join(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir == ".") return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// "a/b/releases/" -> "a/b"; "releases" -> ".": the parent as the user would write it.
std::string parent_of(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    const auto slash = dir.rfind('/');
    if (slash == std::string::npos) return dir == "." ? ".." : dir == ".." ? "../.." : ".";
    return slash == 0 ? "/" : dir.substr(0, slash);
}

bool has_extension(const std::string& name, std::string_view ext) {
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
}

std::string base_name(const fs::path& path) {
    return path.filename().string();
}

class Gatherer {
public:
    explicit Gatherer(DirectoryCache& cache) : cache_(cache) {}

    // <dir>/releases/<vsn>/<name>.rel (mix: start.rel beside <name>.rel; start_clean.rel and
    // no_dot_erlang.rel are not the release).
    bool release(const std::string& dir, const std::string& env) {
        const std::string releases = path_join(dir, "releases");
        if (!cache_.is_dir(releases)) return false;
        std::string current;
        if (std::ifstream start_erl(path_join(releases, "start_erl.data")); start_erl) {
            std::string erts;
            start_erl >> erts >> current;
        }
        std::vector<Candidate> found;
        for (const std::string& vsn : cache_.list(releases).dirs) {
            std::vector<std::string> rels;
            for (const std::string& file : cache_.list(path_join(releases, vsn)).files)
                if (has_extension(file, ".rel") && file != "start_clean.rel" &&
                    file != "no_dot_erlang.rel")
                    rels.push_back(file);
            if (rels.size() > 1) std::erase(rels, std::string("start.rel"));
            for (const std::string& file : rels) {
                Candidate c;
                c.env = env;
                c.name = file == "start.rel" ? base_name(fs::path(dir).lexically_normal())
                                             : file.substr(0, file.size() - 4);
                c.vsn = vsn;
                c.dir = dir;
                c.rel_file = path_join(path_join(releases, vsn), file);
                c.current = vsn == current;
                found.push_back(std::move(c));
            }
        }
        if (current.empty() && found.size() == 1) found.front().current = true;
        for (Candidate& c : found) releases_.push_back(std::move(c));
        return !found.empty();
    }

    // _build/<env>/: its releases (rel/<name>/) and its compiled applications (lib/<app>/ebin).
    void environment(const std::string& dir, const std::string& env) {
        bool any = false;
        for (const std::string& name : cache_.list(path_join(dir, "rel")).dirs)
            any = release(path_join(path_join(dir, "rel"), name), env) || any;
        std::vector<std::string> apps;
        for (const std::string& app : cache_.list(path_join(dir, "lib")).dirs) {
            const std::string ebin = path_join(path_join(path_join(dir, "lib"), app), "ebin");
            for (const std::string& file : cache_.list(ebin).files)
                if (has_extension(file, ".app")) apps.push_back(path_join(ebin, file));
        }
        if (!apps.empty()) {
            lib_envs_.push_back(env);
            lib_apps_.push_back(std::move(apps));
            any = true;
        }
        if (any) envs_.push_back(env);
    }

    void build(const std::string& dir) {
        for (const std::string& env : cache_.list(dir).dirs) environment(path_join(dir, env), env);
    }

    std::vector<Candidate> releases_;
    std::vector<std::string> envs_;      // environments holding a release or applications
    std::vector<std::string> lib_envs_;  // environments holding compiled applications
    std::vector<std::vector<std::string>> lib_apps_;

private:
    DirectoryCache& cache_;
};

ProjectTool tool_of(DirectoryCache& cache, const std::string& project) {
    if (cache.is_file(path_join(project, "mix.exs"))) return ProjectTool::mix;
    if (cache.is_file(path_join(project, "rebar.config"))) return ProjectTool::rebar3;
    return ProjectTool::none;
}

std::string describe(const Candidate& c) {
    std::string text = c.name + " " + c.vsn;
    if (!c.env.empty()) text += " in " + c.env;
    return text;
}

// "gadget 1.4.0 in dev (--env dev), gadget 1.4.0 in prod (--env prod)": each candidate with the
// options that pick it out of the others.
std::string choices(const std::vector<Candidate>& candidates) {
    const auto differ = [&](auto field) {
        for (const Candidate& c : candidates)
            if (field(c) != field(candidates.front())) return true;
        return false;
    };
    const bool by_env = differ([](const Candidate& c) { return c.env; });
    const bool by_release = differ([](const Candidate& c) { return c.name + "@" + c.vsn; });
    std::vector<std::string> items;
    for (const Candidate& c : candidates) {
        std::string how;
        if (by_env && !c.env.empty()) how = "--env " + c.env;
        if (by_release || how.empty())
            how += (how.empty() ? "" : " ") + std::string("--release ") + c.name + "@" + c.vsn;
        items.push_back(describe(c) + " (" + how + ")");
    }
    return join(items);
}

DiagnosticError choice_error(DiagnosticKind kind, const std::string& dir, std::string message) {
    return DiagnosticError(kind, SourceLocation{dir, 0, 0, {}}, std::move(message));
}

}  // namespace

DirectoryChoice choose_in_directory(const std::string& dir, const LoadOptions& options,
                                    DirectoryCache& cache) {
    DirectoryChoice choice;
    Gatherer found(cache);
    const fs::path absolute = fs::absolute(fs::path(dir)).lexically_normal();
    const fs::path here = absolute.filename().empty() ? absolute.parent_path() : absolute;
    const auto up = [&](int levels) {
        fs::path p = here;
        for (int i = 0; i < levels; ++i) p = p.parent_path();
        return p;
    };
    const std::string parent = parent_of(dir);
    // The environment a release directory was built in: _build/<env>/rel/<name>.
    const auto env_of_release = [&](int depth) {
        return base_name(up(depth + 1)) == "rel" && base_name(up(depth + 3)) == "_build"
                   ? base_name(up(depth + 2))
                   : std::string();
    };
    std::string project;      // the project directory, when the input spans its environments
    bool spans_envs = false;  // a project or its _build: several environments may be there
    if (base_name(here) == "releases" && found.release(parent, env_of_release(1))) {
    } else if (found.release(dir, env_of_release(0))) {
    } else if (cache.is_dir(path_join(dir, "_build"))) {
        found.build(path_join(dir, "_build"));
        project = dir;
        spans_envs = true;
    } else if (base_name(here) == "_build") {
        found.build(dir);
        project = parent;
        spans_envs = true;
    } else if (base_name(up(1)) == "_build") {
        found.environment(dir, base_name(here));
    } else if (base_name(here) == "rel") {
        const std::string env = base_name(up(2)) == "_build" ? base_name(up(1)) : std::string();
        for (const std::string& name : cache.list(dir).dirs)
            found.release(path_join(dir, name), env);
    } else {
        return choice;  // not a layout of projects or releases: scan_directory's plain search
    }
    choice.layout_known = true;
    const ProjectTool tool = project.empty() ? ProjectTool::none : tool_of(cache, project);
    std::string env = options.env;
    if (env.empty() && spans_envs)
        env = tool == ProjectTool::mix      ? options.mix_env
              : tool == ProjectTool::rebar3 ? options.rebar_profile
                                            : std::string();
    const std::string env_source = !options.env.empty()          ? "--env"
                                   : tool == ProjectTool::mix    ? "MIX_ENV"
                                   : tool == ProjectTool::rebar3 ? "REBAR_PROFILE"
                                                                 : "--env";
    std::vector<Candidate> candidates = found.releases_;
    if (!env.empty()) {
        if (!found.envs_.empty() &&
            std::find(found.envs_.begin(), found.envs_.end(), env) == found.envs_.end())
            throw choice_error(DiagnosticKind::unknown_release, dir,
                               env_source + " " + env + ": no environment of that name here (" +
                                   (found.envs_.size() == 1 ? "environment: " : "environments: ") +
                                   join(found.envs_) + ")");
        std::erase_if(candidates,
                      [&](const Candidate& c) { return !c.env.empty() && c.env != env; });
    }
    if (!options.release_name.empty()) {
        const std::vector<Candidate> before = candidates;
        std::erase_if(candidates, [&](const Candidate& c) {
            return (c.name != options.release_name &&
                    base_name(fs::path(c.dir).lexically_normal()) != options.release_name) ||
                   (!options.release_vsn.empty() && c.vsn != options.release_vsn);
        });
        if (options.release_vsn.empty())
            std::erase_if(candidates, [](const Candidate& c) { return !c.current; });
        if (candidates.empty()) {
            const std::string asked =
                options.release_name +
                (options.release_vsn.empty() ? "" : "@" + options.release_vsn);
            throw choice_error(DiagnosticKind::unknown_release, dir,
                               "--release " + asked + ": no such release here" +
                                   (before.empty() ? std::string(" (it holds none)")
                                                   : " (releases: " + choices(before) + ")"));
        }
    } else {
        std::erase_if(candidates, [](const Candidate& c) { return !c.current; });
        // A release directory of several versions and no start_erl.data: every version is a
        // choice.
        if (candidates.empty()) candidates = found.releases_;
        if (!env.empty())
            std::erase_if(candidates,
                          [&](const Candidate& c) { return !c.env.empty() && c.env != env; });
    }
    if (candidates.size() > 1)
        throw choice_error(DiagnosticKind::ambiguous_release, dir,
                           std::to_string(candidates.size()) +
                               " releases here: " + choices(candidates) +
                               "; choose one with --env ENV or --release NAME@VSN");
    if (candidates.size() == 1) {
        choice.rel_file = candidates.front().rel_file;
        choice.env = candidates.front().env;
        return choice;
    }
    // No release: the compiled applications of one environment.
    std::vector<std::size_t> envs;
    for (std::size_t i = 0; i < found.lib_envs_.size(); ++i)
        if (env.empty() || found.lib_envs_[i] == env) envs.push_back(i);
    if (envs.size() > 1) {
        // The tool's default environment; of a _build alone (no mix.exs or rebar.config
        // beside it), mix's and then rebar3's.
        std::vector<std::string> usual = {"dev", "default"};
        if (tool == ProjectTool::mix) usual = {"dev"};
        if (tool == ProjectTool::rebar3) usual = {"default"};
        std::vector<std::size_t> kept;
        for (const std::string& name : usual)
            for (std::size_t i : envs)
                if (kept.empty() && found.lib_envs_[i] == name) kept.push_back(i);
        if (kept.empty()) {
            std::vector<std::string> names;
            for (std::size_t i : envs) names.push_back("--env " + found.lib_envs_[i]);
            throw choice_error(DiagnosticKind::ambiguous_release, dir,
                               "no release, and the applications of " +
                                   std::to_string(envs.size()) + " environments: choose one with " +
                                   join(names));
        }
        envs = kept;
    }
    if (envs.empty()) {
        choice.layout_known = false;  // nothing of the layouts here: the plain search
        return choice;
    }
    choice.env = found.lib_envs_[envs.front()];
    choice.app_files = found.lib_apps_[envs.front()];
    return choice;
}

}  // namespace appgraph::detail
