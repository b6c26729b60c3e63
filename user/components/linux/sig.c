// SPDX-License-Identifier: BSD-2-Clause
/*
 * Signal handlers (Documentation/linux.rst, "Signals"): a caught signal
 * runs its handler on the process's thread, with a Linux arm64
 * rt_sigframe on its stack (siginfo, then a ucontext whose sigcontext
 * holds x0-x30, sp, pc, pstate and, in its records, an fpsimd_context
 * with q0-q31, FPSR and FPCR), x0-x2 the handler's arguments, x30 the
 * sa_restorer, which calls rt_sigreturn; rt_sigreturn puts the
 * registers, the FP/SIMD state and the mask back from the frame.
 *
 * Where a handler runs: at the system call the process makes (made
 * again after the handler), at the end of the call that raised or
 * unblocked the signal (the call's result saved in the frame), in a
 * call that waits (which returns EINTR, or is made again with
 * SA_RESTART), at the instruction that faulted (SIGSEGV, SIGBUS, SIGILL,
 * SIGTRAP from a real fault, sig_fault), or, for a process that
 * computes, wherever its thread is when the signal comes: the thread is
 * suspended (a call or fault it was making is made again afterwards) and
 * its handler started there.
 */
#include <stdio.h>
#include <string.h>
#include "linux.h"
#include "sys.h"

#define L_SA_SIGINFO   0x4ull
#define L_SA_RESTORER  0x04000000ull
#define L_SA_ONSTACK   0x08000000ull
#define L_SA_RESTART   0x10000000ull
#define L_SA_NODEFER   0x40000000ull
#define L_SA_RESETHAND 0x80000000ull
#define L_SS_DISABLE   2

/* struct rt_sigframe (arch/arm64/kernel/signal.c): siginfo (128 bytes),
 * then struct ucontext: uc_flags, uc_link, uc_stack (24), uc_sigmask,
 * padding to 128 bytes of signal set, and, 16-byte aligned, struct
 * sigcontext: fault_address, regs[31], sp, pc, pstate, and 4096 bytes
 * of records (all zero: the null record that ends them). After the
 * frame, a frame record (x29, x30) for backtraces. */
#define FRAME_INFO	  0
#define FRAME_UC	  128
#define UC_STACK	  16
#define UC_SIGMASK	  40
#define UC_MCONTEXT	  176
#define SC_REGS		  8
#define SC_SP		  256
#define SC_PC		  264
#define SC_PSTATE	  272
#define SC_RESERVED	  288 /* the records */
#define SC_SIZE		  (SC_RESERVED + 4096)
/* struct fpsimd_context, the first record: magic, size, fpsr, fpcr, then
 * vregs[32] (16 bytes each) at 16. */
#define FPSIMD_MAGIC	  0x46508001u
#define FPSIMD_SIZE	  (16 + 32 * 16)
#define FPSIMD_VREGS	  16
#define SI_CODE		  8  /* siginfo: si_code */
#define SI_ADDR		  16 /* siginfo: si_addr */
#define SC_FAULT_ADDRESS  0  /* sigcontext: fault_address */
#define FRAME_SIZE	  (FRAME_UC + UC_MCONTEXT + SC_SIZE)
#define FRAME_RECORD_SIZE 16
_Static_assert(FRAME_SIZE % 16 == 0, "rt_sigframe keeps sp aligned");

static const uint64_t never_blocked = 1ull << (L_SIGKILL - 1) |
				      1ull << (19 - 1); /* SIGSTOP */

static uint64_t act_word(const struct proc *p, int sig, unsigned int i)
{
	uint64_t w;

	memcpy(&w, grp(p)->sigaction[sig - 1] + i * 8, sizeof(w));
	return w;
}

/* The lowest pending signal that is not blocked and has a handler. */
static int next_caught(const struct proc *p)
{
	uint64_t ready = p->sigpending & ~p->sigmask;

	if (!ready) /* the common case, at every system call */
		return 0;
	for (int sig = 1; sig <= L_NSIG; sig++)
		if ((ready & (1ull << (sig - 1))) && act_word(p, sig, 0) > 1)
			return sig;
	return 0;
}

#define read_regs  proc_read_regs
#define write_regs proc_write_regs

