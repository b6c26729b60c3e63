// SPDX-License-Identifier: GPL-2.0-only
/*
 * Choosing the thread to run and leaving the kernel. The kernel has one
 * stack and never blocks inside itself: every entry from user space ends
 * here, in the thread the scheduler picks (or the idle loop).
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/fpu.h>
#include <kaal/arch/thread.h>
#include <kaal/arch/timer.h>
#include <kaal/irq.h>
#include <kaal/irqhandler.h>
#include <kaal/printk.h>
#include <kaal/smp.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>

/* True while the CPU idles: ticks then charge nobody's time slice (the
 * last thread to run may belong to a domain whose window is over). */
static bool idling[NR_CPUS];
/* Counter ticks spent waiting for interrupts since boot (debug_idle:
 * under QEMU's -icount, the rest of the time is instructions executed). */
static uint64_t idle_ticks[NR_CPUS];

uint64_t thread_idle_ticks(void)
{
	return idle_ticks[this_cpu()];
}

static struct tcb *tcb_of(struct sched_node *n)
{
	return (struct tcb *)((uintptr_t)n - offsetof(struct tcb, sched));
}

/* Nothing is runnable and no interrupt is bound to a notification: no
 * thread can ever run again. Say so, and power off if configured to. */
static void check_dead_system(void)
{
	static bool reported;

	if (!sched_all_idle() || irqhandler_any_bound() || reported)
		return;
	reported = true;
	pr_info("KaaL: no thread can run any more (all blocked or suspended, "
		"no interrupt bound)%s\n",
		IS_ENABLED(CONFIG_POWEROFF_WHEN_DEAD) ? ": powering off" : "");
	if (IS_ENABLED(CONFIG_POWEROFF_WHEN_DEAD))
		arch_power_off();
}

/* One wait for an interrupt, counted in idle_ticks. Out of line: the
 * switch to a runnable thread, which inlines pick_or_idle, keeps its
 * registers to itself. */
static __noinline void idle_wait(void)
{
	unsigned int cpu = this_cpu();
	uint64_t start;

	check_dead_system();
	idling[cpu] = true;
	start = arch_counter_read();
#ifdef CONFIG_SMP
	/* Wait without the big kernel lock, with IRQs still masked (a
	 * pending one ends the wait all the same), and take it back before
	 * the interrupt is taken. A CPU other than 0 (which counts the
	 * ticks and drives the domains) stops its tick while it idles: a
	 * thread made runnable on it, a stall and a domain switch all come
	 * with an IPI, and a CPU that woke for every tick only to find
	 * nothing to do would spin for the lock against the CPUs doing work
	 * (Documentation/smp.rst, "Idle"). */
	if (cpu)
		arch_timer_stop_cpu();
	kernel_unlock();
	arch_wait_for_interrupt();
	kernel_relock_idle();
	if (cpu)
		arch_timer_resume_cpu();
	arch_irq_take_pending();
#else
	arch_irq_on();
	arch_wait_for_interrupt();
	arch_irq_off();
#endif
	idle_ticks[cpu] += arch_counter_read() - start;
	idling[cpu] = false;
}

/* Idle until some thread is runnable: with nothing queued the kernel
 * waits for interrupts (timer, devices) with IRQs unmasked. */
static struct tcb *pick_or_idle(void)
{
	struct sched_node *n;

	while (!(n = sched_pick()))
		idle_wait();
	return tcb_of(n);
}

void thread_exit_to_user(void)
{
	struct tcb *next = pick_or_idle();

	if (next != current) {
		arch_tls_switch(current, next);
		current = next;
		vspace_activate(next);
	}
	arch_fpu_switch(next);
	arch_return_to_user(&next->ctx);
}

/* The running thread gives up the rest of its slice. */
void thread_yield(void)
{
	struct tcb *t = current;

	if (!t || t->state != TS_RUNNABLE)
		return;
	sched_dequeue(&t->sched);
	t->timeslice = CONFIG_SCHED_TIMESLICE_TICKS;
	sched_enqueue(&t->sched);
}

void thread_timer_tick(void)
{
	struct tcb *t = idling[this_cpu()] ? NULL : current;

	if (this_cpu() == 0 && domain_tick() && NR_CPUS > 1)
		smp_kick_others();
	if (!t || t->state != TS_RUNNABLE)
		return;
	if (t->timeslice > 1) {
		t->timeslice--;
		return;
	}
	thread_yield();
}
