# Install rules, in two components that are also the two Debian packages:
#   tools (package fwtools): the tools with their man pages and completions (fwtools_add_tool in
#     cmake/fwtools.cmake), the examples the man pages use, and the documentation files;
#   dev (package libfwtools-dev): the libraries' static archives, public headers and CMake
#     packages, one fwtools_install_package line a package (below).
# `cmake --install build --prefix P` installs both; Debian-only files (changelog.Debian.gz, the
# lintian overrides, the -dev package's doc directory) come only with component installs, which
# is what CPack does for `cpack -G DEB`.

include(CMakePackageConfigHelpers)

# `cmake --build build --target libraries` builds what the libfwtools-dev package ships.
add_custom_target(libraries)

# fwtools_install_package(NAME TARGETS LIBRARY... SUMMARY "..." [DEPENDENCIES PKG...])
# A CMake package NAME (find_package(NAME)) exporting static libraries as NAME::<EXPORT_NAME>
# (libkv::libkv; libappgraph::libappgraph and libappgraph::supervision). Each library brings its
# public headers (everything under include/ in its source directory) and is installed stripped
# of debug information and compiler notes when installing with --strip, as Debian's dh_strip
# does. DEPENDENCIES are the packages a static consumer needs to link them (find_dependency in
# NAMEConfig.cmake): only what public headers and linking need, never a header-only library
# used inside. Adding a library to the project is adding it to TARGETS (or a new line).
function(fwtools_install_package name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SUMMARY" "TARGETS;DEPENDENCIES")
  set(package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/${name})
  install(TARGETS ${arg_TARGETS} EXPORT ${name}Targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  foreach(library IN LISTS arg_TARGETS)
    get_target_property(type ${library} TYPE)
    if(NOT type STREQUAL "STATIC_LIBRARY")
      message(FATAL_ERROR "fwtools_install_package(${name}): ${library} is not a static library")
    endif()
    get_target_property(source_dir ${library} SOURCE_DIR)
    install(DIRECTORY ${source_dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
    set(archive "${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:${library}>")
    set(archive "\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${archive}")
    install(CODE "if(CMAKE_INSTALL_DO_STRIP)
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug --remove-section=.comment
        --enable-deterministic-archives \"${archive}\" COMMAND_ERROR_IS_FATAL ANY)
    endif()" COMPONENT dev)
    add_dependencies(libraries ${library})
  endforeach()

  set(FWTOOLS_PACKAGE ${name})
  set(FWTOOLS_PACKAGE_SUMMARY "${arg_SUMMARY}")
  set(FWTOOLS_PACKAGE_TARGETS "")
  foreach(library IN LISTS arg_TARGETS)
    get_target_property(export_name ${library} EXPORT_NAME)
    string(APPEND FWTOOLS_PACKAGE_TARGETS " ${name}::${export_name}")
  endforeach()
  set(FWTOOLS_FIND_DEPENDENCIES "")
  foreach(dependency IN LISTS arg_DEPENDENCIES)
    string(APPEND FWTOOLS_FIND_DEPENDENCIES "find_dependency(${dependency})\n")
  endforeach()
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/packageConfig.cmake.in
                                ${PROJECT_BINARY_DIR}/${name}Config.cmake
                                INSTALL_DESTINATION ${package_dir})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/${name}ConfigVersion.cmake
                                   COMPATIBILITY SameMinorVersion)
  install(EXPORT ${name}Targets NAMESPACE ${name}:: DESTINATION ${package_dir} COMPONENT dev)
  install(FILES ${PROJECT_BINARY_DIR}/${name}Config.cmake
                ${PROJECT_BINARY_DIR}/${name}ConfigVersion.cmake
          DESTINATION ${package_dir} COMPONENT dev)
  set_property(GLOBAL APPEND PROPERTY FWTOOLS_PACKAGES ${name})
endfunction()

# The libraries' CMake packages, one line each.
fwtools_install_package(libkv TARGETS libkv DEPENDENCIES ZLIB
                        SUMMARY "U-Boot environment images (the Nerves firmware KV block).")
fwtools_install_package(libappgraph TARGETS libappgraph libappgraph_supervision
                        DEPENDENCIES Threads ZLIB
                        SUMMARY "OTP manifests, release start order, supervision simulation.")

# Documentation: the copyright file (machine-readable, debian/copyright format) and the examples
# that the man pages and README use, runnable from /usr/share/doc/fwtools as from a checkout.
set(FWTOOLS_PACKAGE_MAINTAINER "fwtools maintainers <maintainers@fwtools.example.org>" CACHE STRING
    "The Maintainer of the Debian packages")
set(debian_dir ${PROJECT_SOURCE_DIR}/cmake/debian)
set(dev_docdir ${CMAKE_INSTALL_DATADIR}/doc/libfwtools-dev)
install(FILES ${debian_dir}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT tools)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples DESTINATION ${CMAKE_INSTALL_DOCDIR}
        USE_SOURCE_PERMISSIONS COMPONENT tools)
configure_file(${debian_dir}/changelog.in ${PROJECT_BINARY_DIR}/debian/changelog.Debian @ONLY)
execute_process(COMMAND gzip -9 -n -f ${PROJECT_BINARY_DIR}/debian/changelog.Debian
                COMMAND_ERROR_IS_FATAL ANY)
install(FILES ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR}
        COMPONENT tools EXCLUDE_FROM_ALL)
install(FILES ${debian_dir}/fwtools.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME fwtools
        COMPONENT tools EXCLUDE_FROM_ALL)
install(FILES ${debian_dir}/libfwtools-dev.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME libfwtools-dev
        COMPONENT dev EXCLUDE_FROM_ALL)
install(FILES ${debian_dir}/copyright ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz
        DESTINATION ${dev_docdir} COMPONENT dev EXCLUDE_FROM_ALL)

# The Debian packages (cpack -G DEB in a build configured with -DCMAKE_INSTALL_PREFIX=/usr, so
# that the libraries land in the multiarch directory): one a component.
set(CPACK_PACKAGE_NAME fwtools)
set(CPACK_PACKAGE_VENDOR fwtools)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tools dev)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${FWTOOLS_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME fwtools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SHLIBDEPS ON)  # libc, libstdc++, zlib, as dpkg-shlibdeps finds them
set(CPACK_DEBIAN_TOOLS_PACKAGE_SUGGESTS "u-boot-tools, libubootenv-tool, erlang-base")
# Each package's description: its first line is the synopsis. (CPack puts the project-wide
# CPACK_PACKAGE_DESCRIPTION_SUMMARY in front of it unless that summary is left at CPack's
# default, which is what the next line does.) No line may start with a '.' of its own.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_DEBIAN_TOOLS_DESCRIPTION
    "inspect Nerves firmware environments and OTP releases from a shell
fwkv reads and writes U-Boot environment images (the firmware KV block of
Nerves.Runtime.KV, fw_printenv, mkenvimage and fwup). appgraph resolves the
OTP .app and .rel manifests of a release into its start order, as systools
writes it into the boot script, and explains it. supsim simulates OTP
supervision trees event by event, up to the application controller and the
node halting.
.
Man pages, bash, zsh and fish completions and examples are included.")

get_property(packages GLOBAL PROPERTY FWTOOLS_PACKAGES)
list(TRANSFORM packages PREPEND "find_package(" OUTPUT_VARIABLE find_packages)
list(TRANSFORM find_packages APPEND ")")
list(JOIN find_packages ", " find_packages)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libfwtools-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "zlib1g-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "static libraries behind fwtools (U-Boot environments, OTP releases)
libkv reads and writes U-Boot environment images (single and redundant
copies, fw_env.config, fwup.conf, Nerves a/b slots). libappgraph reads the
OTP .app and .rel manifests of a release and computes its start order as
systools does; libappgraph::supervision simulates supervision trees.
.
This package holds the headers, the static libraries and the CMake packages
(${find_packages}).")
include(CPack)
