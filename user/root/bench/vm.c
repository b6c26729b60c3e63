// SPDX-License-Identifier: BSD-2-Clause
/*
 * Memory management calls, each from its svc to the eret back to the
 * root task:
 *
 *   map      memory_map of a 4 KiB page, read-write, where the page tables
 *            already exist
 *   unmap    memory_unmap of that page (including the TLB invalidation)
 *   retype   retype of one 4 KiB page from a 4 KiB untyped (the kernel
 *            zeroes it); the page capability is deleted between
 *            iterations, outside the measurement, which returns the
 *            untyped's watermark to 0
 */
#include <libkaal/vspace.h>
#include "bench.h"

static void map_unmap(struct bench_env *env)
{
	struct kaal_cap_ret page = kaal_alloc_object(&env->a, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = kaal_alloc_vaddr(&env->a, 1);
	enum kaal_error err = page.error;

	/* Map once to make the page tables, which then stay. */
	if (!err)
		err = kaal_vspace_map(&env->a, VSPACE, page.cap, va, RW);
	if (!err)
		err = kaal_memory_unmap(page.cap);
	if (err) {
		stats_fail("map", "cannot map a page", err);
		return;
	}
	bench_reset();
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		bench_check(0,
			    bench_syscall(KAAL_SYS_MEMORY_MAP, page.cap, VSPACE,
					  va, RW, 0, 0, 0, &shared->s[0][i],
					  &shared->s[1][i]));
		bench_check(1, bench_syscall(KAAL_SYS_MEMORY_UNMAP, page.cap, 0,
					     0, 0, 0, 0, 0, &shared->s[2][i],
					     &shared->s[3][i]));
	}
	if (bench_failed("map"))
		return;
	stats_report("map", shared->s[0], shared->s[1]);
	stats_report("unmap", shared->s[2], shared->s[3]);
}

static void retype(struct bench_env *env)
{
	struct kaal_cap_ret ut =
		kaal_alloc_object(&env->a, KAAL_OBJ_UNTYPED, KAAL_PAGE_BITS);
	struct kaal_cap_ret slot = kaal_alloc_slot(&env->a);

	if (ut.error || slot.error) {
		stats_fail("retype", "no untyped memory or slot",
			   ut.error ? ut.error : slot.error);
		return;
	}
	bench_reset();
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		bench_check(0, bench_syscall(KAAL_SYS_RETYPE, ut.cap,
					     KAAL_OBJ_PAGE, 0, CNODE, DEPTH,
					     slot.cap, 1, &shared->s[0][i],
					     &shared->s[1][i]));
		bench_check(1, kaal_cap_delete(CNODE, slot.cap, DEPTH));
	}
	if (!bench_failed("retype"))
		stats_report("retype", shared->s[0], shared->s[1]);
}

void bench_vm(struct bench_env *env)
{
	map_unmap(env);
	retype(env);
}
