# Installation (`cmake --install`) and the Debian package (CPack). Included from the top level,
# where CPack must be.
include(GNUInstallDirs)
# Debian's name for the documentation directory: the package's, in lower case.
set(CMAKE_INSTALL_DOCDIR "${CMAKE_INSTALL_DATAROOTDIR}/doc/everynet")

# The unit names absolute paths; /etc/everynet is where the hardened unit lets the service read
# its configuration (ConfigurationDirectory), whatever the prefix of the binary.
set(EVERYNET_CONFIG_DIR "/etc/everynet" CACHE PATH "Where the configuration is installed")
# The unit names the binary by its installed path, known only at install time: `cmake --install`
# defaults to /usr/local, the package installs under /usr.
install(CODE "
  set(EVERYNET_BINARY_PATH \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/everynet\")
  set(EVERYNET_DOC_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}\")
  set(EVERYNET_CONFIG_DIR \"${EVERYNET_CONFIG_DIR}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/systemd/everynet.service.in\"
                 \"${PROJECT_BINARY_DIR}/systemd/everynet.service\" @ONLY)")

install(FILES deploy/everynet.toml DESTINATION "${EVERYNET_CONFIG_DIR}"
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
# systemd searches lib/systemd/system and lib/sysusers.d under /usr and /usr/local.
install(FILES "${PROJECT_BINARY_DIR}/systemd/everynet.service" DESTINATION lib/systemd/system)
install(FILES systemd/everynet.sysusers.conf DESTINATION lib/sysusers.d RENAME everynet.conf)
# Where the README links to them, so that its links resolve in the installed documentation too
# (the lab notebook, docs/experiments, stays with the source).
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES deploy/CONFORMANCE.md DESTINATION "${CMAKE_INSTALL_DOCDIR}/deploy")
install(FILES engine/PROFILES.md DESTINATION "${CMAKE_INSTALL_DOCDIR}/engine")
install(FILES docs/analysing-by-hand.md DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs")
install(FILES systemd/low-port.conf DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME everynet)
set(CPACK_PACKAGE_VENDOR EveryNet)
set(CPACK_PACKAGE_CONTACT "EveryNet <support@everynet.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "DICOM service for longitudinal brain-tumour follow-up with personal change networks")
set(CPACK_PACKAGE_DESCRIPTION
    "EveryNet sits behind a hospital PACS, stores the MR studies routed to it, trains a personal\
 network per patient from a baseline and a follow-up T1ce series and sends the change maps,\
 a structured report and a segmentation back as DICOM.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/deploy/debian/conffiles;${PROJECT_SOURCE_DIR}/deploy/debian/postinst;${PROJECT_SOURCE_DIR}/deploy/debian/prerm;${PROJECT_SOURCE_DIR}/deploy/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
