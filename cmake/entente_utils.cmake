# Per-target settings, so nothing leaks into projects that add entente as a subdirectory.

# Warnings (PRIVATE) and the sanitizers chosen with ENTENTE_SANITIZE.
function(entente_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
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
