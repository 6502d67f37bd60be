# SPDX-License-Identifier: MIT
# Per-layer include directories, so that a layer cannot include a higher one
# (DESIGN.md §6).  Sources include as `#include "core/x.h"`; for each layer we
# build ${CMAKE_BINARY_DIR}/layers/<layer>/ holding one symlink per folder the
# layer may see (its own and those listed in cmake/layers.txt), and give the
# layer's target only that directory.  `#include "engine/engine.h"` from core/
# then fails with "No such file or directory".
#
# The targets are ho_<layer>, except cli whose target is the `handoff`
# executable.  Includes are applied at the end of the top-level CMakeLists
# (cmake_language DEFER), so adding a layer needs only its ho_layer() call and
# a row in cmake/layers.txt.

set(HO_LAYERS_TABLE ${CMAKE_SOURCE_DIR}/cmake/layers.txt)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${HO_LAYERS_TABLE})

# Read the table into HO_LAYER_NAMES and HO_LAYER_DEPS_<layer>.
file(STRINGS ${HO_LAYERS_TABLE} ho_rows REGEX "^[a-z_]+:")
set(HO_LAYER_NAMES "")
foreach(row ${ho_rows})
  string(REGEX MATCH "^([a-z_]+):(.*)$" _ "${row}")
  set(layer ${CMAKE_MATCH_1})
  string(STRIP "${CMAKE_MATCH_2}" deps)
  separate_arguments(deps UNIX_COMMAND "${deps}")
  list(APPEND HO_LAYER_NAMES ${layer})
  set(HO_LAYER_DEPS_${layer} ${deps})
endforeach()

# Every folder under src/ is a layer and must have a row.
file(GLOB ho_src_dirs LIST_DIRECTORIES true RELATIVE ${CMAKE_SOURCE_DIR}/src
     ${CMAKE_SOURCE_DIR}/src/*)
foreach(dir ${ho_src_dirs})
  if(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/src/${dir} AND NOT dir IN_LIST HO_LAYER_NAMES)
    message(FATAL_ERROR "src/${dir}/ has no row in cmake/layers.txt (which layers may it include?)")
  endif()
endforeach()

# The include directory of one layer: symlinks to its own folder and its
# allowed lower folders that exist.
function(ho_layer_include_dir layer out)
  set(dir ${CMAKE_BINARY_DIR}/layers/${layer})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  foreach(dep ${layer} ${HO_LAYER_DEPS_${layer}})
    if(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/src/${dep})
      file(CREATE_LINK ${CMAKE_SOURCE_DIR}/src/${dep} ${dir}/${dep} SYMBOLIC)
    endif()
  endforeach()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

function(ho_apply_layer_includes)
  foreach(layer ${HO_LAYER_NAMES})
    if(layer STREQUAL "cli")
      set(target handoff)
    else()
      set(target ho_${layer})
    endif()
    if(TARGET ${target})
      ho_layer_include_dir(${layer} dir)
      target_include_directories(${target} PRIVATE ${dir})
    elseif(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/src/${layer})
      message(FATAL_ERROR "src/${layer}/ exists but target ${target} does not")
    endif()
  endforeach()
endfunction()

cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL ho_apply_layer_includes)
