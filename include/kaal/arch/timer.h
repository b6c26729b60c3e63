/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tick timer contract (arch/arm64/kernel/timer.c: the Arm generic
 * timer, EL1 virtual timer).
 */
#ifndef KAAL_ARCH_TIMER_H
#define KAAL_ARCH_TIMER_H

#include <kaal/types.h>

/* Start a periodic tick at @hz and return the interrupt number it raises. */
unsigned int arch_timer_init(unsigned int hz);

/* CONFIG_SMP: start the same tick on a secondary CPU (its own timer),
 * with its user timer off. */
void arch_timer_init_cpu(void);

/* CONFIG_SMP: stop this CPU's tick (its line goes low) until
 * arch_timer_resume_cpu() starts it again, one interval from then: an
 * idle secondary CPU sleeps until an IPI or its user timer. */
void arch_timer_stop_cpu(void);
void arch_timer_resume_cpu(void);

/* Acknowledge one tick at the timer and arm the next one. */
void arch_timer_rearm(void);

/* Make the next tick due now, so its interrupt is raised at once; the
 * ticks after it keep their interval. */
void arch_timer_expire_now(void);

/*
 * The user timer: the EL1 physical timer, which the kernel does not use,
 * lent to the holder of the IRQHandler capability of its line
 * (irq_handler_set_deadline). arch_utimer_line() is that line (~0u: the
 * board has none); arch_utimer_set() makes it fire once the virtual
 * count (what user space reads, arch_counter_read()) reaches @deadline,
 * at once if it has; arch_utimer_stop() disarms it and lowers its line.
 * arch_utimer_due() says whether an interrupt of the line is the
 * deadline reached: false when the timer is disarmed or its condition is
 * not met (a stale or spurious interrupt), and false, with the timer
 * armed again for the rest, when the physical compare was met before the
 * virtual count reached the deadline.
 */
unsigned int arch_utimer_line(void);
void arch_utimer_set(uint64_t deadline);
bool arch_utimer_due(void);
void arch_utimer_stop(void);

/* Free-running counter and its frequency in Hz. */
uint64_t arch_counter_read(void);
uint64_t arch_counter_freq(void);

#endif /* KAAL_ARCH_TIMER_H */
