#pragma once
// Reading a whole input file: the one way libappgraph's loaders (and its capture component, for
// cookie files) read a file, with the system's reason when it cannot.

#include <string>

namespace appgraph {

// The file's bytes. Throws DiagnosticError (io_error, "cannot read: REASON", located at `path`).
std::string read_text_file(const std::string& path);

}  // namespace appgraph
