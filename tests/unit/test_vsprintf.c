// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/vsprintf.c against the C library: every format the header lists
 * (%d %i %u %x %X %o %p %s %c %%, flags '-' '0', widths and '*', %s
 * precision, length modifiers hh h l ll z t) must print what glibc prints
 * and return what C99 vsnprintf returns, for every buffer size from 0 to
 * one past the full length. %p has its own fixed format.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/vsprintf.h>

#include "ktest.h"

/* Compare kaal_vsnprintf with vsnprintf for @fmt in buffers of every size
 * 0..len+1 (each one malloc'ed to its exact size, so ASan sees a byte
 * written past the end). */
static void __attribute__((format(printf, 3, 4)))
check_fmt(const char *file, int line, const char *fmt, ...)
{
	char want[1024], got[1024];
	va_list ap, aq;
	int wn, gn;

	va_start(ap, fmt);
	va_copy(aq, ap);
	wn = vsnprintf(want, sizeof(want), fmt, aq);
	va_end(aq);
	va_copy(aq, ap);
	gn = kaal_vsnprintf(got, sizeof(got), fmt, aq);
	va_end(aq);
	if (!ktest_check(wn == gn && !strcmp(want, got), file, line,
			 "format \"%s\": libc gives %s (returns %d), kaal gives "
			 "%s (returns %d)",
			 fmt, ktest_quote(want, strlen(want)), wn,
			 ktest_quote(got, strlen(got)), gn))
		goto out;
	for (size_t size = 0; size <= (size_t)wn + 1; size++) {
		char *w = size ? malloc(size) : NULL;
		char *g = size ? malloc(size) : NULL;

		va_copy(aq, ap);
		wn = vsnprintf(w, size, fmt, aq);
		va_end(aq);
		va_copy(aq, ap);
		gn = kaal_vsnprintf(g, size, fmt, aq);
		va_end(aq);
		bool ok = wn == gn && (!size || !strcmp(w, g));
		ktest_check(ok, file, line,
			    "format \"%s\" in %zu bytes: libc "
			    "gives %s (returns %d), kaal gives %s (returns %d)",
			    fmt, size, size ? ktest_quote(w, strlen(w)) : "-",
			    wn, size ? ktest_quote(g, strlen(g)) : "-", gn);
		free(w);
		free(g);
		if (!ok)
			break;
	}
out:
	va_end(ap);
}
#define CHECK_FMT(...) check_fmt(__FILE__, __LINE__, __VA_ARGS__)

/* For formats GCC's -Wformat would reject: checked at run time only. */
static const char *volatile runtime_fmt;

TEST(signed_decimal)
{
	CHECK_FMT("%d", 0);
	CHECK_FMT("%d", 1);
	CHECK_FMT("%d", -1);
	CHECK_FMT("%d", INT_MAX);
	CHECK_FMT("%d", INT_MIN);
	CHECK_FMT("%i", 42);
	CHECK_FMT("%i", -987654);
	CHECK_FMT("x=%d y=%d", 3, -4);
}

TEST(unsigned_hex_octal)
{
	CHECK_FMT("%u", 0u);
	CHECK_FMT("%u", UINT_MAX);
	CHECK_FMT("%u", (unsigned int)-1);
	CHECK_FMT("%x", 0xdeadbeefu);
	CHECK_FMT("%X", 0xdeadbeefu);
	CHECK_FMT("%x", 0u);
	CHECK_FMT("%x", (unsigned int)-42);
	CHECK_FMT("%o", 0u);
	CHECK_FMT("%o", 8u);
	CHECK_FMT("%o", 0777u);
	CHECK_FMT("%o", UINT_MAX);
}

