# Install rules: binaries, man pages and shell completions. Library headers and the exported
# CMake packages are declared beside each library.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        FILES_MATCHING PATTERN "*.1")
