# SPDX-License-Identifier: MIT
add_compile_options(-Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
                    -Wvla -Wimplicit-fallthrough -Wpointer-arith -Wundef)
if(HO_WERROR)
  add_compile_options(-Werror)
endif()
