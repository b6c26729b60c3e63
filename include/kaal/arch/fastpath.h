/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the IPC fast path (kernel/fastpath.c) needs of the architecture
 * beyond the other contracts. The fast path may run on no stack (arm64:
 * a release kernel, arch/arm64/kernel/entry.S), so it leaves by branches,
 * never by calls. Implemented inline in <asm/fastpath.h>.
 *
 *   arch_fastpath_return(ctx)       load @ctx's registers and return to
 *                                   user space (arch_return_to_user)
 *   arch_fastpath_leave1(fn, a)     run fn(a), and
 *   arch_fastpath_leave2(fn, a, b)  fn(a, b), on the kernel stack; @fn
 *                                   does not return
 *   arch_fastpath_vspace(token)     switch to the address space of
 *                                   @token (kaal/arch/mmu.h) if that is
 *                                   cheap, and say so; false: the caller
 *                                   leaves for vspace_activate
 */
#ifndef KAAL_ARCH_FASTPATH_H
#define KAAL_ARCH_FASTPATH_H

#include <kaal/arch/cpu.h>
#include <kaal/arch/mmu.h>
#include <kaal/arch/regs.h>
#include <asm/fastpath.h>

#endif /* KAAL_ARCH_FASTPATH_H */
