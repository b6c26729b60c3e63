// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tick, from the Arm generic timer's EL1 virtual timer (Arm ARM D11,
 * "The Generic Timer in AArch64 state"). The compare value advances by a
 * fixed interval each tick, so late interrupts do not make the tick drift.
 */
#include <kaal/arch/timer.h>
#include <asm/sysreg.h>
#include <generated/devicetree.h>

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK	(1u << 1)

static uint64_t interval;

uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

uint64_t arch_counter_read(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

unsigned int arch_timer_init(unsigned int hz)
{
	interval = arch_counter_freq() / hz;
	write_sysreg(cntv_cval_el0, arch_counter_read() + interval);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	return DT_TIMER_IRQ_VIRT;
}

void arch_timer_rearm(void)
{
	uint64_t next = read_sysreg(cntv_cval_el0) + interval;
	uint64_t now = arch_counter_read();

	/* After a long stall, skip the ticks that were missed. */
	if (next <= now)
		next = now + interval;
	write_sysreg(cntv_cval_el0, next);
	isb();
}

void arch_timer_expire_now(void)
{
	write_sysreg(cntv_cval_el0, arch_counter_read());
	isb();
}
