// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCB invocations: configure, priority, registers, suspend and resume.
 */
#include <kaal/arch/fpu.h>
#include <kaal/arch/thread.h>
#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <kaal/string.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <generated/domains.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/message.h>

static struct lookup_ret lookup_tcb(struct tcb *t, uint64_t cptr)
{
	return cspace_lookup_typed(t, cptr, KAAL_OBJ_TCB);
}

/* The thread whose TCB the call invokes. */
static struct tcb *invoked_tcb(const struct syscall_args *a)
{
	return cap_object(&a->slot->cap);
}

/* thread_suspend(tcb) */
int sys_thread_suspend(struct tcb *t, struct syscall_args *a)
{
	(void)t;
	tcb_suspend(invoked_tcb(a));
	return KAAL_OK;
}

static int resume(struct tcb *target)
{
	if (target->state != TS_INACTIVE)
		return KAAL_OK;
	if (target->vspace_root.cap.type != KAAL_OBJ_VSPACE ||
	    target->cspace_root.cap.type != KAAL_OBJ_CNODE)
		return KAAL_E_ILLEGAL_OP; /* not configured */
	tcb_set_runnable(target);
	return KAAL_OK;
}

/* thread_resume(tcb) */
int sys_thread_resume(struct tcb *t, struct syscall_args *a)
{
	(void)t;
	return resume(invoked_tcb(a));
}

/* Replace the capability in one of @target's own slots with a derived
 * copy of @src (NULL: leave the slot empty). Derived, as seL4 does: the
 * copy is never the original, and never "mapped" even when @src is, so
 * deleting it later (reconfigure, destruction) cannot unmap the holder's
 * page. The old capability is not the last one to a CNode
 * (sys_tcb_configure deletes that one first), so deleting it cannot stop. */
static void tcb_set_slot(struct cte *slot, struct cte *src)
{
	int err = cspace_delete_slot(slot);
	struct cap c;

	kassert(!err);
	if (!src || cap_is_null(&src->cap))
		return;
	c = src->cap;
	cap_derive(&c, KAAL_RIGHTS_ALL);
	cspace_insert(slot, &c, src);
}

/* Optional capability argument: 0 means none. */
static int optional(struct tcb *t, uint64_t cptr, unsigned int type,
		    struct cte **out)
{
	struct lookup_ret r;

	*out = NULL;
	if (!cptr)
		return KAAL_OK;
	r = cspace_lookup_typed(t, cptr, type);
	*out = r.slot;
	return r.err;
}

/* The kernel reads and writes an IPC buffer through its own window onto
 * RAM, so the frame must be RAM (a device frame is outside that window,
 * and its registers are no place for messages) and the caller must hold
 * both the read and the write right: otherwise it could make the kernel
 * write into a page it may only read. Checked here, once, where the
 * reference is accepted (Documentation/abi.rst, "Memory the kernel
 * touches for a thread"). */
static int ipc_buffer_check(const struct cap *frame)
{
	if (frame->flags & CAP_F_DEVICE)
		return KAAL_E_DEVICE;
	if ((frame->rights & (KAAL_RIGHT_READ | KAAL_RIGHT_WRITE)) !=
	    (KAAL_RIGHT_READ | KAAL_RIGHT_WRITE))
		return KAAL_E_NO_RIGHTS;
	return KAAL_OK;
}

