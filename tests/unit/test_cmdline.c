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
