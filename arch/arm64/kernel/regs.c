// SPDX-License-Identifier: GPL-2.0-only
/*
 * The whole register set of a thread for tcb_read_registers and
 * tcb_write_registers (include/kaal/arch/regs.h), in the order of
 * KAAL_REGS_* (include/uapi/kaal/message.h): x0-x30, SP_EL0, the PC
 * (ELR_EL1), SPSR_EL1, TPIDR_EL0 and TPIDRRO_EL0.
 */
#include <kaal/arch/regs.h>
#include <kaal/arch/thread.h>
#include <kaal/tcb.h>
#include <uapi/kaal/message.h>

_Static_assert(offsetof(struct tcb, ctx) == 0 &&
		       offsetof(struct tcb, entry) == ENTRY_SYSCALL_ESR,
	       "entry.S finds what an svc is right after the frame");

_Static_assert(KAAL_REGS_X(30) == 30 && KAAL_REGS_SP == 31,
	       "KAAL_REGS_* follows the frame's x0-x30, sp");

void arch_regs_read_all(const struct tcb *t, word_t *out)
{
	struct arch_tls tls = arch_tls_get(t);

	for (int i = 0; i < 31; i++)
		out[KAAL_REGS_X(i)] = t->ctx.x[i];
	out[KAAL_REGS_SP] = t->ctx.sp;
	out[KAAL_REGS_PC] = t->ctx.elr;
	out[KAAL_REGS_SPSR] = t->ctx.spsr;
	out[KAAL_REGS_TPIDR] = tls.tpidr_el0;
	out[KAAL_REGS_TPIDRRO] = tls.tpidrro_el0;
}

void arch_regs_write_all(struct tcb *t, const word_t *in)
{
	for (int i = 0; i < 31; i++)
		t->ctx.x[i] = in[KAAL_REGS_X(i)];
	t->ctx.sp = in[KAAL_REGS_SP];
	t->ctx.elr = in[KAAL_REGS_PC];
	/* EL0t with every interrupt unmasked; only the flags are the thread's. */
	t->ctx.spsr = ARCH_SPSR_EL0T |
		      (in[KAAL_REGS_SPSR] & KAAL_REGS_SPSR_USER);
	arch_tls_set(t, (struct arch_tls){ in[KAAL_REGS_TPIDR],
					   in[KAAL_REGS_TPIDRRO] });
}
