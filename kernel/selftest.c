// SPDX-License-Identifier: GPL-2.0-only
/*
 * kaal.selftest=NAME: deliberately break a rule and let the exception
 * path report it. Each one must end in a kernel panic with a register
 * dump; surviving one is itself reported as a failure.
 */
#include <kaal/cmdline.h>
#include <kaal/printk.h>
#include <kaal/selftest.h>
#include <kaal/string.h>

extern char _text[], _rodata[];

static void st_null(void)
{
	pr_info("selftest: reading address 0\n");
	(void)*(volatile uint64_t *)0;
}

static void st_write_text(void)
{
	pr_info("selftest: writing to kernel text at %p\n", _text);
	*(volatile uint32_t *)_text = 0;
}

static void st_write_rodata(void)
{
	pr_info("selftest: writing to kernel rodata at %p\n", _rodata);
	*(volatile uint32_t *)_rodata = 0;
}

static void st_exec_data(void)
{
	static uint32_t ret_insn = 0xd65f03c0; /* "ret" */

	pr_info("selftest: executing data at %p\n", &ret_insn);
	((void (*)(void))(uintptr_t)&ret_insn)();
}

static void st_undef(void)
{
	pr_info("selftest: executing an undefined instruction\n");
	__asm__ volatile("udf #0x1234");
}

/*
 * Each level keeps a buffer the compiler cannot drop and uses the result
 * of the call after it returns, so the recursion stays a recursion. The
 * limit is never reached; it only tells the compiler the recursion ends.
 */
static volatile unsigned long recurse_limit = ~0ul;

static __attribute__((noinline)) unsigned long recurse(unsigned long depth)
{
	volatile unsigned char pad[256];

	if (depth == recurse_limit)
		return depth;
	pad[depth % sizeof(pad)] = (unsigned char)depth;
	return recurse(depth + 1) + pad[depth % sizeof(pad)];
}

static void st_stack_overflow(void)
{
	extern char kernel_stack_guard[];

	pr_info("selftest: recursing into the stack guard page at %p\n",
		kernel_stack_guard);
	(void)recurse(0);
}

static const struct {
	const char *name;
	void (*run)(void);
} tests[] = {
	{ "null", st_null },
	{ "write-text", st_write_text },
	{ "write-rodata", st_write_rodata },
	{ "exec-data", st_exec_data },
	{ "undef", st_undef },
	{ "stack-overflow", st_stack_overflow },
};

void selftest_run(void)
{
	char name[32];

	if (!cmdline_value("kaal.selftest", name, sizeof(name)))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		if (strcmp(name, tests[i].name))
			continue;
		tests[i].run();
		pr_err("selftest: %s: FAIL (no exception)\n", name);
		return;
	}
	pr_err("selftest: unknown test \"%s\"\n", name);
}
