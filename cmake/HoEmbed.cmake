# SPDX-License-Identifier: MIT
# Turn the file IN into a C source OUT defining `const char SYMBOL[]` and
# `const unsigned long SYMBOL_len`.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE ${OUT} "/* generated from ${IN} by cmake/HoEmbed.cmake */\n"
     "const char ${SYMBOL}[] = {${body} 0x00};\n"
     "const unsigned long ${SYMBOL}_len = ${len};\n")
