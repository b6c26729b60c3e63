// SPDX-License-Identifier: BSD-2-Clause
/*
 * Several CPUs (CONFIG_SMP, Documentation/smp.rst), when the kernel runs
 * threads on more than one. Every thread here is in the root task's
 * address space, at PRIO_LOW, placed with tcb_set_affinity.
 *
 * Under -icount (scripts/bench.py's "smp" build) QEMU runs the CPUs one
 * at a time, round robin, and the instruction counter is the machine's:
 * a figure is every instruction any CPU executed between the two stamps
 * (a CPU sleeping in WFI executes none), read on the measuring thread's
 * own CPU.
 *
 *   smp_ipc_rtt_same     call and reply, client and server both on CPU 0:
 *                        from the client's svc to its return from call
 *   smp_ipc_rtt_cross    the same with the server on CPU 1: the call
 *                        wakes it with an IPI, the reply wakes the client
 *                        with another
 *   smp_signal_rtt_same  signal a thread waiting on a notification, which
 *                        signals back: from the first svc to the return
 *                        from the wait for the answer, both on CPU 0
 *   smp_signal_rtt_cross the same with the other thread on CPU 1: two
 *                        remote wake-ups
 *
 * Scaling (bench_smp_scale), on a boot without -icount whose command line
 * says "bench.scale" (QEMU's multi-threaded TCG, one host thread per CPU):
 * N independent client/server pairs, pair i on CPU i, each client calling
 * its own server for a fixed window of virtual-counter time; the total of
 * round trips for N = 1, 2, 4 (as far as the CPUs go). Between two calls
 * a client spins 0, 2,000 or 20,000 times around an empty loop: user
 * time, which runs in parallel, against kernel time, which takes turns
 * under the big kernel lock (sel4bench's smp benchmark varies the same
 * thing). One "BENCH_SCALE" line per run. These are wall-clock figures
 * of the host that ran QEMU, not instruction counts: they vary between
 * runs and hosts, and N CPUs only run at once on a host with N cores
 * free for QEMU's threads.
 */
#include <stdio.h>
#include <string.h>
#include <libdriver/dt.h>
#include "bench.h"

#define SMP_THREADS	8 /* 4 pairs */
#define SCALE_WINDOW_MS 400
#define SCALE_START_MS	50 /* from the root task's go to the window */

static struct kaal_thread smp_thread[SMP_THREADS];
static unsigned int smp_threads_made;
static kaal_cptr_t smp_ep[SMP_THREADS / 2], smp_ntfn[2];

/* Start smp_thread[i] on @cpu: fn(arg) at PRIO_LOW. */
static enum kaal_error smp_start(unsigned int i, unsigned int cpu,
				 kaal_thread_fn *fn, kaal_word_t arg)
{
	struct kaal_thread *t = &smp_thread[i];
	enum kaal_error err = kaal_thread_suspend(t->tcb);

	if (!err)
		err = kaal_tcb_set_priority(t->tcb, KAAL_CAP_INIT_TCB,
					    PRIO_LOW);
	if (!err)
		err = kaal_tcb_set_affinity(t->tcb, KAAL_CAP_INIT_TCB, cpu);
	if (!err)
		err = kaal_thread_start(t, fn, arg);
	return err;
}

static void smp_stop(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		kaal_thread_suspend(smp_thread[i].tcb);
}

/* ---- round trips, under -icount ----------------------------------------- */

static void rtt_client(kaal_word_t arg)
{
	(void)arg;
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		kaal_word_t r = bench_syscall(KAAL_SYS_CALL, smp_ep[0], 0, 0, 0,
					      0, 0, 0, &shared->s[0][i],
					      &shared->s[1][i]);

		if (r && !shared->err[0])
			shared->err[0] = r;
	}
	kaal_signal(bench_done);
}

static void rtt_server(kaal_word_t arg)
{
	struct kaal_msg reply = { .info = 0 };

	(void)arg;
	kaal_recv(smp_ep[0]);
	for (;;)
		kaal_reply_recv(smp_ep[0], &reply);
}

/* The signaller: stamp, signal the other, wait for its answer, stamp. */
static void ping(kaal_word_t arg)
{
	(void)arg;
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		kaal_word_t r;

		bench_stamp(&shared->s[0][i]);
		r = kaal_signal(smp_ntfn[0]);
		if (!r)
			r = kaal_wait(smp_ntfn[1]).error;
		bench_stamp(&shared->s[1][i]);
		if (r && !shared->err[0])
			shared->err[0] = r;
	}
	kaal_signal(bench_done);
}

static void pong(kaal_word_t arg)
{
	(void)arg;
	for (;;) {
		kaal_wait(smp_ntfn[0]);
		kaal_signal(smp_ntfn[1]);
	}
}

/* One round-trip figure: @serve on @cpu, @measure on CPU 0. */
static void rtt(struct bench_env *env, const char *name, kaal_thread_fn *serve,
		kaal_thread_fn *measure, unsigned int cpu)
{
	enum kaal_error err;

	bench_reset();
	err = smp_start(1, cpu, serve, 0);
	if (!err)
		err = smp_start(0, 0, measure, 0);
	if (err) {
		smp_stop(2);
		stats_fail(name, "cannot start the threads", err);
		return;
	}
	kaal_wait(env->done);
	smp_stop(2);
	if (!bench_failed(name))
		stats_report(name, shared->s[0], shared->s[1]);
}

