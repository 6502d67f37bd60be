/* SPDX-License-Identifier: MIT */
/* Keeps the support library non-empty before any fake exists. */
int ho_test_support_empty(void);
int
ho_test_support_empty(void)
{
    return 0;
}