TEST(width_and_padding)
{
	CHECK_FMT("[%5d]", 42);
	CHECK_FMT("[%-5d]", 42);
	CHECK_FMT("[%05d]", 42);
	CHECK_FMT("[%05d]", -42);
	CHECK_FMT("[%5d]", -42);
	CHECK_FMT("[%-5d]", -42);
	CHECK_FMT("[%1d]", 12345);
	CHECK_FMT("[%08x]", 0xbeefu);
	CHECK_FMT("[%-8X]", 0xbeefu);
	CHECK_FMT("[%016lx]", 0xffffff8000001c8cul);
	CHECK_FMT("[%6lu]", 128ul);
	CHECK_FMT("[%010o]", 0755u);
	CHECK_FMT("[%200d]", 7);
	CHECK_FMT("[%-200u]", 7u);
	CHECK_FMT("[%*d]", 6, 42);
	CHECK_FMT("[%*d]", 0, 42);
	CHECK_FMT("[%-*d]", 6, 42);
	CHECK_FMT("[%0*d]", 6, -42);
	CHECK_FMT("[%*s]", 4, "ab");
	CHECK_FMT("[%-*s]", 4, "ab");
	/* '0' with '-': C ignores the 0. */
	runtime_fmt = "[%-05d]";
	CHECK_FMT(runtime_fmt, 42);
	runtime_fmt = "[%0-5d]";
	CHECK_FMT(runtime_fmt, -42);
}

TEST(strings)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };

	CHECK_FMT("%s", "abc");
	CHECK_FMT("%s", "");
	CHECK_FMT("[%10s]", "abc");
	CHECK_FMT("[%-10s]", "abc");
	CHECK_FMT("[%2s]", "abcdef");
	CHECK_FMT("[%.2s]", "abcdef");
	CHECK_FMT("[%.0s]", "abcdef");
	CHECK_FMT("[%.10s]", "abc");
	CHECK_FMT("[%10.2s]", "abcdef");
	CHECK_FMT("[%-10.2s]", "abcdef");
	/* The precision bounds the read: no NUL needed (ASan checks). */
	CHECK_FMT("[%.3s]", unterminated);
	CHECK_FMT("%s=%s", "key", "value");
}

TEST(null_string)
{
	const char *volatile null = NULL;
	char buf[32];

	CHECK_EQ_INT(6, kaal_snprintf(buf, sizeof(buf), "%s", null));
	CHECK_EQ_STR("(null)", buf);
	CHECK_EQ_INT(9, kaal_snprintf(buf, sizeof(buf), "[%7s]", null));
	CHECK_EQ_STR("[ (null)]", buf);
}

TEST(characters_and_percent)
{
	CHECK_FMT("%c", 'x');
	CHECK_FMT("[%3c]", 'x');
	CHECK_FMT("[%-3c]", 'x');
	CHECK_FMT("%c%c%c", 'a', 'b', 'c');
	CHECK_FMT("%c", 0x7f);
	CHECK_FMT("no conversions at all");
}

TEST(percent_literal)
{
	CHECK_FMT("%%");
	CHECK_FMT("100%% sure, %d%%", 99);
	CHECK_FMT("[%%%d%%]", 7);
}

TEST(nul_character)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	CHECK_EQ_INT(3, kaal_snprintf(buf, sizeof(buf), "a%cb", 0));
	CHECK_EQ_MEM("a\0b\0", buf, 4);
}

