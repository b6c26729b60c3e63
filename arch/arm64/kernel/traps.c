// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exception dispatch (called from entry.S) and the kernel fault report.
 */
#include <kaal/arch/cpu.h>
#include <kaal/arch/fpu.h>
#include <kaal/arch/thread.h>
#include <kaal/fastpath.h>
#include <kaal/ipc.h>
#include <kaal/irq.h>
#include <kaal/printk.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <uapi/kaal/fault.h>
#include <uapi/kaal/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

static const char *const vector_names[] = {
	"EL1t sync",	    "EL1t IRQ",
	"EL1t FIQ",	    "EL1t SError",
	"EL1h sync",	    "EL1h IRQ",
	"EL1h FIQ",	    "EL1h SError",
	"EL0 sync",	    "EL0 IRQ",
	"EL0 FIQ",	    "EL0 SError",
	"EL0 AArch32 sync", "EL0 AArch32 IRQ",
	"EL0 AArch32 FIQ",  "EL0 AArch32 SError",
};

/* Data/instruction fault status code (ESR ISS[5:0], D17.2.37). */
static const char *fault_status(uint64_t esr)
{
	unsigned int fsc = esr & KAAL_ESR_FSC_MASK;

	switch (fsc & KAAL_ESR_FSC_TYPE_MASK) {
	case KAAL_ESR_FSC_TRANSLATION:
		return "translation fault";
	case KAAL_ESR_FSC_ACCESS:
		return "access flag fault";
	case KAAL_ESR_FSC_PERMISSION:
		return "permission fault";
	}
	if (fsc == KAAL_ESR_FSC_ALIGNMENT)
		return "alignment fault";
	if (fsc == KAAL_ESR_FSC_EXTERNAL)
		return "synchronous external abort";
	return "fault";
}

static const char *exception_class(uint64_t esr)
{
	switch (kaal_esr_class(esr)) {
	case KAAL_ESR_EC_UNKNOWN:
		return "undefined instruction";
	case KAAL_ESR_EC_IABT_LOW:
	case KAAL_ESR_EC_IABT_CUR:
		return "instruction abort";
	case KAAL_ESR_EC_DABT_LOW:
	case KAAL_ESR_EC_DABT_CUR:
		return "data abort";
	case KAAL_ESR_EC_PC_ALIGN:
		return "PC alignment fault";
	case KAAL_ESR_EC_SP_ALIGN:
		return "SP alignment fault";
	case KAAL_ESR_EC_SVC64:
		return "SVC";
	case KAAL_ESR_EC_BRK64:
		return "BRK";
	}
	return "exception";
}

void arch_dump_registers(const struct trap_frame *f)
{
	for (int i = 0; i < 30; i += 2)
		pr_emerg("x%-2d: %016lx  x%-2d: %016lx\n", i, f->x[i], i + 1,
			 f->x[i + 1]);
	pr_emerg("x30: %016lx  sp : %016lx\n", f->x[30], f->sp);
	pr_emerg("elr: %016lx  spsr: %016lx\n", f->elr, f->spsr);
	pr_emerg("esr: %016lx  far: %016lx\n", f->esr, f->far);
}

static void __noreturn kernel_fault(struct trap_frame *f, unsigned long vec)
{
	unsigned int ec = kaal_esr_class(f->esr);
	bool abort = ec == KAAL_ESR_EC_DABT_CUR || ec == KAAL_ESR_EC_IABT_CUR;

	if (panic_in_progress()) /* e.g. the semihosting exit undefined */
		panic("fault while stopping");
	pr_emerg("\nUnhandled kernel exception (%s): %s%s%s\n",
		 vector_names[vec], exception_class(f->esr), abort ? ", " : "",
		 abort ? fault_status(f->esr) : "");
	pr_emerg("ESR=0x%08lx FAR=0x%016lx ELR=0x%016lx\n", f->esr, f->far,
		 f->elr);
	if (ec == KAAL_ESR_EC_DABT_CUR)
		pr_emerg("%s access at 0x%016lx\n",
			 (f->esr & KAAL_ESR_WNR) ? "write" : "read", f->far);
	arch_dump_registers(f);
	panic("fatal exception in the kernel");
}

extern char kernel_stack_guard[], kernel_stack[], kernel_stack_top[];

