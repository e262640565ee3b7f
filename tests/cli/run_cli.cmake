# Runs the entente program and checks its exit code and output.
# -DPROGRAM=... -DARGS=a;b;c -DEXPECT_EXIT=n -DEXPECT=regex [-DEXPECT_NOT=regex] [-DEMPTY_LAST=1]
if(EMPTY_LAST)  # an empty last argument, which the list ARGS cannot hold
  execute_process(COMMAND ${PROGRAM} ${ARGS} ""
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
else()
  execute_process(COMMAND ${PROGRAM} ${ARGS}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
message("${out}${err}")
if(NOT code EQUAL EXPECT_EXIT)
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_EXIT}")
endif()
if(DEFINED EXPECT AND NOT "${out}${err}" MATCHES "${EXPECT}")
  message(FATAL_ERROR "output does not match: ${EXPECT}")
endif()
if(DEFINED EXPECT_NOT AND "${out}${err}" MATCHES "${EXPECT_NOT}")
  message(FATAL_ERROR "output matches what it must not: ${EXPECT_NOT}")
endif()
