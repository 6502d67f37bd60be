# SPDX-License-Identifier: MIT
# The dashboard (web/): bundled by esbuild (node, after `npm ci` in web/,
# which scripts/setup.sh runs) into ${CMAKE_BINARY_DIR}/web-dist and
# embedded in the binary, so `handoff serve` fetches nothing from outside.
# Without node or web/node_modules the CLI still builds and `/` serves
# web/fallback/index.html, which says how to build the dashboard.
option(HO_DASHBOARD "Bundle the dashboard when node and web/node_modules are there" ON)
set(HO_WEB_DIR ${CMAKE_SOURCE_DIR}/web)
set(HO_WEB_ASSETS_C ${CMAKE_BINARY_DIR}/generated/web_assets.c)
find_program(HO_NODE NAMES node nodejs)
if(HO_DASHBOARD AND HO_NODE AND EXISTS ${HO_WEB_DIR}/node_modules/esbuild/package.json
   AND EXISTS ${HO_WEB_DIR}/node_modules/echarts/package.json)
  set(HO_WEB_DIST ${CMAKE_BINARY_DIR}/web-dist)
  set(HO_WEB_FILES index.html app.js app.css app.js.gz app.css.gz)
  file(GLOB_RECURSE HO_WEB_SRCS CONFIGURE_DEPENDS ${HO_WEB_DIR}/src/*)
  list(TRANSFORM HO_WEB_FILES PREPEND ${HO_WEB_DIST}/ OUTPUT_VARIABLE HO_WEB_OUTPUTS)
  add_custom_command(
    OUTPUT ${HO_WEB_OUTPUTS}
    COMMAND ${HO_NODE} ${HO_WEB_DIR}/build.mjs ${HO_WEB_DIST}
    DEPENDS ${HO_WEB_SRCS} ${HO_WEB_DIR}/build.mjs ${HO_WEB_DIR}/package-lock.json
    COMMENT "dashboard: esbuild bundle into ${HO_WEB_DIST}"
    VERBATIM)
  set(HO_WEB_BUILT 1)
  message(STATUS "dashboard: bundled with ${HO_NODE} (web/node_modules)")
else()
  set(HO_WEB_DIST ${HO_WEB_DIR}/fallback)
  set(HO_WEB_FILES index.html)
  set(HO_WEB_OUTPUTS ${HO_WEB_DIST}/index.html)
  set(HO_WEB_BUILT 0)
  message(STATUS "dashboard: not bundled (needs node and `npm ci` in web/, see scripts/setup.sh); "
                 "/ serves a page that says how to build it")
endif()
list(JOIN HO_WEB_FILES "," ho_web_files_arg)
add_custom_command(
  OUTPUT ${HO_WEB_ASSETS_C}
  COMMAND ${CMAKE_COMMAND} -DDIR=${HO_WEB_DIST} -DFILES=${ho_web_files_arg} -DOUT=${HO_WEB_ASSETS_C}
          -DBUILT=${HO_WEB_BUILT} -P ${CMAKE_SOURCE_DIR}/cmake/HoEmbedAssets.cmake
  DEPENDS ${HO_WEB_OUTPUTS} ${CMAKE_SOURCE_DIR}/cmake/HoEmbedAssets.cmake
  VERBATIM)
