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
 *   context_switch_fp
 *                   the same with two threads that both use FP/SIMD: each
 *                   checks, after its yield returns, the value it left in
 *                   d16 and puts a new one there before yielding again
 *                   (with lazy switching, the check traps)
 *   context_switch_fp_idle
 *                   the same two threads, FP users since they set d16
 *                   once, ping-ponging without touching FP
 *   signal_high     signal to a notification a higher-priority thread
 *                   waits on: from the signaller's svc to the waiter's
 *                   return from wait (same address space)
 */
#include <stdio.h>
#include "bench.h"

#define LOOPS (BENCH_RUNS + 1) /* each yielder: one more than counted */

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
		stats_fail("null_syscall", "the unknown number returned",
			   (long)ret);
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

/* FP/SIMD register d16 (bench.h keeps the compiler off FP registers, so
 * only these touch it). */
static inline uint64_t fp_get(void)
{
	uint64_t v;

	__asm__ volatile("fmov %0, d16" : "=r"(v));
	return v;
}

static inline void fp_set(uint64_t v)
{
	__asm__ volatile("fmov d16, %0" : : "r"(v) : "v16");
}

static volatile unsigned int fp_lost[2]; /* wrong d16 after a yield */

/*
 * One FP yielder: the yield loop of yield_a/yield_b. It puts a value in
 * d16 first, which makes it an FP user. If touch, d16 is set to token + i
 * before yield i and checked when it returns; if not, FP is left alone
 * until the end.
 */
static void fp_yields(unsigned int me, uint64_t token, kaal_word_t touch)
{
	uint64_t v = token;

	fp_set(v);
	for (unsigned int i = 0; i < LOOPS; i++) {
		if (touch)
			fp_set(v = token + i);
		bench_syscall(KAAL_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0,
			      &shared->s[2 * me][i], &shared->s[2 * me + 1][i]);
		if (touch && fp_get() != v)
			fp_lost[me]++;
	}
	if (fp_get() != v)
		fp_lost[me]++;
}

static void yield_fp_a(kaal_word_t touch)
{
	fp_yields(0, 0xa000, touch);
	kaal_signal(bench_done);
}

static void yield_fp_b(kaal_word_t touch)
{
	fp_yields(1, 0xb000, touch);
	for (;;)
		kaal_yield();
}

/* context_switch between two FP users, the stamps as in yields(): each
 * uses FP between its yields (context_switch_fp) or has used it before
 * and does not now (context_switch_fp_idle). */
static void yields_fp(struct bench_env *env, const char *name,
		      kaal_word_t touch)
{
	enum kaal_error err;

	bench_reset();
	fp_lost[0] = fp_lost[1] = 0;
	err = bench_start(env, BENCH_FP_THREAD, yield_fp_a, touch, PRIO_LOW);
	if (!err)
		err = bench_start(env, BENCH_FP_THREAD + 1, yield_fp_b, touch,
				  PRIO_LOW);
	if (err) {
		stats_fail(name, "cannot start the threads", err);
		return;
	}
	bench_wait_done(env);
	if (fp_lost[0] || fp_lost[1])
		printf("BENCH_FAIL %s d16 lost across a switch %u times\n",
		       name, fp_lost[0] + fp_lost[1]);
	else
		stats_report_raw(name, shared->s[1], shared->s[3], BENCH_WARMUP,
				 BENCH_RUNS);
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
		bench_check(0, bench_syscall(KAAL_SYS_SIGNAL, ntfn, 0, 0, 0, 0,
					     0, 0, &shared->s[0][i], NULL));
	kaal_signal(bench_done);
}

static void signal_high(struct bench_env *env)
{
	struct kaal_cap_ret ntfn =
		kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
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
	yields_fp(env, "context_switch_fp", 1);
	yields_fp(env, "context_switch_fp_idle", 0);
	signal_high(env);
}
