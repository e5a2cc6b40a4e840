# Finds erl_interface (`ei`), Erlang/OTP's C library for speaking the distribution protocol, as
# Debian's erlang-dev installs it (/usr/lib/erlang/usr/include/ei.h, /usr/lib/erlang/usr/lib/libei.a)
# or as an OTP built from source installs it under its root (ERL_TOP-style lib/erl_interface-*/).
# Set ErlInterface_ROOT to an OTP installation root to look there first.
#
# Defines ErlInterface_FOUND, ErlInterface_INCLUDE_DIR, ErlInterface_LIBRARY and the imported
# target ErlInterface::ei (a static library that needs POSIX threads).

set(_ei_roots)
if(ErlInterface_ROOT)
  list(APPEND _ei_roots ${ErlInterface_ROOT})
endif()
list(APPEND _ei_roots /usr/lib/erlang /usr/local/lib/erlang)
set(_ei_hints)
foreach(root IN LISTS _ei_roots)
  list(APPEND _ei_hints ${root}/usr)
  file(GLOB _ei_versions LIST_DIRECTORIES true ${root}/lib/erl_interface-*)
  list(APPEND _ei_hints ${_ei_versions})
endforeach()

find_path(ErlInterface_INCLUDE_DIR ei.h HINTS ${_ei_hints} PATH_SUFFIXES include NO_DEFAULT_PATH)
find_library(ErlInterface_LIBRARY NAMES ei HINTS ${_ei_hints} PATH_SUFFIXES lib NO_DEFAULT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ErlInterface
  REQUIRED_VARS ErlInterface_LIBRARY ErlInterface_INCLUDE_DIR)
mark_as_advanced(ErlInterface_INCLUDE_DIR ErlInterface_LIBRARY)

if(ErlInterface_FOUND AND NOT TARGET ErlInterface::ei)
  find_package(Threads REQUIRED)
  add_library(ErlInterface::ei UNKNOWN IMPORTED)
  set_target_properties(ErlInterface::ei PROPERTIES
    IMPORTED_LOCATION ${ErlInterface_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${ErlInterface_INCLUDE_DIR}
    # libei is built thread-safe: erl_errno is then a per-thread location, not a global.
    INTERFACE_COMPILE_DEFINITIONS _REENTRANT
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
