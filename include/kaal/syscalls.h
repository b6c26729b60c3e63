/* SPDX-License-Identifier: GPL-2.0-only */
/* System call handlers, one per file that owns the object kind. Each
 * reads its arguments from the caller's saved registers. */
#ifndef KAAL_SYSCALLS_H
#define KAAL_SYSCALLS_H

struct tcb;

void syscall_handle(struct tcb *t);

/* kernel/cnode.c */
int sys_cap_copy(struct tcb *t, bool mint);
int sys_cap_move(struct tcb *t);
int sys_cap_delete(struct tcb *t);
int sys_cap_revoke(struct tcb *t);
int sys_cap_identify(struct tcb *t);

/* kernel/untyped.c */
int sys_retype(struct tcb *t);

/* kernel/tcb_syscalls.c */
int sys_thread_suspend(struct tcb *t);
int sys_thread_resume(struct tcb *t);
int sys_tcb_configure(struct tcb *t);
int sys_tcb_set_priority(struct tcb *t);
int sys_tcb_write_registers(struct tcb *t);
int sys_tcb_read_registers(struct tcb *t);
int sys_tcb_bind_notification(struct tcb *t);
int sys_tcb_set_domain(struct tcb *t);
int sys_tcb_set_mcp(struct tcb *t);

#endif /* KAAL_SYSCALLS_H */
