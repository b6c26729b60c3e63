// SPDX-License-Identifier: BSD-2-Clause
/*
 * System calls that do not move a message:
 *
 *   null_syscall    an unknown system call number, from svc to the eret
 *                   that returns KAAL_E_INVALID_SYSCALL to the caller
 *   yield_self      yield with no other thread at the caller's priority
 *                   (the caller runs on)
 *   yield           one-way yield to another thread of the same priority
 *                   in the same address space: from B's svc to A's
 *                   return from its own earlier yield (sel4bench
 *                   "yield to thread")
 *   yield_process   the same with B in the second address space
 *   context_switch  two threads ping-ponging with yield, per switch: from
 *                   A's return from yield to B's, so including the loop
 *                   and stamp code of A between them (no overhead
 *                   subtracted)
 *   signal_high     signal to a notification a higher-priority thread
 *                   waits on: from the signaller's svc to the waiter's
 *                   return from wait (same address space)
 */
#include "bench.h"

#define LOOPS	(BENCH_RUNS + 1)	/* each yielder: one more than counted */

static void null_syscall(void)
{
	kaal_word_t ret = KAAL_E_INVALID_SYSCALL;

	bench_reset();
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		kaal_word_t r = bench_syscall(BENCH_NULL_SYSCALL, 0, 0, 0, 0, 0,
					      0, 0, &shared->s[0][i],
					      &shared->s[1][i]);

		if (r != KAAL_E_INVALID_SYSCALL)
			ret = r;
	}
	if (ret != KAAL_E_INVALID_SYSCALL)
		stats_fail("null_syscall", "the unknown number returned", (long)ret);
	else
		stats_report("null_syscall", shared->s[0], shared->s[1]);
}

static void yield_self(void)
{
	bench_reset();
	for (unsigned int i = 0; i < BENCH_RUNS; i++)
		bench_syscall(KAAL_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0,
			      &shared->s[0][i], &shared->s[1][i]);
	stats_report("yield_self", shared->s[0], shared->s[1]);
}

/* Yielder A: series 0 (start) and 1 (end); it ends the benchmark. */
static void yield_a(kaal_word_t arg)
{
	(void)arg;
	for (unsigned int i = 0; i < LOOPS; i++)
		bench_syscall(KAAL_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0,
			      &shared->s[0][i], &shared->s[1][i]);
	kaal_signal(bench_done);
}

/* Yielder B: series 2 and 3. It may run in the second address space, so
 * it never returns (the root task suspends it). */
static void yield_b(kaal_word_t arg)
{
	(void)arg;
	for (unsigned int i = 0; i < LOOPS; i++)
		bench_syscall(KAAL_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0,
			      &shared->s[2][i], &shared->s[3][i]);
	for (;;)
		kaal_yield();
}

/*
 * A runs first: A yields (0), B starts and yields (0), A returns (0) and
 * yields (1), B returns (0) ... So B's yield i ends in A's return i
 * (series 2 -> 1) and A's return i is followed by B's return i
 * (series 1 -> 3).
 */
static void yields(struct bench_env *env, struct bench_space *s)
{
	enum kaal_error err;

	bench_reset();
	err = bench_start(env, 0, yield_a, 0, PRIO_LOW);
	if (!err)
		err = bench_start(env, 1, yield_b, 0, PRIO_LOW);
	if (err) {
		stats_fail("yield", "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	stats_report("yield", shared->s[2], shared->s[1]);
	stats_report_raw("context_switch", shared->s[1], shared->s[3],
			 BENCH_WARMUP, BENCH_RUNS);

	bench_reset();
	err = bench_start(env, 0, yield_a, 0, PRIO_LOW);
	if (!err)
		err = space_start(s, yield_b, 0, PRIO_LOW);
	if (err) {
		stats_fail("yield_process", "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	kaal_thread_suspend(s->tcb);
	stats_report("yield_process", shared->s[2], shared->s[1]);
}

/* The waiter (higher priority): series 1, the end stamps. */
static void ntfn_waiter(kaal_word_t ntfn)
{
	for (unsigned int i = 0; i < BENCH_RUNS; i++)
		bench_check(1, bench_syscall(KAAL_SYS_WAIT, ntfn, 0, 0, 0, 0, 0,
					     0, NULL, &shared->s[1][i]));
}

/* The signaller: series 0, the start stamps. Each signal runs the waiter
 * until it waits again. */
static void ntfn_signaller(kaal_word_t ntfn)
{
	for (unsigned int i = 0; i < BENCH_RUNS; i++)
		bench_check(0, bench_syscall(KAAL_SYS_SIGNAL, ntfn, 0, 0, 0, 0, 0,
					     0, &shared->s[0][i], NULL));
	kaal_signal(bench_done);
}

static void signal_high(struct bench_env *env)
{
	struct kaal_cap_ret ntfn = kaal_alloc_object(&env->a,
						     KAAL_OBJ_NOTIFICATION, 0);
	enum kaal_error err = ntfn.error;

	bench_reset();
	if (!err)
		err = bench_start(env, 1, ntfn_waiter, ntfn.cap, PRIO_HIGH);
	if (!err)
		err = bench_start(env, 0, ntfn_signaller, ntfn.cap, PRIO_LOW);
	if (err) {
		stats_fail("signal_high", "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	if (!bench_failed("signal_high"))
		stats_report("signal_high", shared->s[0], shared->s[1]);
}

void bench_sched(struct bench_env *env, struct bench_space *s)
{
	null_syscall();
	yield_self();
	yields(env, s);
	signal_high(env);
}
