# Finds serd (Debian's libserd-dev: the streaming Turtle and N-Triples reader the RDF import
# uses) and defines the imported target serd::serd. Debian ships pkg-config metadata for it but
# no CMake package, so this module is installed beside entente's package configuration.
find_path(serd_INCLUDE_DIR serd/serd.h PATH_SUFFIXES serd-0)
find_library(serd_LIBRARY NAMES serd-0)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(serd REQUIRED_VARS serd_LIBRARY serd_INCLUDE_DIR)
if(serd_FOUND AND NOT TARGET serd::serd)
  add_library(serd::serd UNKNOWN IMPORTED)
  set_target_properties(serd::serd PROPERTIES IMPORTED_LOCATION "${serd_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${serd_INCLUDE_DIR}")
endif()
mark_as_advanced(serd_INCLUDE_DIR serd_LIBRARY)
