# What a packager ships: the two libraries, the headers, the frana command and
# its man page, pkg-config files, a CMake package (find_package(frana) gives
# frana::frana and frana::frana-xapian), the Python module, the licence.
#   cmake --install build --prefix DIR
set(FRANA_PYTHON_DIR "lib/python3/dist-packages" CACHE STRING
    "Where the frana Python module goes, relative to the prefix")
set(FRANA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/frana)

set_target_properties(frana_xapian PROPERTIES EXPORT_NAME frana-xapian INSTALL_RPATH "$ORIGIN")
install(TARGETS frana frana_xapian EXPORT franaTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS frana_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/frana.h include/frana_db.h include/frana_plugin.h include/frana_xapian.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES tools/frana.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# pkg-config: frana (analysis: C only) and frana-xapian (Xapian only here).
# The prefix is found from the .pc file's own place, so that the tree can be
# installed with any --prefix (or DESTDIR) and moved.
file(RELATIVE_PATH FRANA_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
foreach(pc frana frana-xapian)
  configure_file(cmake/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# The CMake package.
include(CMakePackageConfigHelpers)
install(EXPORT franaTargets NAMESPACE frana:: DESTINATION ${FRANA_CMAKE_DIR})
configure_package_config_file(cmake/franaConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/franaConfig.cmake INSTALL_DESTINATION ${FRANA_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/franaConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/franaConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/franaConfigVersion.cmake DESTINATION ${FRANA_CMAKE_DIR})

# The Python module finds the libraries from where it is installed.
configure_file(plugin/python/frana/_paths.py.in ${CMAKE_CURRENT_BINARY_DIR}/python/frana/_paths.py
  @ONLY)
install(FILES plugin/python/frana/__init__.py ${CMAKE_CURRENT_BINARY_DIR}/python/frana/_paths.py
  DESTINATION ${FRANA_PYTHON_DIR}/frana)
