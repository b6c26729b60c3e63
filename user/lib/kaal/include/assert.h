/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * assert(): on failure prints the expression and where it is, then ends
 * the program with abort(). Compiled out with NDEBUG, as in C.
 */
#ifndef LIBKAAL_LIBC_ASSERT_H
#define LIBKAAL_LIBC_ASSERT_H

void __kaal_assert_fail(const char *expr, const char *file, int line,
			const char *func) __attribute__((noreturn));

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) \
	((e) ? (void)0 : __kaal_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#define static_assert _Static_assert

#endif /* LIBKAAL_LIBC_ASSERT_H */
