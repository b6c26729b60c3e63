// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tick, from the Arm generic timer's EL1 virtual timer (Arm ARM D11,
 * "The Generic Timer in AArch64 state"). The compare value advances by a
 * fixed interval each tick, so late interrupts do not make the tick drift.
 */
#include <kaal/arch/timer.h>
#include <asm/sysreg.h>
#include <generated/devicetree.h>

#define CNTV_CTL_ENABLE	 (1u << 0)
#define CNTV_CTL_IMASK	 (1u << 1)
#define CNTP_CTL_ENABLE	 CNTV_CTL_ENABLE
#define CNTP_CTL_ISTATUS (1u << 2)

static uint64_t interval;
/* CNTPCT - CNTVCT: user space counts in virtual time (CNTVCT_EL0), the
 * physical timer compares against the physical count. */
static uint64_t phys_offset;
static uint64_t utimer_deadline; /* virtual count; 0: disarmed */

/*
 * The offset is constant (CNTVOFF), but the two counts cannot be read at
 * once: with p1 <= P <= p2 around a virtual read v, the offset lies in
 * [p1 - v, p2 - v]. The upper end is kept, from the narrowest of a few
 * tries, so that a user deadline is never early, only late by at most
 * that width (0 on hardware, where the three reads take a few cycles;
 * under QEMU the counts advance while it emulates them).
 */
static void measure_phys_offset(void)
{
	uint64_t best = ~0ull;

	for (int i = 0; i < 16 && best; i++) {
		uint64_t p1, v, p2;

		isb();
		p1 = read_sysreg(cntpct_el0);
		isb();
		v = read_sysreg(cntvct_el0);
		isb();
		p2 = read_sysreg(cntpct_el0);
		if (p2 - p1 < best) {
			best = p2 - p1;
			phys_offset = p2 - v;
		}
	}
}

uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

uint64_t arch_counter_read(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/* Start this CPU's tick, one interval from now. The timer registers are
 * per CPU (Arm ARM D11). */
static void start_tick(void)
{
	write_sysreg(cntv_cval_el0, arch_counter_read() + interval);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

unsigned int arch_timer_init(unsigned int hz)
{
	interval = arch_counter_freq() / hz;
	measure_phys_offset();
	write_sysreg(cntp_ctl_el0, 0); /* the user timer: off */
	start_tick();
	return DT_TIMER_IRQ_VIRT;
}

/* The interval and the physical offset are the boot CPU's: every CPU
 * reads the same system counter at the same frequency, and the same
 * virtual offset as long as its entry path sets CNTVOFF_EL2 as the boot
 * CPU's did (0, boot/head.S) when it enters at EL2. */
void arch_timer_init_cpu(void)
{
	write_sysreg(cntp_ctl_el0, 0);
	start_tick();
}

/* Only the tick: the user timer, which a thread of this CPU may have
 * armed, runs on while the CPU idles and wakes it. */
void arch_timer_stop_cpu(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

void arch_timer_resume_cpu(void)
{
	start_tick();
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

unsigned int arch_utimer_line(void)
{
#ifdef DT_TIMER_IRQ_PHYS
	return DT_TIMER_IRQ_PHYS;
#else
	return ~0u;
#endif
}

/* CNTP_CVAL for a deadline in virtual counts, saturating instead of
 * wrapping: a deadline at the end of time must not become one at its
 * start. */
static uint64_t utimer_cval(uint64_t deadline)
{
	int64_t off = (int64_t)phys_offset;
	uint64_t cval = deadline + (uint64_t)off;

	if (off > 0 && cval < deadline)
		return ~0ull;
	if (off < 0 && cval > deadline)
		return 0;
	return cval;
}

void arch_utimer_set(uint64_t deadline)
{
	utimer_deadline = deadline;
	write_sysreg(cntp_cval_el0, utimer_cval(deadline));
	write_sysreg(cntp_ctl_el0, CNTP_CTL_ENABLE);
	isb();
}

bool arch_utimer_due(void)
{
	uint64_t now;

	isb();
	if (!utimer_deadline || !(read_sysreg(cntp_ctl_el0) & CNTP_CTL_ISTATUS))
		return false;
	now = arch_counter_read();
	if (now >= utimer_deadline)
		return true;
	/* The physical count met the compare value before the virtual one
	 * met the deadline: the offset was low. Raise it by the shortfall
	 * and wait for the rest. */
	phys_offset += utimer_deadline - now;
	write_sysreg(cntp_cval_el0, utimer_cval(utimer_deadline));
	isb();
	return false;
}

void arch_utimer_stop(void)
{
	utimer_deadline = 0;
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}
