# Sources of the Erlang term reader and the manifest loaders (paths relative to libappgraph/).
list(APPEND LIBAPPGRAPH_MANIFEST_SOURCES
)
