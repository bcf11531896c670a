# One INTERFACE target carries the warning flags and the strict Qt defines.
add_library(sws_warnings INTERFACE)
target_compile_options(sws_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                              -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                             )
target_compile_definitions(sws_warnings INTERFACE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII
                                                  QT_NO_URL_CAST_FROM_STRING
                                                  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
                                                  QT_NO_KEYWORDS)

# SWS_WERROR=ON (the CI builds of scripts/test.sh) turns every warning into an error.
option(SWS_WERROR "Treat compiler warnings as errors" OFF)
if(SWS_WERROR)
    target_compile_options(sws_warnings INTERFACE -Werror)
endif()
