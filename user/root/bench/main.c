// SPDX-License-Identifier: BSD-2-Clause
/*
 * The benchmark root task: sets up the threads, the second address space
 * and the shared pages, runs every benchmark, prints one "BENCH" line per
 * operation between "BENCH_BEGIN" and "BENCH_END", and powers off.
 * scripts/bench.py (`make bench`) runs it and collects the lines.
 *
 * While a benchmark runs, the root task (priority 255) waits on the done
 * notification, so only the benchmark's own threads are runnable.
 */
#include <stdio.h>
#include <libkaal/strerror.h>
#include <libkaal/vspace.h>
#include "bench.h"

kaal_cptr_t bench_done;

enum kaal_error bench_start(struct bench_env *env, unsigned int i,
			    kaal_thread_fn *fn, kaal_word_t arg,
			    unsigned int prio)
{
	struct kaal_thread *t = &env->thread[i];
	enum kaal_error err = kaal_thread_suspend(t->tcb);

	if (!err)
		err = kaal_tcb_set_priority(t->tcb, KAAL_CAP_INIT_TCB, prio);
	if (!err)
		err = kaal_thread_start(t, fn, arg);
	return err;
}

void bench_wait_done(struct bench_env *env)
{
	kaal_wait(env->done);
	for (unsigned int i = 0; i < BENCH_THREADS; i++)
		kaal_thread_suspend(env->thread[i].tcb);
}

void bench_reset(void)
{
	for (unsigned int i = 0; i < 4; i++) {
		shared->err[i] = 0;
		for (unsigned int j = 0; j <= BENCH_RUNS; j++)
			shared->s[i][j] = (struct stamp){ 0, 0 };
	}
}

int bench_failed(const char *name)
{
	for (unsigned int i = 0; i < 4; i++)
		if (shared->err[i]) {
			stats_fail(name, "system call failed",
				   (long)shared->err[i]);
			return 1;
		}
	return 0;
}

/* The shared pages, mapped in the root task's VSpace; space.c maps copies
 * of the same capabilities in the second address space. */
static enum kaal_error map_shared(struct bench_env *env)
{
	for (unsigned int i = 0; i < SHARED_PAGES; i++) {
		struct kaal_cap_ret p = kaal_vspace_new_page(
			&env->a, VSPACE, SHARED_VADDR + i * KAAL_PAGE_SIZE, RW);

		if (p.error)
			return p.error;
		env->shared_page[i] = p.cap;
	}
	return KAAL_OK;
}

static enum kaal_error setup(struct bench_env *env)
{
	struct kaal_cap_ret done =
		kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
	enum kaal_error err;

	if (done.error)
		return done.error;
	env->done = bench_done = done.cap;
	err = map_shared(env);
	for (unsigned int i = 0; !err && i < BENCH_THREADS; i++)
		err = kaal_thread_create(&env->a, &env->thread[i], 0);
	return err;
}

int main(struct kaal_bootinfo *bi)
{
	static struct bench_env env;
	static struct bench_space space;
	enum kaal_error err;

	env.bi = bi;
	kaal_alloc_init(&env.a, bi);
	printf("BENCH_BEGIN fastpath=%u debug_kernel=%u hz=%u sched=%s "
	       "fpu=%s warmup=%d iters=%d cpus=%u board=%s\n",
	       bi->config.fastpath, bi->config.debug_kernel, bi->config.hz,
	       bi->config.sched ? "fixed-priority" : "round-robin",
	       bi->config.fpu_eager ? "eager" : "lazy", BENCH_WARMUP,
	       BENCH_ITERS, bi->config.nr_cpus, bi->board);
	err = setup(&env);
	if (!err)
		err = space_create(&env, &space);
	if (err) {
		stats_fail("setup", "cannot set up the benchmarks", err);
		puts("BENCH_END");
		return 1;
	}
	if (bench_smp_scale_only(&env)) {
		bench_smp_scale(&env);
		puts("BENCH_END");
		return 0;
	}
	stats_init();
	bench_sched(&env, &space);
	bench_ipc(&env, &space);
	bench_irq(&env);
	bench_vm(&env);
	bench_ring(&env, &space);
	bench_queue(&env, &space);
	bench_foreign(&env, &space);
	bench_smp(&env);
	puts("BENCH_END");
	return 0;
}
