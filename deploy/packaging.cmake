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
install(FILES engine/core/TRAINER.md DESTINATION "${CMAKE_INSTALL_DOCDIR}/engine/core")
install(FILES docs/analysing-by-hand.md docs/routing-from-the-pacs.md
              docs/training-on-a-slurm-cluster.md
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs")
install(FILES systemd/low-port.conf systemd/slurm-shared-dir.conf
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME everynet)
set(CPACK_PACKAGE_VENDOR EveryNet)
set(CPACK_PACKAGE_CONTACT "EveryNet <support@everynet.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# Two packages: the service (everything whose install() names no component: see
# CMAKE_INSTALL_DEFAULT_COMPONENT_NAME at the top level) and the personal network's trainer, the
# one program that needs LibTorch. Each description's first line is its summary (no
# CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put that one line above both).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL service trainer)

set(CPACK_DEBIAN_SERVICE_PACKAGE_NAME everynet)
set(CPACK_DEBIAN_SERVICE_DESCRIPTION
    "DICOM service for longitudinal brain-tumour follow-up with personal change networks
EveryNet sits behind a hospital PACS, stores the MR studies routed to it, analyses each pair of\
 a baseline and a follow-up T1ce series (registration and subtraction, and a personal network\
 trained per patient by everynet-trainer) and sends the change maps, a structured report and a\
 segmentation back as DICOM.")
set(CPACK_DEBIAN_SERVICE_PACKAGE_DEPENDS "systemd")
# Recommends, not Depends: apt installs the trainer by default, so that a plain installation runs
# both methods, but a CPU-only site that wants the classical method alone (or trains elsewhere)
# leaves it and LibTorch out with --no-install-recommends. Same version: the two exchange
# prepared pairs and maps (engine/core/TRAINER.md).
set(CPACK_DEBIAN_SERVICE_PACKAGE_RECOMMENDS "everynet-trainer (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_SERVICE_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/deploy/debian/conffiles;${PROJECT_SOURCE_DIR}/deploy/debian/postinst;${PROJECT_SOURCE_DIR}/deploy/debian/prerm;${PROJECT_SOURCE_DIR}/deploy/debian/postrm")

set(CPACK_DEBIAN_TRAINER_PACKAGE_NAME everynet-trainer)
set(CPACK_DEBIAN_TRAINER_DESCRIPTION
    "Trainer of EveryNet's personal change networks (LibTorch)
everynet-train trains one patient's personal WGAN on a pair prepared by the EveryNet service and\
 writes its change map; the service runs it for each analysis with the personal network.")
# LibTorch comes in through shlibdeps. An optimised BLAS does not: LibTorch only recommends one
# and otherwise runs on the reference BLAS, about three times slower in training.
set(CPACK_DEBIAN_TRAINER_PACKAGE_DEPENDS "libopenblas0-pthread | libopenblas0")
include(CPack)
