# Sources of the supervisor tree simulator (paths relative to libappgraph/).
list(APPEND LIBAPPGRAPH_SUPERVISION_SOURCES
  src/supervision/tree_loader.cpp
  src/supervision/script_parser.cpp
  src/supervision/trace_format.cpp
  src/supervision/engine.cpp
  src/supervision/engine_slots.cpp
  src/supervision/engine_actions.cpp
  src/supervision/simulator.cpp
  src/supervision/order.cpp
  src/supervision/tolerate.cpp
)