TEST(length_modifiers)
{
	CHECK_FMT("%hhd", 300);
	CHECK_FMT("%hhd", -129);
	CHECK_FMT("%hhu", 511);
	CHECK_FMT("%hhx", 0x1ff);
	CHECK_FMT("%hd", 70000);
	CHECK_FMT("%hd", -32769);
	CHECK_FMT("%hu", 65537);
	CHECK_FMT("%hx", 0x12345);
	CHECK_FMT("%ld", LONG_MIN);
	CHECK_FMT("%ld", LONG_MAX);
	CHECK_FMT("%lu", ULONG_MAX);
	CHECK_FMT("%lx", 0xffffff8000000000ul);
	CHECK_FMT("%lX", 0xabcdef0123456789ul);
	CHECK_FMT("%lo", ULONG_MAX);
	CHECK_FMT("%lld", LLONG_MIN);
	CHECK_FMT("%lld", LLONG_MAX);
	CHECK_FMT("%llu", ULLONG_MAX);
	CHECK_FMT("%llx", 0x8000000000000000ull);
	CHECK_FMT("%zu", SIZE_MAX);
	CHECK_FMT("%zx", (size_t)0x1000);
	CHECK_FMT("%zd", (ptrdiff_t)-5);
	CHECK_FMT("%td", (ptrdiff_t)PTRDIFF_MIN);
	CHECK_FMT("%tx", (ptrdiff_t)0x7fff);
	CHECK_FMT("%li %lli", -1l, -2ll);
	/* Mixed sizes: each modifier must consume exactly its argument. */
	CHECK_FMT("%hhd %ld %d %llu %hd %zu %s", 1, 2l, 3, 4ull, 5, (size_t)6,
		  "end");
}

TEST(pointer)
{
	char buf[64];

	CHECK_EQ_INT(18, kaal_snprintf(buf, sizeof(buf), "%p", (void *)0x1234));
	CHECK_EQ_STR("0x0000000000001234", buf);
	CHECK_EQ_INT(18, kaal_snprintf(buf, sizeof(buf), "%p", NULL));
	CHECK_EQ_STR("0x0000000000000000", buf);
	CHECK_EQ_INT(18, kaal_snprintf(buf, sizeof(buf), "%p",
				       (void *)UINTPTR_MAX));
	CHECK_EQ_STR("0xffffffffffffffff", buf);
	CHECK_EQ_INT(22, kaal_snprintf(buf, sizeof(buf), "[%p]%d",
				       (void *)0xffffff8000000000ul, 42));
	CHECK_EQ_STR("[0xffffff8000000000]42", buf);
	/* Truncated like everything else. */
	CHECK_EQ_INT(18, kaal_snprintf(buf, 5, "%p", (void *)0xabc));
	CHECK_EQ_STR("0x00", buf);
}

TEST(truncation_and_return_value)
{
	char buf[8];

	/* C99: size 0 writes nothing (NULL is allowed) and returns the
	 * length the output would have had. */
	CHECK_EQ_INT(5, kaal_snprintf(NULL, 0, "%d", 12345));
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ_INT(5, kaal_snprintf(buf, 0, "%d", 12345));
	CHECK_EQ_INT('z', buf[0]);
	CHECK_EQ_INT(5, kaal_snprintf(buf, 1, "%d", 12345));
	CHECK_EQ_STR("", buf);
	CHECK_EQ_INT('z', buf[1]);
	CHECK_EQ_INT(11, kaal_snprintf(buf, sizeof(buf), "hello %s", "world"));
	CHECK_EQ_STR("hello w", buf);
	CHECK_EQ_INT(0, kaal_snprintf(buf, sizeof(buf), "%s", ""));
	CHECK_EQ_STR("", buf);
	/* Exactly fitting output. */
	CHECK_EQ_INT(7, kaal_snprintf(buf, sizeof(buf), "%07d", 1));
	CHECK_EQ_STR("0000001", buf);
	/* Truncation in the middle of a long padded field. */
	CHECK_FMT("%-300s|", "x");
	CHECK_FMT("%0300d", -1);
}

TEST(unknown_conversion_consumes_no_argument)
{
	char buf[32];

	/* Not a documented format: printed as is, and the next conversion
	 * still gets its own argument. */
	runtime_fmt = "%q %d";
	CHECK_EQ_INT(4, kaal_snprintf(buf, sizeof(buf), runtime_fmt, 5));
	CHECK_EQ_STR("%q 5", buf);
	runtime_fmt = "50%";
	CHECK_EQ_INT(3, kaal_snprintf(buf, sizeof(buf), runtime_fmt));
	CHECK_EQ_STR("50%", buf);
}
