/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System calls: decoded once (kernel/syscall.c), handled in the file that
 * owns the object kind. The rule for results is in Documentation/abi.rst
 * ("How the kernel decodes a system call").
 */
#ifndef KAAL_SYSCALLS_H
#define KAAL_SYSCALLS_H

#include <kaal/arch/regs.h>
#include <uapi/kaal/syscall.h>

struct cte;
struct tcb;

/*
 * One system call as the dispatcher decoded it. Handlers read their
 * arguments with syscall_arg() (positions: KAAL_SYSCALL_TABLE and the
 * comment at each handler) and find the capability the call invokes in
 * @slot, already looked up and of the type the table names. A handler
 * returns KAAL_OK, an error (nothing changed), SYSCALL_BLOCKED or
 * SYSCALL_RESTART (kaal/ipc.h), and leaves its other results with
 * syscall_set_result(); syscall_handle writes them when the call returns
 * KAAL_OK.
 */
struct syscall_args {
	const struct trap_frame *regs; /* the caller's, for syscall_arg() */
	unsigned int nr;	       /* KAAL_SYS_* */
	unsigned int res_mask;	       /* bit i: res[i] is a result */
	struct cte *slot;	       /* the invoked capability, or NULL */
	word_t res[KAAL_RES_COUNT];
};

/* Argument @i (KAAL_ARG_* positions). */
static __always_inline word_t syscall_arg(const struct syscall_args *a,
					  unsigned int i)
{
	return arch_regs_arg(a->regs, i);
}

/* Result @i (1 .. KAAL_RES_COUNT - 1) of a call that returns KAAL_OK. */
static inline void syscall_set_result(struct syscall_args *a, unsigned int i,
				      word_t v)
{
	a->res[i] = v;
	a->res_mask |= 1u << i;
}

/*
 * The system call the current thread made, from the arch's exception
 * entry; @ctx: its registers. Returns @ctx when the thread continues at
 * once, with nothing of its registers changed but the results
 * (KAAL_RES_*, which include the message registers) and nothing changed
 * of who runs next: the entry may then reload only the registers the
 * kernel's C code does not preserve, among them the results, and find
 * every other register as the thread left it. Otherwise it leaves
 * through the scheduler (thread_exit_to_user) and does not return.
 */
struct trap_frame *syscall_entry(struct trap_frame *ctx);

/* The same for a caller that cannot take the short return (the IPC fast
 * path when it cannot complete): on to user space, never returns. */
void __noreturn syscall_slow(struct trap_frame *ctx);

/* Host unit tests only (not in the kernel image): the decoding and
 * handling of syscall_entry without its exit, for tests that run threads
 * the scheduler would not pick. The system call @t (current) made; true
 * when syscall_entry would have returned at once. */
bool syscall_handle(struct tcb *t);

/* The one writer of system call results: @err into result 0 and, when it
 * is KAAL_OK, the results of @mask (bit i: result i) from @res. For the
 * caller when a call completes at once, and for a thread that blocked in
 * a call, by whoever completes it (kernel/endpoint.c, notification.c).
 * Inline: with a constant @mask it is a few stores. */
static __always_inline void syscall_write_results(struct tcb *t, int err,
						  const word_t *res,
						  unsigned int mask);

#include <kaal/tcb.h>

static __always_inline void syscall_write_results(struct tcb *t, int err,
						  const word_t *res,
						  unsigned int mask)
{
	arch_regs_set_result(&t->ctx, KAAL_RES_ERROR, (word_t)err);
	if (err)
		return;
	for (; mask; mask &= mask - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(mask);

		arch_regs_set_result(&t->ctx, i, res[i]);
	}
}

/* kernel/cnode.c */
int sys_cap_copy(struct tcb *t, struct syscall_args *a);
int sys_cap_move(struct tcb *t, struct syscall_args *a);
int sys_cap_delete(struct tcb *t, struct syscall_args *a);
int sys_cap_revoke(struct tcb *t, struct syscall_args *a);
int sys_cap_identify(struct tcb *t, struct syscall_args *a);

/* kernel/untyped.c */
int sys_retype(struct tcb *t, struct syscall_args *a);

/* kernel/tcb_syscalls.c */
int sys_thread_suspend(struct tcb *t, struct syscall_args *a);
int sys_thread_resume(struct tcb *t, struct syscall_args *a);
int sys_tcb_configure(struct tcb *t, struct syscall_args *a);
int sys_tcb_set_priority(struct tcb *t, struct syscall_args *a);
int sys_tcb_write_registers(struct tcb *t, struct syscall_args *a);
int sys_tcb_read_registers(struct tcb *t, struct syscall_args *a);
int sys_tcb_bind_notification(struct tcb *t, struct syscall_args *a);
int sys_tcb_set_domain(struct tcb *t, struct syscall_args *a);
int sys_tcb_set_mcp(struct tcb *t, struct syscall_args *a);
int sys_tcb_set_affinity(struct tcb *t, struct syscall_args *a);
int sys_tcb_set_cpus(struct tcb *t, struct syscall_args *a);
int sys_tcb_set_syscall_mode(struct tcb *t, struct syscall_args *a);
int sys_tcb_read_fp_registers(struct tcb *t, struct syscall_args *a);
int sys_tcb_write_fp_registers(struct tcb *t, struct syscall_args *a);

/* kernel/vspace.c */
int sys_memory_map(struct tcb *t, struct syscall_args *a);
int sys_memory_unmap(struct tcb *t, struct syscall_args *a);
int sys_memory_protect(struct tcb *t, struct syscall_args *a);
int sys_page_table_map(struct tcb *t, struct syscall_args *a);
int sys_page_table_unmap(struct tcb *t, struct syscall_args *a);
int sys_page_address(struct tcb *t, struct syscall_args *a);

/* kernel/irqhandler.c */
int sys_irq_handler_get(struct tcb *t, struct syscall_args *a);
int sys_irq_handler_ack(struct tcb *t, struct syscall_args *a);
int sys_irq_handler_set_ntfn(struct tcb *t, struct syscall_args *a);
int sys_irq_handler_set_deadline(struct tcb *t, struct syscall_args *a);

/* kernel/endpoint.c, kernel/notification.c */
int sys_send(struct tcb *t, struct syscall_args *a);
int sys_nbsend(struct tcb *t, struct syscall_args *a);
int sys_call(struct tcb *t, struct syscall_args *a);
int sys_recv(struct tcb *t, struct syscall_args *a);
int sys_reply(struct tcb *t, struct syscall_args *a);
int sys_reply_recv(struct tcb *t, struct syscall_args *a);
int sys_signal(struct tcb *t, struct syscall_args *a);
int sys_wait(struct tcb *t, struct syscall_args *a);

#endif /* KAAL_SYSCALLS_H */
