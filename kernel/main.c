// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel bring-up: from the loader's hand-over to a running system.
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/timer.h>
#include <kaal/bootparams.h>
#include <kaal/cmdline.h>
#include <kaal/console.h>
#include <kaal/irq.h>
#include <kaal/irqchip.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <kaal/rootboot.h>
#include <kaal/tcb.h>
#include <kaal/sched.h>
#include <kaal/selftest.h>
#include <kaal/smp.h>
#include <generated/devicetree.h>
#include <generated/domains.h>

static const struct boot_params *bp;

static const char *yes_no(bool b)
{
	return b ? "y" : "n";
}

static void print_banner(void)
{
	pr_info("KaaL %s (%s) on %s [%s]\n", KAAL_VERSION, CONFIG_BOARD_NAME,
		bp->model, DT_COMPATIBLE);
	pr_info("config: scheduler=%s irqchip=%s hz=%d fastpath=%s "
		"debug-syscalls=%s debug=%s loglevel=%d domains=%d fpu=%s\n",
		sched_name(), irqchip_name(), CONFIG_HZ,
		yes_no(IS_ENABLED(CONFIG_IPC_FASTPATH)),
		yes_no(IS_ENABLED(CONFIG_DEBUG_SYSCALLS)),
		yes_no(IS_ENABLED(CONFIG_DEBUG_KERNEL)),
		CONFIG_KERNEL_LOG_LEVEL, SCHED_DOMAINS,
		IS_ENABLED(CONFIG_FPU_EAGER) ? "eager" : "lazy");
	pr_info("boot: entered at EL%u, %u CPU(s) in the devicetree, "
		"command line \"%s\"\n",
		bp->entry_el, bp->nr_cpus, bp->cmdline);
}

static void print_memory(void)
{
	uint64_t total = 0, used = 0;

	for (uint32_t i = 0; i < bp->nr_ram; i++) {
		pr_info("memory: RAM      0x%010lx-0x%010lx %6lu MiB\n",
			bp->ram[i].base, bp->ram[i].base + bp->ram[i].size - 1,
			bp->ram[i].size >> 20);
		total += bp->ram[i].size;
	}
	for (uint32_t i = 0; i < bp->nr_reserved; i++) {
		pr_info("memory: reserved 0x%010lx-0x%010lx %6lu KiB %s\n",
			bp->reserved[i].base,
			bp->reserved[i].base + bp->reserved[i].size - 1,
			bp->reserved[i].size >> 10, bp->reserved[i].what);
		used += bp->reserved[i].size;
	}
	pr_info("memory: %lu MiB total, %lu KiB reserved, kernel image at "
		"0x%lx (virtual 0x%lx)\n",
		total >> 20, used >> 10, bp->kernel_base,
		bp->kernel_base + bp->pv_offset);
}

/*
 * The boot tick test (Documentation/boot.rst): count a number of timer
 * ticks and report the counter time they took, the proof that the tick
 * runs at CONFIG_HZ. It waits that long in real time, so it is off unless
 * asked for: kaal.ticktest=N on the command line, or CONFIG_BOOT_TICK_TEST
 * as the default when the command line does not say.
 */
#define TICK_TEST_MAX 10000 /* ticks; as CONFIG_BOOT_TICK_TEST's range */

/* The first tick, made due at once, must arrive within TICK_TEST_TIMEOUT_MS
 * of counter time. The wait polls instead of sleeping: if the interrupt
 * controller does not deliver the timer's interrupt (on a board whose
 * firmware left it in the Secure group, for one) nothing would ever wake a
 * WFI, and the boot would hang without a word. */
#define TICK_TEST_TIMEOUT_MS 100

static void tick_test_first(uint64_t freq)
{
	uint64_t start = irq_ticks();
	uint64_t deadline =
		arch_counter_read() + freq * TICK_TEST_TIMEOUT_MS / 1000;

	arch_timer_expire_now();
	while (irq_ticks() == start)
		if (arch_counter_read() > deadline)
			panic("timer: waited %d ms for the first tick, interrupt "
			      "%u from the generic timer through the %s, and "
			      "none came: the interrupt is not delivered (is "
			      "it in Non-secure group 1?)",
			      TICK_TEST_TIMEOUT_MS, irq_timer_line(),
			      irqchip_name());
}

static uint64_t tick_test_ticks(void)
{
	uint64_t n = CONFIG_BOOT_TICK_TEST;

	if (cmdline_uint("kaal.ticktest", TICK_TEST_MAX, &n) < 0)
		pr_warn("timer: kaal.ticktest= takes a number of ticks from 0 "
			"to %d; counting %d\n",
			TICK_TEST_MAX, CONFIG_BOOT_TICK_TEST);
	return n;
}

static void tick_test(void)
{
	uint64_t start, t0, elapsed, freq = arch_counter_freq();
	uint64_t ticks = tick_test_ticks();

	if (!ticks)
		return;
	tick_test_first(freq);
	t0 = arch_counter_read();
	start = irq_ticks();
	while (irq_ticks() - start < ticks)
		arch_wait_for_interrupt();
	elapsed = arch_counter_read() - t0;
	pr_info("timer: %lu ticks in %lu us (expected %lu us at %d Hz, "
		"counter %lu Hz)\n",
		ticks, elapsed * 1000000 / freq, ticks * 1000000 / CONFIG_HZ,
		CONFIG_HZ, freq);
}

void __noreturn kernel_main(paddr_t params);
void __noreturn kernel_main(paddr_t params)
{
	bp = phys_to_virt(params);
	console_init();
	if (bp->magic != BOOT_PARAMS_MAGIC)
		panic("boot parameters at 0x%lx have a bad magic", params);
	arch_cpu_init(bp);
	cmdline_init(bp->cmdline);
	print_banner();
	print_memory();
	irq_init();
	pr_info("irq: %s with %u lines, timer tick at %d Hz\n", irqchip_name(),
		irqchip_nr_irqs(), CONFIG_HZ);
	arch_irq_on();
	tick_test();
	selftest_run();
	arch_irq_off();
#ifdef CONFIG_SMP
	kernel_lock(); /* released by the first return to user space */
	smp_boot(bp);
#endif
	boot_root_task(bp);
	thread_exit_to_user();
}
