/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake arch for host unit tests (tests/unit/fake_arch.c and the
 * headers in tests/unit/fake/asm/): what the portable kernel calls through
 * the headers in include/kaal/arch/, on plain variables a test can set
 * and inspect.
 */
#ifndef TESTS_UNIT_FAKE_ARCH_H
#define TESTS_UNIT_FAKE_ARCH_H

#include <setjmp.h>

#include <kaal/arch/cpu.h>
#include <kaal/arch/mmu.h>
#include <kaal/arch/regs.h>
#include <kaal/arch/thread.h>

/* arch_irq_pending() answers true after this many more calls (-1: never). */
extern int fake_irq_pending_after;
/* arch_zero_memory: bytes zeroed and calls. */
extern uint64_t fake_zeroed_bytes, fake_zero_calls;
extern unsigned int fake_power_offs, fake_tlb_flushes, fake_fpu_traps;

/*
 * arch_return_to_user cannot return to a user thread on the host: it
 * records the frame in fake_user_frame and longjmps to fake_user_return,
 * which FAKE_ENTER_KERNEL sets. Run code that ends in user space as
 *
 *	if (!FAKE_ENTER_KERNEL())
 *		fastpath_call(&current->ctx);	// never returns
 *	... fake_user_frame is the thread that runs now ...
 */
extern jmp_buf fake_user_return;
extern struct trap_frame *fake_user_frame;
#define FAKE_ENTER_KERNEL() setjmp(fake_user_return)

/* Back to power-on state, between tests. */
void fake_arch_reset(void);

#endif /* TESTS_UNIT_FAKE_ARCH_H */
