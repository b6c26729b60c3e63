// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzzed calls on threads: configure, priorities, registers, bound
 * notifications, suspend and resume, domains, system call mode, and
 * starting workers.
 *
 * A thread's IPC buffer is mostly its worker's RAM frame (through the
 * capability that maps it or an unmapped copy), sometimes none (IPC then
 * carries no capabilities to or from it), and sometimes a frame the
 * kernel must refuse: read-only, device memory, or a pool page of any
 * kind.
 */
#include "fuzz.h"

#define R (&fz.rng)

static unsigned int worker_index(void)
{
	return (unsigned int)fz_below(R, FZ_WORKERS);
}

/* A fault endpoint badged with FZ_BADGE_MIN + the worker's index, in a
 * pool slot, so the fuzzer knows whose fault it receives; 0 when none
 * can be made. */
static kaal_cptr_t fault_ep(unsigned int i)
{
	kaal_cptr_t ep = fz_cap(R, KAAL_OBJ_ENDPOINT), d = fz_empty(R);

	if (fz_aux(kaal_cap_mint(CNODE, d, DEPTH, CNODE, ep, DEPTH,
				 KAAL_RIGHTS_ALL, FZ_BADGE_MIN + i)))
		return 0;
	fz_shadow_set(d, KAAL_OBJ_ENDPOINT, 0);
	return d;
}

/* The IPC buffer frame to give a thread running on worker @w. */
static kaal_cptr_t ipc_frame(const struct fz_worker *w)
{
	unsigned int r = (unsigned int)fz_below(R, 100);

	if (r < 50)
		return w->ipc_frame;
	if (r < 75)
		return w->ipc_mapped;
	if (r < 85)
		return 0;
	if (r < 90)
		return w->ipc_readonly;
	if (r < 95)
		return fz.device_frame;
	return fz_cap(R, KAAL_OBJ_PAGE);
}

static kaal_word_t priority(void)
{
	if (fz_chance(R, 5))
		return fz_below(R, 512);
	return fz.max_prio - fz_below(R, 3);
}

int fz_spawn(kaal_cptr_t tcb, unsigned int i, int counted)
{
	struct fz_worker *w = &fz.wk[i];
	kaal_cptr_t ep = fault_ep(i);
	int err;

	/* Two threads on one stack would corrupt each other (and perhaps
	 * the fuzzer): stop the context's previous thread first. */
	if (w->tcb && w->tcb != tcb)
		fz_aux(kaal_thread_suspend(w->tcb));
	err = kaal_tcb_configure(tcb, ep, CNODE, KAAL_CAP_INIT_VSPACE,
				 w->ipc_vaddr, ipc_frame(w));
	if (!err)
		err = kaal_tcb_set_priority(tcb, KAAL_CAP_INIT_TCB,
					    fz.max_prio);
	if (!err)
		err = kaal_tcb_write_registers(
			tcb, 1, (kaal_word_t)kaal_thread_entry, w->stack_top,
			(kaal_word_t)fz_worker_main, i, tcb);
	if (!err)
		w->tcb = tcb;
	if (counted)
		fz_rec(FAM_TCB, "spawn", err, tcb, i, ep);
	else
		fz_aux(err);
	return err;
}

static void op_spawn(void)
{
	fz_spawn(fz_cap(R, KAAL_OBJ_TCB), worker_index(), 1);
}

static void op_configure(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	struct fz_worker *w = &fz.wk[worker_index()];
	kaal_cptr_t ep = fz_chance(R, 20) ? 0 : fz_cap(R, KAAL_OBJ_ENDPOINT);
	kaal_cptr_t cs = fz_chance(R, 70) ? CNODE : fz_cap(R, KAAL_OBJ_CNODE);
	kaal_cptr_t vs = fz_chance(R, 70) ? KAAL_CAP_INIT_VSPACE :
					    fz_cap(R, KAAL_OBJ_VSPACE);
	kaal_word_t va = w->ipc_vaddr;

	if (fz_chance(R, 5))
		va = fz_chance(R, 50) ? va + 8 : fz_next(R);
	fz_rec(FAM_TCB, "configure",
	       kaal_tcb_configure(tcb, ep, cs, vs, va, ipc_frame(w)), tcb, ep,
	       cs);
}

static void op_set_priority(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_cptr_t auth = fz_chance(R, 80) ? KAAL_CAP_INIT_TCB :
					      fz_cap(R, KAAL_OBJ_TCB);
	kaal_word_t p = priority();

	fz_rec(FAM_TCB, "set_priority", kaal_tcb_set_priority(tcb, auth, p),
	       tcb, auth, p);
}

static void op_set_mcp(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_cptr_t auth = fz_chance(R, 80) ? KAAL_CAP_INIT_TCB :
					      fz_cap(R, KAAL_OBJ_TCB);
	kaal_word_t p = priority();

	fz_rec(FAM_TCB, "set_mcp", kaal_tcb_set_mcp(tcb, auth, p), tcb, auth,
	       p);
}

