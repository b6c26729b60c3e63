// SPDX-License-Identifier: GPL-2.0-only
/*
 * Thread control blocks: state changes and destruction. Invocations
 * (configure, registers, priority) are in kernel/tcb_syscalls.c.
 */
#include <kaal/arch/fpu.h>
#include <kaal/arch/thread.h>
#include <kaal/ipc.h>
#include <kaal/printk.h>
#include <kaal/tcb.h>
#include <kaal/mm.h>
#include <uapi/kaal/errors.h>

#if NR_CPUS > 1
struct tcb *cpu_current[NR_CPUS];
#else
struct tcb *current;
#endif
static uint64_t next_id = 1;

void tcb_init(struct tcb *t)
{
	t->id = next_id++;
	t->sched.prio = 0;
	t->mcp = 0;
	t->timeslice = CONFIG_SCHED_TIMESLICE_TICKS;
	arch_regs_init(&t->ctx);
	arch_syscall_set_foreign(t, false);
}

void tcb_set_runnable(struct tcb *t)
{
	t->state = TS_RUNNABLE;
	sched_enqueue(&t->sched);
}

void tcb_block(struct tcb *t, enum thread_state state)
{
	t->state = state;
	sched_dequeue(&t->sched);
}

/* Take @t out of whatever it waits on and stop it. A thread blocked in
 * a system call is set to execute the call again when resumed (its
 * argument registers are still intact), as seL4 restarts it; a thread
 * waiting for its fault to be handled faults again, and one whose
 * foreign call was not answered makes it again (fault_abandon). */
void tcb_suspend(struct tcb *t)
{
	smp_stall_thread(t);
	if (t->state != TS_RUNNABLE && t->state != TS_INACTIVE &&
	    !t->fault_pending)
		arch_regs_restart_syscall(&t->ctx);
	fault_abandon(t);
	endpoint_cancel(t);
	notification_cancel(t);
	if (t->reply_to) {
		t->reply_to->replier = NULL;
		ipc_wake_with_error(t->reply_to, KAAL_E_NO_REPLY);
		t->reply_to = NULL;
	}
	if (t->replier) {
		t->replier->reply_to = NULL;
		t->replier = NULL;
	}
	tcb_block(t, TS_INACTIVE);
}

/* The last capability to @t is going: the thread stops for good. Its own
 * slots (CSpace and VSpace roots, IPC buffer, fault endpoint) are emptied
 * next, in steps, like a CNode's (kernel/cspace.c), while the memory is
 * still in use. */
void tcb_destroy(struct tcb *t)
{
	tcb_suspend(t);
	if (t->bound_ntfn) {
		t->bound_ntfn->bound = NULL;
		t->bound_ntfn = NULL;
	}
	arch_fpu_release(t);
	if (current == t)
		current = NULL;
}

uint64_t *tcb_ipc_words(const struct tcb *t)
{
	const struct cap *c = &t->ipc_buffer_frame.cap;

	if (c->type != KAAL_OBJ_PAGE && c->type != KAAL_OBJ_LARGE_PAGE)
		return NULL;
	/* sys_tcb_configure accepts RAM frames only (ipc_buffer_check). */
	kassert(!(c->flags & CAP_F_DEVICE));
	return (uint64_t *)phys_to_virt(
		c->object + (t->ipc_buffer & ((1ull << c->size_bits) - 1)));
}