/* ---- scaling, without -icount ------------------------------------------ */

static struct {
	volatile uint64_t go, end; /* the window, in counter ticks */
	volatile uint64_t delay;   /* loop iterations between calls */
	volatile uint64_t count[SMP_THREADS / 2];
	unsigned int finished;
} scale;

static void scale_client(kaal_word_t pair)
{
	uint64_t n = 0;

	while (counter_ticks() < scale.go)
		;
	for (;;) {
		struct kaal_msg msg = { .info = 0 };

		kaal_call(smp_ep[pair], &msg);
		n++;
		for (uint64_t d = scale.delay; d; d--)
			__asm__ volatile("" ::: "memory");
		if (!(n & 15) && counter_ticks() >= scale.end)
			break;
	}
	scale.count[pair] = n;
	__atomic_fetch_add(&scale.finished, 1, __ATOMIC_RELEASE);
	kaal_signal(bench_done);
}

static void scale_server(kaal_word_t pair)
{
	struct kaal_msg reply = { .info = 0 };

	kaal_recv(smp_ep[pair]);
	for (;;)
		kaal_reply_recv(smp_ep[pair], &reply);
}

static void scale_run(struct bench_env *env, unsigned int pairs,
		      unsigned int delay)
{
	uint64_t f = counter_frequency(), total = 0;
	enum kaal_error err = KAAL_OK;

	memset((void *)&scale, 0, sizeof(scale));
	scale.delay = delay;
	scale.go = counter_ticks() + f * SCALE_START_MS / 1000;
	scale.end = scale.go + f * SCALE_WINDOW_MS / 1000;
	for (unsigned int p = 0; !err && p < pairs; p++) {
		err = smp_start(2 * p + 1, p, scale_server, p);
		if (!err)
			err = smp_start(2 * p, p, scale_client, p);
	}
	if (err) {
		smp_stop(2 * pairs);
		stats_fail("smp_scale", "cannot start the threads", err);
		return;
	}
	while (__atomic_load_n(&scale.finished, __ATOMIC_ACQUIRE) < pairs)
		kaal_wait(env->done);
	smp_stop(2 * pairs);
	for (unsigned int p = 0; p < pairs; p++)
		total += scale.count[p];
	printf("BENCH_SCALE pairs=%u delay=%u round_trips=%lu window_ms=%d "
	       "late_ms=%lu\n",
	       pairs, delay, (unsigned long)total, SCALE_WINDOW_MS,
	       (unsigned long)((counter_ticks() - scale.end) * 1000 / f));
}

/* ---- setup -------------------------------------------------------------- */

static enum kaal_error smp_setup(struct bench_env *env)
{
	for (unsigned int i = 0; i < SMP_THREADS / 2; i++) {
		struct kaal_cap_ret ep =
			kaal_alloc_object(&env->a, KAAL_OBJ_ENDPOINT, 0);

		if (ep.error)
			return ep.error;
		smp_ep[i] = ep.cap;
	}
	for (unsigned int i = 0; i < 2; i++) {
		struct kaal_cap_ret n =
			kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);

		if (n.error)
			return n.error;
		smp_ntfn[i] = n.cap;
	}
	for (; smp_threads_made < SMP_THREADS; smp_threads_made++) {
		enum kaal_error err = kaal_thread_create(
			&env->a, &smp_thread[smp_threads_made], 0);

		if (err)
			return err;
	}
	return KAAL_OK;
}

bool bench_smp_scale_only(struct bench_env *env)
{
	struct dt dt;
	int chosen;
	const char *args;

	if (env->bi->config.nr_cpus < 2 ||
	    dt_init(&dt, (const void *)env->bi->dtb_vaddr, env->bi->dtb_size))
		return false;
	chosen = dt_path(&dt, "/chosen");
	args = chosen < 0 ? NULL : dt_prop_string(&dt, chosen, "bootargs");
	return args && strstr(args, "bench.scale");
}

void bench_smp(struct bench_env *env)
{
	enum kaal_error err;

	if (env->bi->config.nr_cpus < 2)
		return;
	err = smp_setup(env);
	if (err) {
		stats_fail("smp_ipc_rtt_same", "cannot set up", err);
		return;
	}
	rtt(env, "smp_ipc_rtt_same", rtt_server, rtt_client, 0);
	rtt(env, "smp_ipc_rtt_cross", rtt_server, rtt_client, 1);
	rtt(env, "smp_signal_rtt_same", pong, ping, 0);
	rtt(env, "smp_signal_rtt_cross", pong, ping, 1);
}

void bench_smp_scale(struct bench_env *env)
{
	static const unsigned int delays[] = { 0, 2000, 20000 };
	enum kaal_error err = smp_setup(env);

	if (err) {
		stats_fail("smp_scale", "cannot set up", err);
		return;
	}
	for (unsigned int d = 0; d < sizeof(delays) / sizeof(delays[0]); d++)
		for (unsigned int n = 1;
		     n <= env->bi->config.nr_cpus && n <= SMP_THREADS / 2;
		     n *= 2)
			scale_run(env, n, delays[d]);
}