static kaal_word_t *ipc_mr(void)
{
	return ((struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR)->mr;
}

/* @p's FP/SIMD state as an fpsimd_context record at @rec. */
static bool read_fp(struct proc *p, uint8_t *rec)
{
	struct kaal_word_ret r = kaal_tcb_read_fp_registers(p->tcb);
	uint32_t head[2] = { FPSIMD_MAGIC, FPSIMD_SIZE };

	if (r.error)
		return false;
	memcpy(rec, head, sizeof(head));
	memcpy(rec + 8, &r.value, 8); /* fpsr, then fpcr */
	memcpy(rec + FPSIMD_VREGS, ipc_mr(), KAAL_FP_REGS_COUNT * 8);
	return true;
}

/* And back, from a record the handler may have changed (FPSR and FPCR
 * keep only the bits a program may set). */
static bool write_fp(struct proc *p, const uint8_t *rec)
{
	uint64_t status;

	memcpy(&status, rec + 8, 8);
	memcpy(ipc_mr(), rec + FPSIMD_VREGS, KAAL_FP_REGS_COUNT * 8);
	return !kaal_tcb_write_fp_registers(p->tcb,
					    status & KAAL_FP_STATUS_USER);
}

/*
 * Where the handler returns when the program gave no sa_restorer (glibc
 * gives none on arm64: Linux returns through its vDSO, which the
 * personality does not map): a page of the process above its stack,
 * made at the first signal, holding "mov x8, #139 (rt_sigreturn); svc
 * #0". 0 when it cannot be made.
 */
static uint64_t trampoline(struct proc *p)
{
	static const uint32_t code[2] = { 0xd2801168, 0xd4000001 };

	if (vm_find(p->vm, LINUX_SIGPAGE))
		return LINUX_SIGPAGE;
	if (vm_mmap(p->vm, LINUX_SIGPAGE, PAGE_SIZE, L_PROT_READ | L_PROT_EXEC,
		    L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED_NOREPLACE,
		    NULL, 0) != (long)LINUX_SIGPAGE ||
	    vm_poke(p->vm, LINUX_SIGPAGE, code, sizeof(code)))
		return 0;
	return LINUX_SIGPAGE;
}

/* A signal that cannot be delivered ends the process, said as a crash. */
static void cannot_deliver(struct proc *p, int sig)
{
	printf("linux: process %u (%s): no room for the frame of signal %d: "
	       "SIGSEGV\n",
	       p->pid, p->name, sig);
	proc_exit(p, 0, L_SIGSEGV);
}

/*
 * Run @sig's handler on @p's thread (suspended): @regs, what the thread
 * resumes with after rt_sigreturn, its FP/SIMD state and @mask, the
 * signal mask then, go into a frame on its stack; the siginfo says
 * @code and @addr (si_addr, and the sigcontext's fault_address). A frame
 * that cannot be written ends the process with SIGSEGV, as Linux's
 * force_sigsegv.
 */
static void deliver_info(struct proc *p, int sig, int code, uint64_t addr,
			 kaal_word_t *regs, uint64_t mask)
{
	static uint8_t frame[FRAME_SIZE + FRAME_RECORD_SIZE];
	uint64_t handler = act_word(p, sig, 0), flags = act_word(p, sig, 1);
	uint64_t restorer = act_word(p, sig, 2), amask = act_word(p, sig, 3);
	uint64_t sp = regs[KAAL_REGS_SP], ss_sp, ss_size, at;
	uint32_t ss_flags, signo = (uint32_t)sig;

	p->sigpending &= ~(1ull << (sig - 1));
	memcpy(&ss_sp, p->altstack, 8);
	memcpy(&ss_flags, p->altstack + 8, 4);
	memcpy(&ss_size, p->altstack + 16, 8);
	if ((flags & L_SA_ONSTACK) && !(ss_flags & L_SS_DISABLE) &&
	    !(sp > ss_sp && sp - ss_sp <= ss_size))
		sp = ss_sp + ss_size;
	at = (sp - sizeof(frame)) & ~15ull;
	memset(frame, 0, sizeof(frame));
	memcpy(frame + FRAME_INFO, &signo, sizeof(signo)); /* si_signo */
	memcpy(frame + FRAME_INFO + SI_CODE, &code, sizeof(code));
	memcpy(frame + FRAME_INFO + SI_ADDR, &addr, sizeof(addr));
	memcpy(frame + FRAME_UC + UC_MCONTEXT + SC_FAULT_ADDRESS, &addr,
	       sizeof(addr));
	memcpy(frame + FRAME_UC + UC_STACK, p->altstack, 24);
	memcpy(frame + FRAME_UC + UC_SIGMASK, &mask, 8);
	memcpy(frame + FRAME_UC + UC_MCONTEXT + SC_REGS, regs, 31 * 8);
	memcpy(frame + FRAME_UC + UC_MCONTEXT + SC_SP, &regs[KAAL_REGS_SP], 8);
	memcpy(frame + FRAME_UC + UC_MCONTEXT + SC_PC, &regs[KAAL_REGS_PC], 8);
	memcpy(frame + FRAME_UC + UC_MCONTEXT + SC_PSTATE,
	       &regs[KAAL_REGS_SPSR], 8);
	memcpy(frame + FRAME_SIZE, &regs[29], 8);
	memcpy(frame + FRAME_SIZE + 8, &regs[30], 8);
	if (!(flags & L_SA_RESTORER))
		restorer = trampoline(p);
	if (!restorer || at >= ELF_USER_TOP || handler >= ELF_USER_TOP ||
	    !read_fp(p, frame + FRAME_UC + UC_MCONTEXT + SC_RESERVED) ||
	    copy_out(p->vm, at, frame, sizeof(frame))) {
		cannot_deliver(p, sig);
		return;
	}
	p->sigmask |= amask;
	if (!(flags & L_SA_NODEFER))
		p->sigmask |= 1ull << (sig - 1);
	p->sigmask &= ~never_blocked;
	if (flags & L_SA_RESETHAND)
		memset(grp(p)->sigaction[sig - 1], 0, L_SIGACTION_SIZE);
	regs[KAAL_REGS_X(0)] = (kaal_word_t)sig;
	regs[KAAL_REGS_X(1)] = at + FRAME_INFO;
	regs[KAAL_REGS_X(2)] = at + FRAME_UC;
	regs[KAAL_REGS_X(29)] = at + FRAME_SIZE;
	regs[KAAL_REGS_X(30)] = restorer;
	regs[KAAL_REGS_SP] = at;
	regs[KAAL_REGS_PC] = handler;
	if (!write_regs(p, regs))
		cannot_deliver(p, sig);
}

/* A signal sent by a process (kill, or the terminal): si_code SI_USER. */
static void deliver(struct proc *p, int sig, kaal_word_t *regs, uint64_t mask)
{
	deliver_info(p, sig, 0, 0, regs, mask);
}

bool sig_fault(struct proc *p, int sig, bool mapped, uint64_t addr)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	uint64_t bit = 1ull << (sig - 1);

	/* Ignored or blocked, a fault's signal ends the process (Linux's
	 * force_sig_fault does as much). At the faulting instruction, the
	 * thread waits for our answer; suspended, it would fault again. */
	if (act_word(p, sig, 0) <= 1 || (p->sigmask & bit) ||
	    !read_regs(p, regs))
		return false;
	kaal_thread_suspend(p->tcb);
	/* SEGV_MAPERR 1 or SEGV_ACCERR 2; BUS_ADRALN, ILL_ILLOPC and
	 * TRAP_BRKPT are 1 too. */
	deliver_info(p, sig, mapped ? 2 : 1, addr, regs, p->sigmask);
	return true;
}

