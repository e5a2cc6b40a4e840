# Sources of the start-order resolver and its explanations (paths relative to libappgraph/).
list(APPEND LIBAPPGRAPH_RELEASE_SOURCES
  src/release/prepare.cpp
  src/release/sort_fast.cpp
  src/release/sort_reference.cpp
  src/release/resolve.cpp
  src/release/explain_cycle.cpp
  src/release/ensure_order.cpp
  src/release/release_without_rel.cpp
  src/release/app_tree.cpp
  src/release/explain_app.cpp
  src/release/diff.cpp
  src/release/script_release.cpp
  src/release/check_release.cpp
)
