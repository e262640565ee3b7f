# Per-target settings, so nothing leaks into projects that add entente as a subdirectory.

# Warnings (PRIVATE) and the sanitizers chosen with ENTENTE_SANITIZE.
function(entente_target_defaults target)
  # GCC 12 reports false -Wrestrict overlaps inside libstdc++'s std::string at -O2 (GCC bug
  # 105329, e.g. for `"literal" + std::string`), so that warning is left out.
  # GCC's -Wshadow=local is clang's -Wshadow-uncaptured-local.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                         $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local -Wno-restrict>
                         $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>
                         -Wno-missing-field-initializers
                         $<$<BOOL:${ENTENTE_WARNINGS_AS_ERRORS}>:-Werror>)
  entente_sanitize(${target})
endfunction()

function(entente_sanitize target)
  if(ENTENTE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${ENTENTE_SANITIZE}
                           -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${ENTENTE_SANITIZE})
  endif()
endfunction()
