# Sources of the manifest reader and the start-order resolver (paths relative to libappgraph/).
list(APPEND LIBAPPGRAPH_RELEASE_SOURCES
)
