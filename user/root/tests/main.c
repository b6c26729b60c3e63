// SPDX-License-Identifier: BSD-2-Clause
/*
 * The user-level test suite, run as the root task: one line per case,
 * "TEST <name> PASS" or "TEST <name> FAIL <details>", then
 * "TESTS: <n> passed, <m> failed", then the machine powers off. A case
 * that does not apply to the configuration (a scheduler, domains, a
 * board) prints "tests: <name> not run: <why>" instead and is not counted.
 *
 * The cases that need the kernel to deliver IPC and faults run last, and
 * the destruction of long chains of objects last of all: a kernel that
 * hangs there still leaves every other result on the console.
 */
#include <stdarg.h>
#include <stdio.h>
#include <libkaal/strerror.h>
#include "test.h"

static const struct test_suite *const suites[] = {
	&cap_suite,	&cspace_suite,	 &retype_suite,	      &untyped_suite,
	&map_suite,	&tcb_suite,	 &irq_suite,	      &sched_suite,
	&ipc_suite,	&endpoint_suite, &notification_suite, &fault_suite,
	&foreign_suite, &destroy_suite,	 &robust_suite,	      &libc_suite,
	&smp_suite,
};

void test_fail(struct test *t, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed++)
		return;
	if (line)
		n = snprintf(t->detail, sizeof(t->detail), "line %d: ", line);
	else
		n = snprintf(t->detail, sizeof(t->detail), "setup: ");
	va_start(ap, fmt);
	vsnprintf(t->detail + n, sizeof(t->detail) - n, fmt, ap);
	va_end(ap);
}

int test_expect_err(struct test *t, int line, const char *what, long got,
		    long want, long want2)
{
	if (got == want || got == want2)
		return 1;
	if (want == want2)
		test_fail(t, line, "%s = %s, want %s", what, kaal_strerror(got),
			  kaal_strerror(want));
	else
		test_fail(t, line, "%s = %s, want %s or %s", what,
			  kaal_strerror(got), kaal_strerror(want),
			  kaal_strerror(want2));
	return 0;
}

int test_expect_eq(struct test *t, int line, const char *what, kaal_word_t got,
		   kaal_word_t want)
{
	if (got == want)
		return 1;
	test_fail(t, line, "%s = 0x%lx, want 0x%lx", what, got, want);
	return 0;
}

/* 1 passed, 0 failed, -1 not run (it does not apply here). */
static int run_case(struct kaal_alloc *a, const struct test_case *c)
{
	struct test t = {
		.name = c->name,
		.a = a,
		.bi = a->bi,
		.ipc = (struct kaal_ipc_buffer *)a->bi->ipc_buffer,
	};

	c->run(&t);
	if (t.skipped && !t.failed) {
		printf("tests: %s not run: %s\n", c->name, t.skipped);
		return -1;
	}
	if (t.failed)
		printf("TEST %s FAIL %s\n", c->name, t.detail);
	else
		printf("TEST %s PASS\n", c->name);
	return !t.failed;
}

int main(struct kaal_bootinfo *bi)
{
	struct kaal_alloc alloc;
	unsigned int passed = 0, failed = 0;

	puts("KaaL user-level tests");
	if (!bi || bi->magic != KAAL_BOOTINFO_MAGIC) {
		puts("TEST bootinfo FAIL no valid bootinfo");
		puts("TESTS: 0 passed, 1 failed");
		return 1;
	}
	kaal_alloc_init(&alloc, bi);
	for (unsigned int s = 0; s < ARRAY_SIZE(suites); s++)
		for (unsigned int i = 0; i < suites[s]->count; i++) {
			int r = run_case(&alloc, &suites[s]->cases[i]);

			if (r > 0)
				passed++;
			else if (r == 0)
				failed++;
		}
	printf("tests: used slots [%lu, %lu) of %lu\n", bi->empty.start,
	       alloc.next_slot, bi->empty.end);
	printf("TESTS: %u passed, %u failed\n", passed, failed);
	return 0;
}