bool sig_at_entry(struct proc *p, const struct sysargs *a)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	int sig = next_caught(p);

	/* Not before exit (it ends anyway) or rt_sigreturn (its frame
	 * first), nor before a call made again after a wait (its state
	 * waits for it: the handler runs when it returns). */
	if (!sig || a->nr == 93 || a->nr == 94 || a->nr == 139 ||
	    p->waiting != WAIT_NONE || !read_regs(p, regs))
		return false;
	regs[KAAL_REGS_PC] = a->pc - 4; /* the call, again, after it */
	kaal_thread_suspend(p->tcb);
	deliver(p, sig, regs, p->sigmask);
	return true;
}

bool sig_after_call(struct proc *p, long result)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	int sig = next_caught(p);

	if (!sig || !read_regs(p, regs))
		return false;
	regs[KAAL_REGS_X(0)] = (kaal_word_t)result;
	kaal_thread_suspend(p->tcb);
	deliver(p, sig, regs, p->sigmask);
	return true;
}

/* Waits a signal breaks into (not a vfork parent's: Linux lets only
 * SIGKILL through that one). */
static bool interruptible(int waiting)
{
	return waiting != WAIT_NONE && waiting != WAIT_VFORK &&
	       waiting != WAIT_VFORK_DONE && waiting != WAIT_GONE;
}

