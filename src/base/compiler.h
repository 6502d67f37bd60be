/* SPDX-License-Identifier: MIT */
/*
 * base/compiler.h - attributes and the always-on assertion.
 */
#ifndef HO_BASE_COMPILER_H
#define HO_BASE_COMPILER_H

#define HO_MUST_CHECK   __attribute__((warn_unused_result))
#define HO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define HO_NORETURN     __attribute__((noreturn))
#define HO_LIKELY(x)    __builtin_expect(!!(x), 1)
#define HO_UNLIKELY(x)  __builtin_expect(!!(x), 0)
#define HO_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

HO_NORETURN void ho_assert_fail(const char *expr, const char *file, int line);

/* Always on, also in release builds: an invariant that failed is a bug. */
#define HO_ASSERT(cond) ((cond) ? (void)0 : ho_assert_fail(#cond, __FILE__, __LINE__))

#endif /* HO_BASE_COMPILER_H */
