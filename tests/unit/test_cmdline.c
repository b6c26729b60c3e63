// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/cmdline.c: "key=value" words separated by spaces, looked up by
 * whole key, the value truncated to the buffer and always NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include <kaal/cmdline.h>

#include "ktest.h"

/* Look @key up in @line with a buffer of exactly @size bytes (ASan sees
 * any write past it); returns the value or NULL when absent. */
static const char *lookup(const char *line, const char *key, size_t size)
{
	static char result[256];
	char *val = malloc(size);
	bool found;

	cmdline_init(line);
	memset(val, 'z', size);
	found = cmdline_value(key, val, size);
	if (found)
		strcpy(result, val);
	free(val);
	return found ? result : NULL;
}

TEST(init_and_get)
{
	static const char line[] = "a=1 b=2";

	cmdline_init(line);
	CHECK_EQ_PTR(line, cmdline_get());
	cmdline_init(NULL);
	CHECK_EQ_STR("", cmdline_get());
	CHECK_NULL(lookup("", "a", 8));
}

TEST(first_middle_last)
{
	const char *line = "kaal.selftest=null console=pl011 loglevel=7";

	CHECK_EQ_STR("null", lookup(line, "kaal.selftest", 32));
	CHECK_EQ_STR("pl011", lookup(line, "console", 32));
	CHECK_EQ_STR("7", lookup(line, "loglevel", 32));
	CHECK_NULL(lookup(line, "absent", 32));
}

TEST(whole_keys_only)
{
	const char *line = "kaal.selftestx=1 x.kaal.selftest=2 quiet kaal=3";

	CHECK_NULL(lookup(line, "kaal.selftest", 32));
	CHECK_NULL(lookup(line, "quiet", 32)); /* no '=' */
	CHECK_NULL(lookup(line, "kaal.", 32));
	CHECK_EQ_STR("3", lookup(line, "kaal", 32));
	CHECK_EQ_STR("2", lookup(line, "x.kaal.selftest", 32));
	/* A value that looks like a key does not match. */
	CHECK_NULL(lookup("a=b=c", "b", 32));
	CHECK_EQ_STR("b=c", lookup("a=b=c", "a", 32));
}

TEST(spacing)
{
	CHECK_EQ_STR("1", lookup("   a=1", "a", 8));
	CHECK_EQ_STR("2", lookup("a=1    b=2   ", "b", 8));
	CHECK_EQ_STR("1", lookup("a=1 ", "a", 8));
	CHECK_NULL(lookup("     ", "a", 8));
}

TEST(empty_value_and_first_duplicate)
{
	CHECK_EQ_STR("", lookup("a= b=2", "a", 8));
	CHECK_EQ_STR("", lookup("a=", "a", 8));
	CHECK_EQ_STR("first", lookup("k=first k=second", "k", 16));
}

TEST(truncation)
{
	CHECK_EQ_STR("abc", lookup("k=abcdef", "k", 4));
	CHECK_EQ_STR("abcdef", lookup("k=abcdef", "k", 7));
	CHECK_EQ_STR("abcdef", lookup("k=abcdef x=1", "k", 7));
	CHECK_EQ_STR("", lookup("k=abcdef", "k", 1));
}

/* cmdline_uint on @line: its result, the number in *@out when it is 1. */
static int number(const char *line, uint64_t max, uint64_t *out)
{
	*out = 12345; /* left alone unless a number is found */
	cmdline_init(line);
	return cmdline_uint("n", max, out);
}

TEST(numbers)
{
	uint64_t v;

	CHECK_EQ_INT(1, number("n=0", 10, &v));
	CHECK_EQ_UINT(0, v);
	CHECK_EQ_INT(1, number("a=x n=100 b=y", 10000, &v));
	CHECK_EQ_UINT(100, v);
	CHECK_EQ_INT(1, number("n=10000", 10000, &v));
	CHECK_EQ_UINT(10000, v);
	CHECK_EQ_INT(1, number("n=007", 10, &v));
	CHECK_EQ_UINT(7, v);
	CHECK_EQ_INT(1, number("n=18446744073709551615", UINT64_MAX, &v));
	CHECK_EQ_UINT(UINT64_MAX, v);
	CHECK_EQ_INT(0, number("m=1", 10, &v));
	CHECK_EQ_UINT(12345, v);
}

TEST(bad_numbers_leave_the_value)
{
	uint64_t v;

	CHECK_EQ_INT(-1, number("n=10001", 10000, &v));
	CHECK_EQ_INT(-1, number("n=", 10, &v));
	CHECK_EQ_INT(-1, number("n=-1", 10, &v));
	CHECK_EQ_INT(-1, number("n=+1", 10, &v));
	CHECK_EQ_INT(-1, number("n=1x", 10, &v));
	CHECK_EQ_INT(-1, number("n=0x10", 100, &v));
	CHECK_EQ_INT(-1, number("n=11", 10, &v));
	CHECK_EQ_INT(-1, number("n=9", 8, &v));
	CHECK_EQ_INT(-1, number("n=18446744073709551616", UINT64_MAX, &v));
	CHECK_EQ_INT(-1, number("n=99999999999999999999999", UINT64_MAX, &v));
	CHECK_EQ_UINT(12345, v);
}
