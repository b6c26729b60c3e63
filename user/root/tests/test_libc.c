// SPDX-License-Identifier: BSD-2-Clause
/*
 * The C library: picolibc, with libkaal under it (Documentation/
 * user-space.rst). The cases use what libkaal's own little libc never
 * had (floating-point and long long formats, strtod, qsort, strtok_r,
 * time conversion, malloc) and check the KaaL parts under picolibc:
 * errno in each thread's own thread-local storage, sbrk's heap and the
 * console stream behind printf.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libkaal/console.h>
#include <libkaal/heap.h>
#include "test.h"

static int expect_str(struct test *t, int line, const char *got,
		      const char *want)
{
	if (!strcmp(got, want))
		return 1;
	test_fail(t, line, "\"%s\", want \"%s\"", got, want);
	return 0;
}
#define EXPECT_STR(t, got, want) expect_str(t, __LINE__, got, want)

static void libc_printf_formats(struct test *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%g %.3f %e", 0.1 + 0.2, 3.14159, 1e-5);
	EXPECT_STR(t, buf, "0.3 3.142 1.000000e-05");
	snprintf(buf, sizeof(buf), "%lld %llu", LLONG_MIN, ULLONG_MAX);
	EXPECT_STR(t, buf, "-9223372036854775808 18446744073709551615");
	snprintf(buf, sizeof(buf), "%#x %#o %+d %5.1s|", 255u, 8u, 7, "abc");
	EXPECT_STR(t, buf, "0xff 010 +7     a|");
	/* C99: the length the whole output would have had. */
	EXPECT_EQ(t, snprintf(buf, 4, "%d", 123456), 6);
	EXPECT_STR(t, buf, "123");
}

static int compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void libc_stdlib_string(struct test *t)
{
	int v[] = { 42, -7, 19, 0, 1000, -7, 3 };
	const int sorted[] = { -7, -7, 0, 3, 19, 42, 1000 };
	char s[] = "ramfs, console ,,shell";
	const char *want[] = { "ramfs", "console", "shell" };
	char *save, *tok, *end;
	unsigned int n = 0;
	int key = 19;

	qsort(v, ARRAY_SIZE(v), sizeof(v[0]), compare_int);
	EXPECT(t, !memcmp(v, sorted, sizeof(v)));
	EXPECT(t, bsearch(&key, v, ARRAY_SIZE(v), sizeof(v[0]), compare_int) ==
			  &v[4]);
	for (tok = strtok_r(s, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		if (n < ARRAY_SIZE(want))
			EXPECT_STR(t, tok, want[n]);
		n++;
	}
	EXPECT_EQ(t, n, ARRAY_SIZE(want));
	EXPECT(t, strtod("-1.5e3xyz", &end) == -1500.0);
	EXPECT_STR(t, end, "xyz");
	errno = 0;
	EXPECT_EQ(t, strtol("99999999999999999999", NULL, 10), LONG_MAX);
	EXPECT_EQ(t, errno, ERANGE);
}

static void libc_time(struct test *t)
{
	/* 2024-02-29 12:34:56 UTC, a leap day. */
	time_t when = 1709210096;
	struct tm tm;
	char buf[64];

	EXPECT(t, gmtime_r(&when, &tm) == &tm);
	EXPECT_EQ(t, tm.tm_wday, 4); /* a Thursday */
	EXPECT_EQ(t, tm.tm_yday, 59);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a", &tm);
	EXPECT_STR(t, buf, "2024-02-29 12:34:56 Thu");
	tm.tm_mday += 1; /* mktime normalises: March 1st */
	tm.tm_isdst = 0;
	when = mktime(&tm); /* local time is UTC here: no TZ */
	EXPECT_EQ(t, when, 1709210096 + 86400);
	EXPECT_EQ(t, tm.tm_mon, 2);
	EXPECT_EQ(t, tm.tm_mday, 1);
}

static void libc_malloc(struct test *t)
{
	char *p = malloc(100), *q;

	if (!EXPECT(t, p))
		return;
	memset(p, 'x', 100);
	q = realloc(p, 4000);
	if (!EXPECT(t, q))
		return;
	EXPECT(t, q[0] == 'x' && q[99] == 'x');
	free(q);
	/* The heap is KAAL_HEAP_SIZE bytes: more is refused, with ENOMEM. */
	errno = 0;
	EXPECT(t, !malloc(KAAL_HEAP_SIZE));
	EXPECT_EQ(t, errno, ENOMEM);
	p = malloc(KAAL_HEAP_SIZE / 2);
	EXPECT(t, p);
	free(p);
}

struct errno_child {
	volatile int done;
	int errno_before, errno_after;
};

static void errno_child(kaal_word_t arg)
{
	struct errno_child *c = (struct errno_child *)arg;

	c->errno_before = errno; /* its own: 0, not the parent's */
	strtoul("999999999999999999999", NULL, 0);
	c->errno_after = errno;
	c->done = 1;
}

/* errno lives in each thread's thread-local block (crt0 and
 * kaal_thread_start make them): a thread's errno is its own. */
static void libc_errno_per_thread(struct test *t)
{
	struct errno_child c = { 0 };
	struct kaal_thread th;

	errno = EDOM;
	if (!t_spawn(t, &th, ROOT_PRIO(t), errno_child, (kaal_word_t)&c))
		return;
	YIELD_UNTIL(c.done, 100);
	kaal_thread_suspend(th.tcb);
	EXPECT(t, c.done);
	EXPECT_EQ(t, c.errno_before, 0);
	EXPECT_EQ(t, c.errno_after, ERANGE);
	EXPECT_EQ(t, errno, EDOM);
}

static char captured[128];
static size_t captured_len;

static void capture(const char *s, size_t len)
{
	while (len-- && captured_len < sizeof(captured) - 1)
		captured[captured_len++] = *s++;
	captured[captured_len] = '\0';
}

/* stdout reaches the console writer at the end of each printf call, at
 * '\n' and on fflush; putchar alone only collects. */
static void libc_stdout_writer(struct test *t)
{
	kaal_console_write_fn *old;
	int calls[4];

	old = kaal_console_set(capture);
	captured_len = 0;
	printf("%s=%d", "kaal", 1);
	calls[0] = (int)captured_len;
	putchar('[');
	calls[1] = (int)captured_len;
	puts("]");
	calls[2] = (int)captured_len;
	fputs("tail", stderr);
	fflush(stdout);
	calls[3] = (int)captured_len;
	kaal_console_set(old);
	EXPECT_EQ(t, calls[0], 6);
	EXPECT_EQ(t, calls[1], 6);
	EXPECT_EQ(t, calls[2], 9);
	EXPECT_EQ(t, calls[3], 13);
	EXPECT_STR(t, captured, "kaal=1[]\ntail");
	EXPECT_EQ(t, getchar(), EOF); /* stdin has no input */
}

static const struct test_case cases[] = {
	{ "libc_printf_formats", libc_printf_formats },
	{ "libc_stdlib_string", libc_stdlib_string },
	{ "libc_time", libc_time },
	{ "libc_malloc", libc_malloc },
	{ "libc_errno_per_thread", libc_errno_per_thread },
	{ "libc_stdout_writer", libc_stdout_writer },
};
TEST_SUITE(libc_suite, cases);