/* tcb_configure(tcb, fault_ep, cspace_root, vspace, ipc_buffer, ipc_frame) */
int sys_tcb_configure(struct tcb *t, struct syscall_args *a)
{
	struct cte *slot = a->slot, *ep, *cs, *vs, *buf;
	struct tcb *target;
	vaddr_t ipcbuf = syscall_arg(a, KAAL_ARG_TCB_CONFIGURE_IPC_BUFFER);
	int err;

	if ((err = optional(t, syscall_arg(a, KAAL_ARG_TCB_CONFIGURE_FAULT_EP),
			    KAAL_OBJ_ENDPOINT, &ep)) ||
	    (err = optional(t,
			    syscall_arg(a, KAAL_ARG_TCB_CONFIGURE_CSPACE_ROOT),
			    KAAL_OBJ_CNODE, &cs)) ||
	    (err = optional(t, syscall_arg(a, KAAL_ARG_TCB_CONFIGURE_VSPACE),
			    KAAL_OBJ_VSPACE, &vs)))
		return err;
	err = optional(t,
		       syscall_arg(a, KAAL_ARG_TCB_CONFIGURE_IPC_BUFFER_FRAME),
		       KAAL_OBJ_PAGE, &buf);
	if (err)
		return err;
	if (buf && (err = ipc_buffer_check(&buf->cap)))
		return err;
	if (buf && ipcbuf >= USER_VA_END)
		return KAAL_E_BAD_ADDRESS;
	if (buf && !IS_ALIGNED(ipcbuf, PAGE_SIZE))
		return KAAL_E_ALIGN;
	target = cap_object(&slot->cap);
	/*
	 * The old CSpace root goes first: when it is the last capability to a
	 * large CNode, emptying that may stop for an interrupt, and the call
	 * is restarted. It may also destroy what the other arguments name, or
	 * the thread itself; as seL4 does, what is gone is not installed.
	 */
	smp_stall_thread(target);
	if ((err = cspace_delete_slot(&target->cspace_root)))
		return err;
	if (cap_is_null(&slot->cap))
		return KAAL_OK;
	tcb_set_slot(&target->fault_ep, ep);
	tcb_set_slot(&target->cspace_root, cs);
	tcb_set_slot(&target->vspace_root, vs);
	tcb_set_slot(&target->ipc_buffer_frame, buf);
	target->ipc_buffer = buf ? ipcbuf : 0;
	if (target == current)
		vspace_activate(target);
	return KAAL_OK;
}

/* The target and the authority TCB of a priority call, and the value,
 * which may not exceed the authority's maximum controlled priority. */
static int prio_args(struct tcb *t, const struct syscall_args *a,
		     struct tcb **target)
{
	struct lookup_ret auth =
		lookup_tcb(t, syscall_arg(a, KAAL_ARG_TCB_AUTHORITY));
	word_t prio = syscall_arg(a, KAAL_ARG_TCB_PRIO);

	if (auth.err)
		return auth.err;
	if (prio >= SCHED_NR_PRIOS)
		return KAAL_E_RANGE;
	if (prio > ((struct tcb *)cap_object(&auth.slot->cap))->mcp)
		return KAAL_E_NO_RIGHTS;
	*target = invoked_tcb(a);
	return KAAL_OK;
}

/* tcb_set_priority(tcb, authority_tcb, prio) */
int sys_tcb_set_priority(struct tcb *t, struct syscall_args *a)
{
	struct tcb *target;
	bool queued;
	int err = prio_args(t, a, &target);

	if (err)
		return err;
	queued = target->sched.queued;
	sched_dequeue(&target->sched);
	target->sched.prio = (uint8_t)syscall_arg(a, KAAL_ARG_TCB_PRIO);
	if (queued)
		sched_enqueue(&target->sched);
	return KAAL_OK;
}

/* tcb_set_mcp(tcb, authority_tcb, mcp): the highest priority @tcb may
 * give any thread (itself included) when used as the authority. */
int sys_tcb_set_mcp(struct tcb *t, struct syscall_args *a)
{
	struct tcb *target;
	int err = prio_args(t, a, &target);

	if (err)
		return err;
	target->mcp = (uint8_t)syscall_arg(a, KAAL_ARG_TCB_PRIO);
	return KAAL_OK;
}

/* The authority TCB of an affinity call and the CPU bits it may give. */
static int cpus_args(struct tcb *t, const struct syscall_args *a,
		     uint64_t *allowed)
{
	struct lookup_ret auth =
		lookup_tcb(t, syscall_arg(a, KAAL_ARG_TCB_AUTHORITY));

	if (auth.err)
		return auth.err;
	*allowed = ((struct tcb *)cap_object(&auth.slot->cap))->cpus;
	return KAAL_OK;
}

/* tcb_set_affinity(tcb, authority_tcb, cpu): @tcb runs on @cpu from now
 * on, which must be online and one of the authority's CPUs. A thread
 * running on another CPU is stopped there first (smp_stall_thread); one
 * whose FP/SIMD registers are live here has them saved, so whichever CPU
 * runs it next loads them. */