void sig_interrupt(struct proc *p)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	int sig = next_caught(p);
	uint64_t mask;

	if (!sig || p == current)
		return;
	/* Computing (or making a call we have not read yet): stopped
	 * wherever it is, a call or fault it was making is made again once
	 * the handler returns. */
	if (p->waiting == WAIT_NONE) {
		kaal_thread_suspend(p->tcb);
		if (read_regs(p, regs))
			deliver(p, sig, regs, p->sigmask);
		return;
	}
	if (!interruptible(p->waiting))
		return;
	/* Suspended, it stands at its svc (a thread resumed meanwhile, its
	 * call made again and waiting for us, is brought back there). */
	kaal_thread_suspend(p->tcb);
	if (!read_regs(p, regs))
		return;
	mask = p->waiting == WAIT_SIGNAL ? p->saved_mask : p->sigmask;
	if (p->waiting == WAIT_SIGNAL ||
	    !(act_word(p, sig, 1) & L_SA_RESTART)) {
		regs[KAAL_REGS_PC] += 4;
		regs[KAAL_REGS_X(0)] = (kaal_word_t)-L_EINTR;
	}
	p->waiting = WAIT_NONE;
	deliver(p, sig, regs, mask);
}

long sys_rt_sigsuspend(struct proc *p, const struct sysargs *a)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	uint64_t set;
	int sig;

	if (a->a[1] != 8)
		return -L_EINVAL;
	if (copy_in(p->vm, &set, a->a[0], sizeof(set)))
		return -L_EFAULT;
	p->saved_mask = p->sigmask;
	p->sigmask = set & ~never_blocked;
	sig_act_unblocked(p);
	if (p->state != P_LIVE)
		return SYS_NO_REPLY;
	sig = next_caught(p);
	if (sig && read_regs(p, regs)) {
		regs[KAAL_REGS_X(0)] = (kaal_word_t)-L_EINTR;
		kaal_thread_suspend(p->tcb);
		deliver(p, sig, regs, p->saved_mask);
		return SYS_NO_REPLY;
	}
	/* A signal with a handler breaks in (sig_interrupt). */
	p->waiting = WAIT_SIGNAL;
	kaal_thread_suspend(p->tcb);
	return SYS_NO_REPLY;
}

long sys_rt_sigreturn(struct proc *p, const struct sysargs *a)
{
	static uint8_t sc[SC_RESERVED + FPSIMD_SIZE];
	kaal_word_t regs[KAAL_REGS_COUNT];
	uint64_t at = a->sp, mask;
	uint32_t head[2];

	if (!read_regs(p, regs) ||
	    copy_in(p->vm, &mask, at + FRAME_UC + UC_SIGMASK, sizeof(mask)) ||
	    copy_in(p->vm, sc, at + FRAME_UC + UC_MCONTEXT, sizeof(sc))) {
		proc_exit(p, 0, L_SIGSEGV);
		return SYS_NO_REPLY;
	}
	/* The first record: our fpsimd_context, or none (a frame a program
	 * made itself); anything else is a bad frame, as in Linux. */
	memcpy(head, sc + SC_RESERVED, sizeof(head));
	if (head[0] && (head[0] != FPSIMD_MAGIC || head[1] != FPSIMD_SIZE)) {
		proc_exit(p, 0, L_SIGSEGV);
		return SYS_NO_REPLY;
	}
	memcpy(regs, sc + SC_REGS, 31 * 8);
	memcpy(&regs[KAAL_REGS_SP], sc + SC_SP, 8);
	memcpy(&regs[KAAL_REGS_PC], sc + SC_PC, 8);
	memcpy(&regs[KAAL_REGS_SPSR], sc + SC_PSTATE, 8);
	regs[KAAL_REGS_SPSR] &= KAAL_REGS_SPSR_USER;
	if (regs[KAAL_REGS_PC] >= ELF_USER_TOP ||
	    regs[KAAL_REGS_SP] >= ELF_USER_TOP) {
		proc_exit(p, 0, L_SIGSEGV);
		return SYS_NO_REPLY;
	}
	p->sigmask = mask & ~never_blocked;
	kaal_thread_suspend(p->tcb);
	if ((head[0] && !write_fp(p, sc + SC_RESERVED)) || !write_regs(p, regs))
		proc_exit(p, 0, L_SIGSEGV);
	return SYS_NO_REPLY;
}

void sig_act_unblocked(struct proc *p)
{
	/* A pending signal no longer blocked whose action is the default
	 * takes it now (a caught one waits for sig_* to run its handler). */
	for (int sig = 1; sig <= L_NSIG && p->state == P_LIVE; sig++) {
		uint64_t bit = 1ull << (sig - 1);

		if ((p->sigpending & bit) && !(p->sigmask & bit) &&
		    act_word(p, sig, 0) == 0) {
			p->sigpending &= ~bit;
			proc_signal(p, sig);
		}
	}
}
