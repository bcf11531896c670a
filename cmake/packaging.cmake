# Debian packages through CPack, one per install component:
#   sws-desktop   the desktop app (app/, its desktop file and icons)
#   sws           the command line, its manual page and bash completion
#   libswsqt      the shared protocol library (libswsqt.so.N)
#   libswsqt-dev  its headers and CMake package (find_package(SwsQt))
# `cd build && cpack` writes build/<package>_<version>-1_<arch>.deb; scripts/package-check.sh
# checks them with lintian and, in CI, installs and removes them.
include(GNUInstallDirs)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sws-desktop)
set(CPACK_PACKAGE_VENDOR "SWS Desktop")
set(CPACK_PACKAGE_CONTACT "SWS Desktop maintainers <maintainers@sws-desktop.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL sws-desktop sws libswsqt libswsqt-dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/sws-desktop/sws-desktop")
# Depends of the binaries come from dpkg-shlibdeps (Qt, libsodium, libqrencode, libstdc++).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_SWS-DESKTOP_PACKAGE_NAME sws-desktop)
set(CPACK_DEBIAN_SWS-DESKTOP_PACKAGE_SECTION net)
# The Qt platform plugins (xcb, offscreen) are not found by dpkg-shlibdeps.
set(CPACK_DEBIAN_SWS-DESKTOP_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_COMPONENT_SWS-DESKTOP_DESCRIPTION
    "SecureWebSocket desktop app\nConnects to and hosts SecureWebSocket (NaCl over WebSocket) sessions\nand chat rooms, with key pinning, certificates and a handshake inspector.")

set(CPACK_DEBIAN_SWS_PACKAGE_NAME sws)
set(CPACK_COMPONENT_SWS_DESCRIPTION
    "SecureWebSocket command line\nKeys, nacl-cert certificates, pins and trusted CAs; serve and connect to\nSecureWebSocket (NaCl over WebSocket) sessions and chat rooms.")

set(CPACK_DEBIAN_LIBSWSQT_PACKAGE_NAME libswsqt)
set(CPACK_DEBIAN_LIBSWSQT_PACKAGE_SECTION libs)
# The shlibs file (what packages linking libswsqt depend on) and the ldconfig trigger, as
# Debian policy wants them (CPack's own would call ldconfig from maintainer scripts).
set(SWS_SOVERSION ${PROJECT_VERSION_MAJOR})
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/libswsqt.shlibs.in
               ${CMAKE_BINARY_DIR}/debian/libswsqt/shlibs @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/libswsqt.triggers
               ${CMAKE_BINARY_DIR}/debian/libswsqt/triggers COPYONLY)
set(CPACK_DEBIAN_LIBSWSQT_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/debian/libswsqt/shlibs
                                                ${CMAKE_BINARY_DIR}/debian/libswsqt/triggers)
set(CPACK_COMPONENT_LIBSWSQT_DESCRIPTION
    "SecureWebSocket library for Qt programs\nSecure sessions, servers, certificates, trust stores and chat rooms of\nSecureWebSocket (NaCl over WebSocket) for programs using Qt 6.")

set(CPACK_DEBIAN_LIBSWSQT-DEV_PACKAGE_NAME libswsqt-dev)
set(CPACK_DEBIAN_LIBSWSQT-DEV_PACKAGE_SECTION libdevel)
# What SwsQtConfig.cmake looks for, and the exact library it describes.
set(CPACK_DEBIAN_LIBSWSQT-DEV_PACKAGE_DEPENDS
    "libswsqt (= ${PROJECT_VERSION}-1), qt6-base-dev, qt6-websockets-dev, libsodium-dev, pkg-config")
set(CPACK_COMPONENT_LIBSWSQT-DEV_DESCRIPTION
    "SecureWebSocket library for Qt programs - development files\nHeaders and the CMake package of SwsQt: find_package(SwsQt) and link\nSwsQt::SwsQt.")

# Every package carries the copyright file and a changelog, as Debian policy asks.
foreach(component ${CPACK_COMPONENTS_ALL})
    string(TOUPPER ${component} upper)
    set(CPACK_PACKAGE_NAME ${CPACK_DEBIAN_${upper}_PACKAGE_NAME})
    configure_file(${PROJECT_SOURCE_DIR}/resources/debian/changelog.in
                   ${CMAKE_BINARY_DIR}/debian/${component}/changelog.Debian @ONLY)
    set(CPACK_PACKAGE_NAME sws-desktop)
    execute_process(COMMAND gzip -9nf changelog.Debian
                    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/debian/${component})
    install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/copyright
                  ${CMAKE_BINARY_DIR}/debian/${component}/changelog.Debian.gz
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${CPACK_DEBIAN_${upper}_PACKAGE_NAME}
            COMPONENT ${component})
endforeach()

include(CPack)
