/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPC fast path entry points (kernel/fastpath.c), called from the EL0
 * exception entry for "svc" with x8 = call / reply_recv. They either
 * complete the call and return to user space, or hand the exception to
 * the generic path (arch_user_exception); they never return.
 */
#ifndef KAAL_FASTPATH_H
#define KAAL_FASTPATH_H

#include <asm/ptrace.h>

void __noreturn fastpath_call(struct trap_frame *ctx);
void __noreturn fastpath_reply_recv(struct trap_frame *ctx);
void __noreturn arch_user_exception(struct trap_frame *ctx, unsigned long vec);

#endif /* KAAL_FASTPATH_H */
