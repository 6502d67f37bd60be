# SPDX-License-Identifier: MIT
# Turn the files FILES (a comma list of names in DIR) into the C source OUT:
# the table ho_web_assets[] of http/assets.h (name, bytes, length, ETag).
# BUILT is 1 when DIR is the esbuild bundle, 0 for the fallback page.
string(REPLACE "," ";" names "${FILES}")
set(out "/* generated from ${DIR} by cmake/HoEmbedAssets.cmake */\n#include \"http/assets.h\"\n\n")
set(table "")
set(i 0)
foreach(name ${names})
  file(READ ${DIR}/${name} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  file(SHA256 ${DIR}/${name} sum)
  string(SUBSTRING "${sum}" 0 20 tag)
  string(APPEND out "static const unsigned char asset_${i}[] = {${body} 0x00};\n")
  string(APPEND table "    { \"${name}\", asset_${i}, ${len}, \"\\\"${tag}\\\"\" },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND out "\nconst struct ho_web_asset ho_web_assets[] = {\n${table}};\n"
       "const size_t ho_web_n_assets = ${i};\n"
       "const int ho_web_dashboard_built = ${BUILT};\n")
file(WRITE ${OUT} "${out}")