/* Move a thread to a CPU (often one that exists, now and then one that
 * does not: KAAL_E_RANGE), or give a TCB some CPUs as an authority (a
 * mask beyond the authority's: KAAL_E_NO_RIGHTS). */
static void op_affinity(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_cptr_t auth = fz_chance(R, 80) ? KAAL_CAP_INIT_TCB :
					      fz_cap(R, KAAL_OBJ_TCB);
	kaal_word_t cpu = fz_chance(R, 10) ? fz_next(R) : fz_below(R, 9);

	if (fz_chance(R, 4))
		fz_rec(FAM_TCB, "set_cpus",
		       kaal_tcb_set_cpus(tcb, auth, fz_below(R, 256)), tcb,
		       auth, cpu);
	else
		fz_rec(FAM_TCB, "set_affinity",
		       kaal_tcb_set_affinity(tcb, auth, cpu), tcb, auth, cpu);
}

/* Restart a thread as a worker (most of the time), or send it to an
 * address where it faults at once. */
static void op_write_registers(void)
{
	static const kaal_word_t bad_pc[] = {
		0, 4, 0xdead0000, FZ_VA_BASE, 0xffff000000000000ul, 3,
	};
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	unsigned int i = worker_index();
	kaal_word_t pc = (kaal_word_t)kaal_thread_entry,
		    sp = fz.wk[i].stack_top;
	int err;

	if (fz_chance(R, 20))
		pc = bad_pc[fz_below(R, ARRAY_SIZE(bad_pc))];
	if (fz_chance(R, 5))
		sp = fz_next(R);
	err = kaal_tcb_write_registers(tcb, fz_below(R, 2), pc, sp,
				       (kaal_word_t)fz_worker_main, i, tcb);
	fz_rec(FAM_TCB, "write_registers", err, tcb, pc, sp);
}

static void op_read_registers(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);

	fz_rec(FAM_TCB, "read_registers", kaal_tcb_read_registers(tcb).error,
	       tcb, 0, 0);
}

/* A thread's FP/SIMD registers: read, or written from whatever the IPC
 * buffer holds, with a status word that is often valid, now and then
 * anything (bits a program may not set: KAAL_E_INVALID_ARG). */
static void op_fp_registers(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_word_t status = fz_chance(R, 4) ? fz_next(R) :
					       fz_next(R) & KAAL_FP_STATUS_USER;

	if (fz_chance(R, 2))
		fz_rec(FAM_TCB, "read_fp_registers",
		       kaal_tcb_read_fp_registers(tcb).error, tcb, 0, 0);
	else
		fz_rec(FAM_TCB, "write_fp_registers",
		       kaal_tcb_write_fp_registers(tcb, status), tcb, status,
		       0);
}

static void op_bind(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_cptr_t n = fz_chance(R, 10) ? 0 : fz_cap(R, KAAL_OBJ_NOTIFICATION);

	fz_rec(FAM_TCB, "bind_notification", kaal_tcb_bind_notification(tcb, n),
	       tcb, n, 0);
}

static void op_suspend(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);

	fz_rec(FAM_TCB, "suspend", kaal_thread_suspend(tcb), tcb, 0, 0);
}

static void op_resume(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);

	fz_rec(FAM_TCB, "resume", kaal_thread_resume(tcb), tcb, 0, 0);
}

/* Foreign mode (every svc of the thread is then a fault, which
 * op_nbrecv serves), KaaL mode as often, now and then a bad value. */
static void op_set_syscall_mode(void)
{
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_word_t mode = fz_chance(R, 10) ? fz_next(R) : fz_below(R, 2);

	fz_rec(FAM_TCB, "set_syscall_mode",
	       kaal_tcb_set_syscall_mode(tcb, mode), tcb, mode, 0);
}

static void op_set_domain(void)
{
	kaal_cptr_t dom = fz_chance(R, 15) ? KAAL_CAP_DOMAIN :
					     fz_cap(R, KAAL_OBJ_DOMAIN);
	kaal_cptr_t tcb = fz_cap(R, KAAL_OBJ_TCB);
	kaal_word_t d = fz_below(R, fz.nr_domains + 1);

	fz_rec(FAM_DOMAIN, "set_domain", kaal_tcb_set_domain(dom, tcb, d), dom,
	       tcb, d);
}

const struct fz_op fz_tcb_ops[] = {
	{ "spawn", 4, op_spawn },
	{ "configure", 2, op_configure },
	{ "set_priority", 2, op_set_priority },
	{ "set_mcp", 1, op_set_mcp },
	{ "write_registers", 2, op_write_registers },
	{ "read_registers", 2, op_read_registers },
	{ "fp_registers", 2, op_fp_registers },
	{ "bind_notification", 2, op_bind },
	{ "suspend", 2, op_suspend },
	{ "resume", 3, op_resume },
	{ "set_domain", 2, op_set_domain },
	{ "set_syscall_mode", 1, op_set_syscall_mode },
	{ "affinity", 2, op_affinity },
};
const unsigned int fz_nr_tcb_ops = ARRAY_SIZE(fz_tcb_ops);
