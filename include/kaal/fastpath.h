/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPC fast path entry points (kernel/fastpath.c), called from the user
 * exception entry for a system call numbered KAAL_SYS_CALL or
 * KAAL_SYS_REPLY_RECV, with the caller's registers @ctx. They either
 * complete the call and return to user space, or hand it to the generic
 * path (syscall_slow) before changing anything; they never return.
 */
#ifndef KAAL_FASTPATH_H
#define KAAL_FASTPATH_H

#include <kaal/arch/regs.h>

void __noreturn fastpath_call(struct trap_frame *ctx);
void __noreturn fastpath_reply_recv(struct trap_frame *ctx);

#endif /* KAAL_FASTPATH_H */
