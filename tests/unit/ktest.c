// SPDX-License-Identifier: GPL-2.0-only
/*
 * ktest's registry and runner (see ktest.h). Each unit-test binary links
 * this file and gets its main() from here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktest.h"

#define MAX_TESTS 256

static struct {
	const char *name;
	ktest_fn fn;
	const char *file;
} tests[MAX_TESTS];
static int nr_tests;

static jmp_buf test_exit;
static bool test_failed;
static const char *skip_reason;
static const char *known_bug;
static unsigned long nr_checks, test_checks;

void ktest_register(const char *name, ktest_fn fn, const char *file)
{
	if (nr_tests == MAX_TESTS) {
		fprintf(stderr, "ktest: more than %d tests\n", MAX_TESTS);
		exit(2);
	}
	tests[nr_tests].name = name;
	tests[nr_tests].fn = fn;
	tests[nr_tests].file = file;
	nr_tests++;
}

bool ktest_check(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	nr_checks++;
	test_checks++;
	if (ok)
		return true;
	test_failed = true;
	printf("        %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}

void ktest_abort(void)
{
	longjmp(test_exit, 1);
}

void ktest_known_bug(const char *why)
{
	known_bug = why;
}

void ktest_skip(const char *why)
{
	skip_reason = why;
	longjmp(test_exit, 1);
}

const char *ktest_quote(const char *s, size_t n)
{
	static char bufs[4][256];
	static int next;
	char *b = bufs[next++ % 4];
	size_t o = 0;

	b[o++] = '"';
	for (size_t i = 0; i < n && o < sizeof(bufs[0]) - 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			b[o++] = (char)c;
		else
			o += (size_t)snprintf(b + o, 5, "\\x%02x", c);
	}
	if (o >= sizeof(bufs[0]) - 8)
		o += (size_t)snprintf(b + o, 4, "...");
	b[o++] = '"';
	b[o] = '\0';
	return b;
}

static bool selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

enum { PASSED, FAILED, SKIPPED, XFAILED, NR_RESULTS };

/* Run one test and print its result line. */
static int run_one(const char *prog, int i)
{
	test_failed = false;
	skip_reason = NULL;
	known_bug = NULL;
	test_checks = 0;
	if (!setjmp(test_exit))
		tests[i].fn();
	if (skip_reason) {
		printf("  SKIP  %s: %s (%s)\n", prog, tests[i].name,
		       skip_reason);
		return SKIPPED;
	}
	if (!test_failed && !test_checks) {
		/* A test that checks nothing cannot fail: that is a bug. */
		printf("        %s: the test made no checks\n", tests[i].file);
		test_failed = true;
	}
	if (known_bug) {
		printf("  %s %s: %s (known bug: %s)\n",
		       test_failed ? "XFAIL" : "XPASS", prog, tests[i].name,
		       known_bug);
		if (!test_failed)
			printf("        %s: passes now: remove its KNOWN_BUG()\n",
			       tests[i].file);
		return test_failed ? XFAILED : FAILED;
	}
	printf("  %s  %s: %s\n", test_failed ? "FAIL" : "PASS", prog,
	       tests[i].name);
	return test_failed ? FAILED : PASSED;
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	const char *prog = slash ? slash + 1 : argv[0];
	int count[NR_RESULTS] = { 0 }, ran = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (int i = 0; i < nr_tests; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	for (int i = 0; i < nr_tests; i++) {
		if (!selected(tests[i].name, argc, argv))
			continue;
		count[run_one(prog, i)]++;
		ran++;
	}
	printf("%s: %d tests, %d passed, %d failed, %d skipped, %d known bugs "
	       "(%lu checks)\n",
	       prog, ran, count[PASSED], count[FAILED], count[SKIPPED],
	       count[XFAILED], nr_checks);
	if (!ran) {
		printf("%s: no test matched\n", prog);
		return 1;
	}
	return count[FAILED] ? 1 : 0;
}