void arch_kernel_stack_overflow(struct trap_frame *f)
{
	if (panic_in_progress())
		panic("kernel stack overflow while stopping");
	pr_emerg("\nKernel stack overflow: SP=0x%016lx, the stack is "
		 "0x%016lx-0x%016lx, guard page from 0x%016lx\n",
		 f->sp, (uintptr_t)kernel_stack, (uintptr_t)kernel_stack_top,
		 (uintptr_t)kernel_stack_guard);
	pr_emerg("%s, %s: ESR=0x%08lx FAR=0x%016lx ELR=0x%016lx\n",
		 exception_class(f->esr), fault_status(f->esr), f->esr, f->far,
		 f->elr);
	arch_dump_registers(f);
	panic("kernel stack overflow");
}

void arch_exception(struct trap_frame *f, unsigned long vec)
{
	switch (vec) {
	case VEC_EL1H_IRQ:
		irq_handle();
		return;
	default:
		kernel_fault(f, vec);
	}
}

/* Classify a synchronous exception from EL0 as a fault message type. */
static uint32_t user_fault_type(uint64_t esr)
{
	switch (kaal_esr_class(esr)) {
	case KAAL_ESR_EC_DABT_LOW:
		if ((esr & KAAL_ESR_FSC_MASK) == KAAL_ESR_FSC_ALIGNMENT)
			return KAAL_FAULT_ALIGNMENT;
		return (esr & KAAL_ESR_WNR) ? KAAL_FAULT_VM_WRITE :
					      KAAL_FAULT_VM_READ;
	case KAAL_ESR_EC_IABT_LOW:
		return KAAL_FAULT_VM_EXEC;
	case KAAL_ESR_EC_PC_ALIGN:
	case KAAL_ESR_EC_SP_ALIGN:
		return KAAL_FAULT_ALIGNMENT;
	case KAAL_ESR_EC_UNKNOWN:
		return KAAL_FAULT_UNDEFINED;
	}
	return KAAL_FAULT_OTHER;
}

static void user_sync(struct tcb *t)
{
	uint64_t esr = t->ctx.esr;
	uint32_t type;

	switch (kaal_esr_class(esr)) { /* "svc #0": entry.S, syscall_entry */
	case KAAL_ESR_EC_SVC64:
		/* Foreign mode, or an immediate a KaaL call does not use
		 * (entry.S): the latter is a KaaL call all the same. */
		if (!arch_syscall_foreign(t))
			syscall_slow(&t->ctx);
		fault_deliver_syscall(t);
		return;
	case KAAL_ESR_EC_FP:
		arch_fpu_trap(t);
		return;
	case KAAL_ESR_EC_WFX:
		/* A user WFI/WFE must not sleep the CPU: treat it as yield. */
		t->ctx.elr += 4;
		thread_yield();
		return;
	}
	type = user_fault_type(esr);
	fault_deliver(t, type,
		      type == KAAL_FAULT_VM_EXEC ||
				      kaal_esr_class(esr) ==
					      KAAL_ESR_EC_PC_ALIGN ||
				      type == KAAL_FAULT_UNDEFINED ?
			      t->ctx.elr :
			      t->ctx.far,
		      esr);
}

/* Debug builds: syscall_entry returned for its short exit, but ELR_EL1,
 * SPSR_EL1 or SP_EL0 no longer hold what the thread's frame says (an
 * exception was taken in the kernel, or a QUICK call changed them). */
void __noreturn arch_syscall_return_mismatch(struct trap_frame *ctx)
{
	arch_dump_registers(ctx);
	panic("system call exit: ELR %lx SPSR %lx SP_EL0 %lx, the frame says "
	      "%lx %lx %lx",
	      read_sysreg(elr_el1), read_sysreg(spsr_el1), read_sysreg(sp_el0),
	      ctx->elr, ctx->spsr, ctx->sp);
}

/* Every exception from user space ends by returning to a user thread. */
void __noreturn arch_user_exception(struct trap_frame *ctx, unsigned long vec)
{
	struct tcb *t = current;

	kassert(t && ctx == &t->ctx);
	switch (vec) {
	case VEC_EL0_SYNC:
		user_sync(t);
		break;
	case VEC_EL0_IRQ:
		irq_handle();
		break;
	default:
		pr_warn("thread %lu: %s exception (esr 0x%lx): suspended\n",
			t->id, vector_names[vec], ctx->esr);
		tcb_suspend(t);
		break;
	}
	thread_exit_to_user();
}
