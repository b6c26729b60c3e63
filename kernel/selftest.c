// SPDX-License-Identifier: GPL-2.0-only
/*
 * kaal.selftest=NAME: deliberately break a rule and let the exception
 * path report it. Each one must end in a kernel panic with a register
 * dump; surviving one is itself reported as a failure. A few others are
 * checks that report PASS or FAIL and let the boot go on.
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/timer.h>
#include <kaal/cmdline.h>
#include <kaal/irq.h>
#include <kaal/irqchip.h>
#include <kaal/printk.h>
#include <kaal/selftest.h>
#include <kaal/smp.h>
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

#ifdef CONFIG_SMP
/* How long an IPI may take to reach this CPU's interrupt controller, and
 * how long nothing more may arrive after it ended, in counter time. */
#define IPI_TIMEOUT_MS 100
#define IPI_QUIET_MS   10

/* The next interrupt the controller offers within @ms, or
 * IRQCHIP_SPURIOUS; *@waited is the counter time it took. */
static unsigned int ipi_poll(unsigned int ms, uint64_t *waited)
{
	uint64_t start = arch_counter_read();
	uint64_t limit = arch_counter_freq() * ms / 1000;
	unsigned int irq;

	do {
		irq = irqchip_ack();
		*waited = arch_counter_read() - start;
	} while (irq == IRQCHIP_SPURIOUS && *waited <= limit);
	return irq;
}

static bool ipi_check(unsigned int cpu)
{
	uint64_t waited, freq = arch_counter_freq();
	unsigned int irq;

	irqchip_send_ipi(cpu, IPI_RESCHEDULE);
	irq = ipi_poll(IPI_TIMEOUT_MS, &waited);
	if (irq == IRQCHIP_SPURIOUS) {
		pr_err("selftest: ipi: FAIL (IPI %d to CPU %u not delivered "
		       "within %d ms)\n",
		       IPI_RESCHEDULE, cpu, IPI_TIMEOUT_MS);
		return false;
	}
	irqchip_eoi(irq);
	if (irqchip_ipi_of(irq) != IPI_RESCHEDULE) {
		pr_err("selftest: ipi: FAIL (interrupt %u instead of IPI %d)\n",
		       irq, IPI_RESCHEDULE);
		return false;
	}
	pr_info("selftest: ipi: IPI %d to CPU %u acknowledged as interrupt "
		"%u after %lu us\n",
		IPI_RESCHEDULE, cpu, irq, waited * 1000000 / freq);
	irq = ipi_poll(IPI_QUIET_MS, &waited);
	if (irq != IRQCHIP_SPURIOUS) {
		irqchip_eoi(irq);
		pr_err("selftest: ipi: FAIL (interrupt %u pending after the "
		       "IPI ended)\n",
		       irq);
		return false;
	}
	return true;
}

/*
 * An IPI this CPU sends itself, with IRQs masked, must reach its
 * interrupt controller: acknowledged as IPI_RESCHEDULE within
 * IPI_TIMEOUT_MS, ended, and then gone. The tick is masked meanwhile, so
 * that the IPI is the only interrupt the controller can offer. Self-tests
 * run with IRQs on (kernel_main()), and so they are again afterwards.
 */
static void st_ipi(void)
{
	unsigned int timer = irq_timer_line();
	bool ok;

	arch_irq_off();
	irqchip_disable(timer);
	ok = ipi_check(this_cpu());
	irqchip_enable(timer);
	arch_irq_on();
	if (ok)
		pr_info("selftest: ipi: PASS\n");
}
#endif

/* @check: the test reports its own result and returns; the others must
 * not return. */
static const struct {
	const char *name;
	void (*run)(void);
	bool check;
} tests[] = {
	{ "null", st_null, false },
	{ "write-text", st_write_text, false },
	{ "write-rodata", st_write_rodata, false },
	{ "exec-data", st_exec_data, false },
	{ "undef", st_undef, false },
	{ "stack-overflow", st_stack_overflow, false },
#ifdef CONFIG_SMP
	{ "ipi", st_ipi, true },
#endif
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
		if (!tests[i].check)
			pr_err("selftest: %s: FAIL (no exception)\n", name);
		return;
	}
	pr_err("selftest: unknown test \"%s\"\n", name);
}
