# Install rules: the tools (declared beside each tool), man pages, shell completions (completions/),
# and the two libraries with their headers and an exported CMake package each, so another project
# can `find_package(libkv)` / `find_package(libappgraph)` and link `libkv::libkv` /
# `libappgraph::libappgraph` (and `libappgraph::supervision` for the supervisor simulator, which
# the libappgraph package exports too). Then the Debian package, through CPack.

include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        FILES_MATCHING PATTERN "*.1")

set(libkv_targets libkv)
set(libappgraph_targets libappgraph libappgraph_supervision)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/libappgraph/supervision/include/libappgraph
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(lib libkv libappgraph)
  install(TARGETS ${${lib}_targets} EXPORT ${lib}Targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${lib}/include/${lib} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT ${lib}Targets NAMESPACE ${lib}:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/${lib})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/${lib}Config.cmake.in
                                ${PROJECT_BINARY_DIR}/${lib}Config.cmake
                                INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/${lib})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/${lib}ConfigVersion.cmake
                                   COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/${lib}Config.cmake ${PROJECT_BINARY_DIR}/${lib}ConfigVersion.cmake
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/${lib})
endforeach()

set(CPACK_PACKAGE_NAME fwtools)
set(CPACK_PACKAGE_VENDOR "fwtools")
set(CPACK_PACKAGE_CONTACT "fwtools maintainers <fwtools@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Inspect U-Boot environments, OTP release start order and supervisor trees")
set(CPACK_PACKAGE_DESCRIPTION
    "fwkv reads and writes U-Boot environment images (the Nerves firmware KV block); appgraph
resolves OTP .app/.rel manifests into a release's start order and explains it; supsim simulates
supervisor trees event by event. Includes libkv and libappgraph with CMake packages.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # libc, libstdc++, zlib, as dpkg-shlibdeps finds them
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "u-boot-tools, libubootenv-tool, erlang-base, bash-completion")
set(CPACK_STRIP_FILES ON)
include(CPack)
