# SPDX-License-Identifier: MIT
# Debian packages, installed by scripts/setup.sh.
function(ho_require_lib var name header pkg)
  find_library(${var} NAMES ${name})
  find_path(${var}_INC NAMES ${header})
  if(NOT ${var} OR NOT ${var}_INC)
    message(FATAL_ERROR "missing ${name} (${header}): run scripts/setup.sh or apt-get install ${pkg}")
  endif()
endfunction()

ho_require_lib(SQLITE3_LIB sqlite3 sqlite3.h libsqlite3-dev)
ho_require_lib(YAML_LIB yaml yaml.h libyaml-dev)
ho_require_lib(JANSSON_LIB jansson jansson.h libjansson-dev)
ho_require_lib(CSV_LIB csv csv.h libcsv-dev)
ho_require_lib(CRYPTO_LIB crypto openssl/evp.h libssl-dev)
ho_require_lib(CMOCKA_LIB cmocka cmocka.h libcmocka-dev)
ho_require_lib(LINEAR_LIB linear linear.h liblinear-dev) # calibrate's logistic fit (learn/)
ho_require_lib(ZLIB_LIB z zlib.h zlib1g-dev) # gzip request bodies of serve

# libmicrohttpd (the HTTP server of `handoff serve`), found with pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(MHD IMPORTED_TARGET libmicrohttpd)
if(NOT MHD_FOUND)
  message(FATAL_ERROR "missing libmicrohttpd: run scripts/setup.sh or apt-get install libmicrohttpd-dev")
endif()
set(MHD_LIB PkgConfig::MHD)
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
# OpenSSL libcrypto: SHA-256 of API tokens, randomness, constant-time compare.
pkg_check_modules(LIBCRYPTO IMPORTED_TARGET libcrypto)
if(NOT LIBCRYPTO_FOUND)
  message(FATAL_ERROR "missing libcrypto: run scripts/setup.sh or apt-get install libssl-dev")
endif()
set(CRYPTO_LIB PkgConfig::LIBCRYPTO)
# libcurl (OpenSSL flavour): the alert delivery worker's HTTP client (notify/deliver.c).
pkg_check_modules(LIBCURL IMPORTED_TARGET libcurl)
if(NOT LIBCURL_FOUND)
  message(FATAL_ERROR "missing libcurl: run scripts/setup.sh or apt-get install libcurl4-openssl-dev")
endif()
set(CURL_LIB PkgConfig::LIBCURL)
# Node.js (Debian's nodejs/npm) and web/node_modules (npm ci) are optional:
# cmake/HoWeb.cmake bundles the dashboard when they are there, and the CLI
# builds without them.  chromium runs only the browser test.
