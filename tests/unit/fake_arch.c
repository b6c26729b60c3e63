// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fake arch: every arch_* function the portable kernel calls (the
 * contracts in include/kaal/arch/), on host variables. Page-table
 * descriptors use a simple made-up format (bit 0 valid, bit 1 table,
 * bits 2-4 permissions, bit 5 device, address from bit 12), enough for
 * kernel/vspace.c's walks; nothing is ever translated.
 */
#include <stdlib.h>
#include <string.h>

#include <kaal/arch/fpu.h>
#include <kaal/irq.h>
#include <kaal/irqchip.h>
#include <kaal/mm.h>
#include <kaal/tcb.h>
#include <uapi/kaal/message.h>

#include "fake_arch.h"

int fake_irq_pending_after = -1;
uint64_t fake_zeroed_bytes, fake_zero_calls;
unsigned int fake_power_offs, fake_tlb_flushes, fake_fpu_traps;
jmp_buf fake_user_return;
struct trap_frame *fake_user_frame;
struct arch_tls fake_cpu_tls;
paddr_t fake_vspace_root;
unsigned int fake_vspace_asid, fake_vspace_switches;
struct tcb *arch_fpu_owner;
bool arch_fpu_enabled;
static bool irqs_on;

void fake_arch_reset(void)
{
	fake_irq_pending_after = -1;
	fake_zeroed_bytes = fake_zero_calls = 0;
	fake_power_offs = fake_tlb_flushes = fake_fpu_traps = 0;
	fake_user_frame = NULL;
	fake_cpu_tls = (struct arch_tls){ 0 };
	fake_vspace_root = 0;
	fake_vspace_asid = fake_vspace_switches = 0;
	arch_fpu_owner = NULL;
	arch_fpu_enabled = false;
	irqs_on = false;
}

/* ---- kaal/arch/cpu.h --------------------------------------------------- */

void arch_cpu_init(const struct boot_params *bp)
{
	(void)bp;
}

void arch_irq_on(void)
{
	irqs_on = true;
}

void arch_irq_off(void)
{
	irqs_on = false;
}

bool arch_irq_pending(void)
{
	if (fake_irq_pending_after < 0)
		return false;
	if (fake_irq_pending_after == 0)
		return true;
	fake_irq_pending_after--;
	return false;
}

/* Nothing will ever interrupt the host: waiting would hang the test. */
void arch_irq_take_pending(void)
{
}

void arch_wait_for_interrupt(void)
{
	abort();
}

void arch_power_off(void)
{
	fake_power_offs++;
}

void arch_emulator_exit(unsigned int status)
{
	exit((int)status);
}

void arch_dump_registers(const struct trap_frame *f)
{
	(void)f;
}

void arch_return_to_user(struct trap_frame *ctx)
{
	fake_user_frame = ctx;
	longjmp(fake_user_return, 1);
}

void arch_zero_memory(void *p, size_t n)
{
	fake_zeroed_bytes += n;
	fake_zero_calls++;
	memset(p, 0, n);
}

paddr_t arch_kernel_virt_to_phys(const void *p)
{
	return virt_to_phys(p);
}

/* ---- kaal/arch/fpu.h --------------------------------------------------- */

void arch_fpu_access(bool on)
{
	arch_fpu_enabled = on;
}

void arch_fpu_take(struct tcb *t)
{
	arch_fpu_owner = t;
	arch_fpu_enabled = true;
}

void arch_fpu_switch_eager(struct tcb *t)
{
	if (t->fpu_used)
		arch_fpu_take(t);
	else
		arch_fpu_access(false);
}

void arch_fpu_trap(struct tcb *t)
{
	fake_fpu_traps++;
	t->fpu_used = 1;
	arch_fpu_take(t);
}

/* No registers here: a thread's state is always its saved one. */
void arch_fpu_sync(struct tcb *t, bool load)
{
	(void)t, (void)load;
}

void arch_fpu_release(struct tcb *t)
{
	if (arch_fpu_owner == t)
		arch_fpu_owner = NULL;
}

/* ---- kaal/arch/mmu.h --------------------------------------------------- */

void arch_tlb_flush_va(unsigned int asid, vaddr_t va)
{
	(void)asid;
	(void)va;
	fake_tlb_flushes++;
}

void arch_tlb_flush_asid(unsigned int asid)
{
	(void)asid;
	fake_tlb_flushes++;
}

/* ---- kaal/arch/regs.h -------------------------------------------------- */

void arch_regs_read_all(const struct tcb *t, word_t *out)
{
	struct arch_tls tls = arch_tls_get(t);

	for (int i = 0; i < 31; i++)
		out[KAAL_REGS_X(i)] = t->ctx.gpr[i];
	out[KAAL_REGS_SP] = t->ctx.sp;
	out[KAAL_REGS_PC] = t->ctx.pc;
	out[KAAL_REGS_SPSR] = t->ctx.flags;
	out[KAAL_REGS_TPIDR] = tls.tpidr_el0;
	out[KAAL_REGS_TPIDRRO] = tls.tpidrro_el0;
}

void arch_regs_write_all(struct tcb *t, const word_t *in)
{
	for (int i = 0; i < 31; i++)
		t->ctx.gpr[i] = in[KAAL_REGS_X(i)];
	t->ctx.sp = in[KAAL_REGS_SP];
	t->ctx.pc = in[KAAL_REGS_PC];
	t->ctx.flags = in[KAAL_REGS_SPSR] & KAAL_REGS_SPSR_USER;
	t->ctx.user_mode = true;
	arch_tls_set(t, (struct arch_tls){ in[KAAL_REGS_TPIDR],
					   in[KAAL_REGS_TPIDRRO] });
}

/* The interrupt controller, as the IPC core's tests need it: 64 lines, the
 * timer on 27, enabling and disabling do nothing. */
void irqchip_enable(unsigned int irq)
{
	(void)irq;
}

void irqchip_disable(unsigned int irq)
{
	(void)irq;
}

unsigned int irqchip_nr_irqs(void)
{
	return 64;
}

unsigned int irq_timer_line(void)
{
	return 27;
}

/* The user timer: line 30, as on QEMU virt; what was last set is kept
 * for the tests to see (0: disarmed). */
uint64_t fake_utimer_deadline;

unsigned int arch_utimer_line(void)
{
	return 30;
}

void arch_utimer_set(uint64_t deadline)
{
	fake_utimer_deadline = deadline;
}

/* Set by a test: the deadline counts as reached. */
bool fake_utimer_reached = true;

bool arch_utimer_due(void)
{
	return fake_utimer_deadline && fake_utimer_reached;
}

void arch_utimer_stop(void)
{
	fake_utimer_deadline = 0;
}

/* The generic timer's count, as a test sets it. */
uint64_t fake_counter;

uint64_t arch_counter_read(void)
{
	return fake_counter;
}