int sys_tcb_set_affinity(struct tcb *t, struct syscall_args *a)
{
	word_t cpu = syscall_arg(a, KAAL_ARG_TCB_CPU);
	struct tcb *target = invoked_tcb(a);
	uint64_t allowed;
	bool queued;
	int err = cpus_args(t, a, &allowed);

	if (err)
		return err;
	if (cpu >= smp_nr_online())
		return KAAL_E_RANGE;
	if (!(allowed & (1ull << cpu)))
		return KAAL_E_NO_RIGHTS;
	if (cpu == target->sched.cpu)
		return KAAL_OK;
	smp_stall_thread(target);
	if (arch_fpu_owner == target) {
		arch_fpu_sync(target, false);
		arch_fpu_release(target);
	}
	queued = target->sched.queued;
	sched_dequeue(&target->sched);
	target->sched.cpu = (uint8_t)cpu;
	if (queued)
		sched_enqueue(&target->sched);
	return KAAL_OK;
}

/* tcb_set_cpus(tcb, authority_tcb, mask): the CPUs @tcb may place
 * threads on as an authority (as tcb_set_mcp is for priorities); a
 * subset of the authority's own. */
int sys_tcb_set_cpus(struct tcb *t, struct syscall_args *a)
{
	word_t mask = syscall_arg(a, KAAL_ARG_TCB_CPUS);
	uint64_t allowed;
	int err = cpus_args(t, a, &allowed);

	if (err)
		return err;
	if (mask & ~allowed)
		return KAAL_E_NO_RIGHTS;
	invoked_tcb(a)->cpus = (uint8_t)mask;
	return KAAL_OK;
}

/* tcb_set_syscall_mode(tcb, mode): from the thread's next svc on, a KaaL
 * system call or a foreign one (an unknown-syscall fault, kernel/fault.c).
 * Quick: nothing else of the thread changes, and a thread that sets its
 * own mode returns from this call as from any other. */
int sys_tcb_set_syscall_mode(struct tcb *t, struct syscall_args *a)
{
	word_t mode = syscall_arg(a, KAAL_ARG_TCB_SET_SYSCALL_MODE_MODE);

	(void)t;
	if (mode != KAAL_SYSCALL_MODE_KAAL && mode != KAAL_SYSCALL_MODE_FOREIGN)
		return KAAL_E_INVALID_ARG;
	smp_stall_thread(invoked_tcb(a));
	arch_syscall_set_foreign(invoked_tcb(a),
				 mode == KAAL_SYSCALL_MODE_FOREIGN);
	return KAAL_OK;
}

/* KAAL_TCB_WRITE_ALL: every register of @target from @buf (KAAL_REGS_*).
 * Nothing changes unless pc and sp are user addresses. */
static int write_all(struct tcb *target, const uint64_t *buf)
{
	const uint64_t *mr = &buf[KAAL_IPCBUF_MR(0)];

	if (mr[KAAL_REGS_PC] >= USER_VA_END || mr[KAAL_REGS_SP] >= USER_VA_END)
		return KAAL_E_BAD_ADDRESS;
	arch_regs_write_all(target, mr);
	return KAAL_OK;
}

/* pc, sp and the first three arguments of the entry point from the call
 * itself (arguments 2-6). */
static int write_some(const struct syscall_args *a, struct tcb *target)
{
	vaddr_t pc = syscall_arg(a, KAAL_ARG_TCB_WRITE_PC);
	vaddr_t sp = syscall_arg(a, KAAL_ARG_TCB_WRITE_SP);

	if (pc >= USER_VA_END || sp >= USER_VA_END)
		return KAAL_E_BAD_ADDRESS;
	arch_regs_set_entry(&target->ctx, pc, sp);
	for (unsigned int i = 0; i < 3; i++)
		arch_regs_set_entry_arg(
			&target->ctx, i,
			syscall_arg(a, KAAL_ARG_TCB_WRITE_ARG0 + i));
	return KAAL_OK;
}

/* tcb_write_registers(tcb, flags, pc, sp, arg0, arg1, arg2) */
int sys_tcb_write_registers(struct tcb *t, struct syscall_args *a)
{
	uint64_t flags = syscall_arg(a, KAAL_ARG_TCB_WRITE_FLAGS);
	const uint64_t *buf = tcb_ipc_words(t);
	struct tcb *target;
	int err;

	if (flags & ~KAAL_TCB_WRITE_FLAGS)
		return KAAL_E_INVALID_ARG;
	if ((flags & KAAL_TCB_WRITE_ALL) && !buf)
		return KAAL_E_ILLEGAL_OP;
	target = invoked_tcb(a);
	if (target == t)
		return KAAL_E_ILLEGAL_OP;
	smp_stall_thread(target);
	err = (flags & KAAL_TCB_WRITE_ALL) ? write_all(target, buf) :
					     write_some(a, target);
	if (err)
		return err;
	return (flags & KAAL_TCB_WRITE_RESUME) ? resume(target) : KAAL_OK;
}

