/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake arch's side of the IPC fast path (arm64: asm/fastpath.h): on
 * the host the fast path has a stack, so leaving is a call; the address
 * space switch gives up where arm64's does (either side has none), so
 * that the fast path's fallback for it runs in the tests too.
 */
#ifndef TESTS_UNIT_FAKE_ASM_FASTPATH_H
#define TESTS_UNIT_FAKE_ASM_FASTPATH_H

#include <kaal/arch/cpu.h>
#include <kaal/arch/mmu.h>

#define arch_fastpath_return(ctx)      arch_return_to_user(ctx)
#define arch_fastpath_leave1(fn, a)    fn(a)
#define arch_fastpath_leave2(fn, a, b) fn(a, b)

static inline bool arch_fastpath_vspace(uint64_t token)
{
	uint64_t cur = arch_vspace_token(fake_vspace_root, fake_vspace_asid);

	if (token == cur)
		return true;
	if (!token || !cur)
		return false;
	arch_vspace_switch_token(token);
	return true;
}

#endif /* TESTS_UNIT_FAKE_ASM_FASTPATH_H */
