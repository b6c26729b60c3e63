/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ktest: the assertion framework of the host unit tests (tests/unit/).
 *
 * A test is a function declared with TEST(name); it registers itself
 * before main() runs. CHECK_* macros report file:line, the expression and
 * the expected and actual values, mark the test failed and carry on, so
 * one run shows every broken check; each returns whether it passed, and
 * REQUIRE(CHECK_...(...)) also ends the current test when it failed (for
 * checks the rest of the test depends on). Every binary gets ktest's
 * main(): it runs the tests (all, or those named on the command line),
 * prints one PASS/FAIL/SKIP/XFAIL line per test and a summary, and exits
 * 1 when any test failed (or a KNOWN_BUG test passed). See
 * Documentation/testing.rst.
 */
#ifndef TESTS_UNIT_KTEST_H
#define TESTS_UNIT_KTEST_H

#include <stdbool.h>
#include <stddef.h>

typedef void (*ktest_fn)(void);

void ktest_register(const char *name, ktest_fn fn, const char *file);
/* Count one check; on failure print the report line and mark the test. */
bool ktest_check(bool ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void __attribute__((noreturn)) ktest_abort(void);
void __attribute__((noreturn)) ktest_skip(const char *why);
void ktest_known_bug(const char *why);
/* A short quoted rendering of @n bytes of @s for failure messages. */
const char *ktest_quote(const char *s, size_t n);

#define TEST(name)                                                      \
	static void name(void);                                         \
	__attribute__((constructor)) static void ktest_reg_##name(void) \
	{                                                               \
		ktest_register(#name, name, __FILE__);                  \
	}                                                               \
	static void name(void)

#define KTEST_FAIL_IF_NOT(ok, ...) \
	ktest_check((ok), __FILE__, __LINE__, __VA_ARGS__)

/* CHECK(cond): cond must be true. */
#define CHECK(cond) KTEST_FAIL_IF_NOT(!!(cond), "CHECK(%s) failed", #cond)

/* Integer comparisons print both sides, signed or unsigned (also hex). */
#define CHECK_EQ_INT(expected, actual)                            \
	({                                                        \
		long long e_ = (long long)(expected),             \
			  a_ = (long long)(actual);               \
		KTEST_FAIL_IF_NOT(e_ == a_,                       \
				  "CHECK_EQ_INT(%s, %s) failed: " \
				  "expected %lld, actual %lld",   \
				  #expected, #actual, e_, a_);    \
	})

#define CHECK_EQ_UINT(expected, actual)                                 \
	({                                                              \
		unsigned long long e_ = (unsigned long long)(expected); \
		unsigned long long a_ = (unsigned long long)(actual);   \
		KTEST_FAIL_IF_NOT(                                      \
			e_ == a_,                                       \
			"CHECK_EQ_UINT(%s, %s) failed: "                \
			"expected %llu (0x%llx), actual %llu (0x%llx)", \
			#expected, #actual, e_, e_, a_, a_);            \
	})

#define CHECK_NE_UINT(unexpected, actual)                                 \
	({                                                                \
		unsigned long long e_ = (unsigned long long)(unexpected); \
		unsigned long long a_ = (unsigned long long)(actual);     \
		KTEST_FAIL_IF_NOT(e_ != a_,                               \
				  "CHECK_NE_UINT(%s, %s) failed: "        \
				  "both are %llu (0x%llx)",               \
				  #unexpected, #actual, a_, a_);          \
	})

#define CHECK_EQ_PTR(expected, actual)                            \
	({                                                        \
		const void *e_ = (expected), *a_ = (actual);      \
		KTEST_FAIL_IF_NOT(e_ == a_,                       \
				  "CHECK_EQ_PTR(%s, %s) failed: " \
				  "expected %p, actual %p",       \
				  #expected, #actual, e_, a_);    \
	})

#define CHECK_NULL(actual) CHECK_EQ_PTR(NULL, (actual))

#define CHECK_NOT_NULL(actual)                                             \
	({                                                                 \
		const void *a_ = (actual);                                 \
		KTEST_FAIL_IF_NOT(a_ != NULL, "CHECK_NOT_NULL(%s) failed", \
				  #actual);                                \
	})

/* Strings: NULL is reported as such; the values are shown quoted. */
#define CHECK_EQ_STR(expected, actual)                                        \
	({                                                                    \
		const char *e_ = (expected), *a_ = (actual);                  \
		bool ok_ = e_ && a_ ? !__builtin_strcmp(e_, a_) : e_ == a_;   \
		KTEST_FAIL_IF_NOT(                                            \
			ok_,                                                  \
			"CHECK_EQ_STR(%s, %s) failed: "                       \
			"expected %s, actual %s",                             \
			#expected, #actual,                                   \
			e_ ? ktest_quote(e_, __builtin_strlen(e_)) : "NULL",  \
			a_ ? ktest_quote(a_, __builtin_strlen(a_)) : "NULL"); \
	})

#define CHECK_EQ_MEM(expected, actual, n)                                 \
	({                                                                \
		const void *e_ = (expected), *a_ = (actual);              \
		size_t n_ = (n);                                          \
		KTEST_FAIL_IF_NOT(                                        \
			!__builtin_memcmp(e_, a_, n_),                    \
			"CHECK_EQ_MEM(%s, %s, %zu) failed: expected %s, " \
			"actual %s",                                      \
			#expected, #actual, n_, ktest_quote(e_, n_),      \
			ktest_quote(a_, n_));                             \
	})

/* REQUIRE(CHECK_EQ_INT(...)): end the test when the check failed. */
#define REQUIRE(check)                 \
	do {                           \
		if (!(check))          \
			ktest_abort(); \
	} while (0)

#define SKIP(why) ktest_skip(why)

/*
 * KNOWN_BUG("what, where"): this test documents a bug that is not fixed
 * yet. Its failure is reported as XFAIL and does not fail the run; once it
 * passes it is reported as XPASS and does fail the run, so that the marker
 * is removed together with the bug.
 */
#define KNOWN_BUG(why) ktest_known_bug(why)

#endif /* TESTS_UNIT_KTEST_H */
