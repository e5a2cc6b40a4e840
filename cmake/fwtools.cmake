# Shared build settings: every target of the project calls fwtools_target_defaults(), and every
# command-line tool is declared with fwtools_add_tool().

if(FWTOOLS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Compiling through ccache. Paths under the source tree reach the compiler relative to the build
# directory (CCACHE_BASEDIR) and the working directory is left out of the hash (CCACHE_NOHASHDIR),
# so another checkout of the same sources, with its build directory at the same place inside it,
# reuses the cache: the test that builds a fresh copy of the repository (tests/shell) costs
# little more than its links. The price: debug information from a cache hit names the directory
# of the checkout that filled the cache.
option(FWTOOLS_CCACHE "Compile through ccache, shared between checkouts (needs ccache)" OFF)
if(FWTOOLS_CCACHE)
  find_program(FWTOOLS_CCACHE_PROGRAM ccache)
  if(NOT FWTOOLS_CCACHE_PROGRAM)
    message(FATAL_ERROR "FWTOOLS_CCACHE is ON but ccache is not installed (apt-get install ccache)")
  endif()
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}
      CCACHE_NOHASHDIR=true ${FWTOOLS_CCACHE_PROGRAM})
endif()

function(fwtools_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(FWTOOLS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # Hardening as Debian's default build flags have it: checked string and memory functions where
  # the optimizer can see sizes (it needs -O), and relocations read-only once resolved. Not
  # -z now (resolving every symbol before main): appgraph and supsim start in a shell loop too.
  target_compile_definitions(${target} PRIVATE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
  target_link_options(${target} PRIVATE -Wl,-z,relro)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports impossible overlaps inside std::string's operator+ at -O2 (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# Where zsh finds completion functions without configuration: under /usr, Debian's zsh searches
# /usr/share/zsh/vendor-completions, not site-functions; under other prefixes (/usr/local),
# share/zsh/site-functions. -DFWTOOLS_ZSH_COMPLETION_DIR=DIR (relative to the prefix) overrides it.
if(NOT FWTOOLS_ZSH_COMPLETION_DIR)
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(FWTOOLS_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
  else()
    set(FWTOOLS_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
  endif()
endif()

# `cmake --build build --target tools` builds what the fwtools package ships: every tool and its
# man page (the quick start builds only this).
add_custom_target(tools)

# A command-line tool: fwtools_add_tool(NAME SOURCES...). It is installed to bin/ with
# man/NAME.1 (gzip-compressed, as Debian wants it) and its bash, zsh and fish completions
# (completions/, from the FWTOOLS_TOOLS list), all in the `tools` install component, which is
# the fwtools Debian package.
function(fwtools_add_tool name)
  add_executable(${name} ${ARGN})
  fwtools_target_defaults(${name})
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)
  # --strip (and so CPack) removes the symbols; the compiler's notes go too, as with dh_strip.
  install(CODE "if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:${name}>\"
      COMMAND_ERROR_IS_FATAL ANY)
  endif()" COMPONENT tools)
  set_property(GLOBAL APPEND PROPERTY FWTOOLS_TOOLS ${name})

  set(page ${PROJECT_SOURCE_DIR}/man/${name}.1)
  set(compressed ${PROJECT_BINARY_DIR}/man/${name}.1.gz)
  if(NOT EXISTS ${page})
    message(FATAL_ERROR "the tool ${name} has no man page: ${page}")
  endif()
  add_custom_command(OUTPUT ${compressed}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
                     COMMAND gzip -9 -n -c ${page} > ${compressed}
                     DEPENDS ${page} VERBATIM)
  add_custom_target(${name}_man ALL DEPENDS ${compressed})
  install(FILES ${compressed} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tools)
  add_dependencies(tools ${name} ${name}_man)
endfunction()

if(FWTOOLS_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FWTOOLS_BUILD_FUZZERS needs clang (libFuzzer): configure with "
                        "CXX=clang++ (apt-get install clang)")
  endif()
  # Coverage instrumentation for everything a fuzz target links; the targets add -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