/* tcb_read_registers(tcb): every register (KAAL_REGS_*) into the caller's
 * IPC buffer mr[0..35]; result 1 = number of words. */
int sys_tcb_read_registers(struct tcb *t, struct syscall_args *a)
{
	uint64_t *buf = tcb_ipc_words(t);

	if (!buf)
		return KAAL_E_ILLEGAL_OP;
	smp_stall_thread(invoked_tcb(a));
	arch_regs_read_all(invoked_tcb(a), &buf[KAAL_IPCBUF_MR(0)]);
	syscall_set_result(a, KAAL_RES_WORD, KAAL_REGS_COUNT);
	return KAAL_OK;
}

_Static_assert(sizeof(((struct fpu_state *)0)->v) ==
		       KAAL_FP_REGS_COUNT * sizeof(uint64_t),
	       "q0..q31 are the 64 words of tcb_read_fp_registers");

/* tcb_read_fp_registers(tcb): q0..q31 into the caller's IPC buffer
 * mr[0..63]; result 1 = the status word (FPSR, FPCR: message.h). Where
 * the registers are live (the thread owns the FPU, the caller itself or
 * not), they are what is read. */
int sys_tcb_read_fp_registers(struct tcb *t, struct syscall_args *a)
{
	uint64_t *buf = tcb_ipc_words(t);
	struct tcb *target = invoked_tcb(a);

	if (!buf)
		return KAAL_E_ILLEGAL_OP;
	smp_stall_thread(target);
	arch_fpu_sync(target, false);
	memcpy(&buf[KAAL_IPCBUF_MR(0)], target->fpu.v, sizeof(target->fpu.v));
	syscall_set_result(a, KAAL_RES_WORD,
			   KAAL_FP_STATUS(target->fpu.fpsr, target->fpu.fpcr));
	return KAAL_OK;
}

/* tcb_write_fp_registers(tcb, status): q0..q31 from the caller's IPC
 * buffer mr[0..63], FPSR and FPCR from @status. Not the caller itself
 * (as tcb_write_registers); the thread becomes an FP user. */
int sys_tcb_write_fp_registers(struct tcb *t, struct syscall_args *a)
{
	uint64_t status = syscall_arg(a, KAAL_ARG_TCB_WRITE_FP_STATUS);
	const uint64_t *buf = tcb_ipc_words(t);
	struct tcb *target = invoked_tcb(a);

	if (status & ~KAAL_FP_STATUS_USER)
		return KAAL_E_INVALID_ARG;
	if (!buf || target == t)
		return KAAL_E_ILLEGAL_OP;
	smp_stall_thread(target);
	memcpy(target->fpu.v, &buf[KAAL_IPCBUF_MR(0)], sizeof(target->fpu.v));
	target->fpu.fpsr = (uint32_t)status;
	target->fpu.fpcr = (uint32_t)(status >> 32);
	target->fpu_used = 1;
	arch_fpu_sync(target, true);
	return KAAL_OK;
}

/* tcb_bind_notification(tcb, ntfn) */
int sys_tcb_bind_notification(struct tcb *t, struct syscall_args *a)
{
	struct cte *n;
	int err;

	if ((err = optional(t,
			    syscall_arg(a, KAAL_ARG_TCB_BIND_NOTIFICATION_NTFN),
			    KAAL_OBJ_NOTIFICATION, &n)))
		return err;
	return notification_bind(invoked_tcb(a),
				 n ? cap_object(&n->cap) : NULL);
}

/* tcb_set_domain(domain_cap, tcb, domain) */
int sys_tcb_set_domain(struct tcb *t, struct syscall_args *a)
{
	struct lookup_ret r =
		lookup_tcb(t, syscall_arg(a, KAAL_ARG_TCB_SET_DOMAIN_TCB));
	word_t domain = syscall_arg(a, KAAL_ARG_TCB_SET_DOMAIN_DOMAIN);
	struct tcb *target;
	bool queued;

	if (r.err)
		return r.err;
	if (domain >= SCHED_DOMAINS)
		return KAAL_E_RANGE;
	target = cap_object(&r.slot->cap);
	queued = target->sched.queued;
	sched_dequeue(&target->sched);
	target->sched.domain = (uint8_t)domain;
	if (queued)
		sched_enqueue(&target->sched);
	return KAAL_OK;
}
