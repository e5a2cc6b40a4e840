# Sources of the supervisor tree simulator (paths relative to libappgraph/).
list(APPEND LIBAPPGRAPH_SUPERVISION_SOURCES
)
