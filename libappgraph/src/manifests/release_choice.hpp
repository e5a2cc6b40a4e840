#pragma once
// Which release a directory given as input stands for. Private header.

#include <string>
#include <vector>

#include "directory_layout.hpp"
#include "libappgraph/manifest.hpp"

namespace appgraph::detail {

// What a directory stands for: a release (its .rel; its .app files are then looked up from the
// .rel's place) or, when it holds no release, the .app files of one build environment or of the
// plain layouts scan_directory knows.
struct DirectoryChoice {
    std::string rel_file;                // the release's .rel, or empty
    std::vector<std::string> app_files;  // without a release: the .app files to load
    std::string env;                     // the build environment (_build/<env>), or empty
    bool layout_known = false;           // a project, _build, environment or release layout
};

// Chooses for `dir` (a project, _build, _build/<env>, _build/<env>/rel, a release directory or its
// releases/ directory) as documented for load_inputs. Throws DiagnosticError: ambiguous_release
// when several releases or environments remain and nothing chooses between them,
// unknown_release when --env or --release names none of them; both list the choices.
DirectoryChoice choose_in_directory(const std::string& dir, const LoadOptions& options,
                                    DirectoryCache& cache);

}  // namespace appgraph::detail
