/* SPDX-License-Identifier: MIT */
#include <stdio.h>
int
main(void)
{
    puts("handoff: under construction");
    return 0;
}
