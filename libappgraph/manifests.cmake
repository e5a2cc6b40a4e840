# Sources of the Erlang term reader and the manifest loaders (paths relative to libappgraph/).
list(APPEND LIBAPPGRAPH_MANIFEST_SOURCES
  src/manifests/source_encoding.cpp
  src/manifests/term_lexer.cpp
  src/manifests/term_parser.cpp
  src/manifests/term.cpp
  src/manifests/term_checks.cpp
  src/manifests/app_file.cpp
  src/manifests/rel_file.cpp
  src/manifests/validate.cpp
  src/manifests/json_manifest.cpp
  src/manifests/directory_layout.cpp
  src/manifests/release_choice.cpp
  src/manifests/load_inputs.cpp
  src/manifests/parallel_load.cpp
  src/manifests/list_names.cpp
  src/manifests/version_order.cpp
  src/manifests/external_term.cpp
  src/manifests/boot_script.cpp
)
