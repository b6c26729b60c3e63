// SPDX-License-Identifier: BSD-2-Clause
/*
 * Signals where a program does not expect them, for the personality
 * (Documentation/linux.rst, "Signals"; tests/system/test_shell.py):
 *
 *  - a SIGSEGV handler sees a real fault (si_code, si_addr, the
 *    sigcontext's fault_address), moves the pc past the faulting load in
 *    its ucontext and returns: the program goes on after it;
 *  - a child that computes without any system call gets SIGUSR1 from its
 *    parent: its handler runs where the child is, clobbers q16-q31 and
 *    FPCR, and after rt_sigreturn the child's own values are back;
 *  - fork gives the child its parent's q16-q31 and FPCR.
 *
 * Each result is printed as "signals: <what> = <value>".
 */
#include "linux-syscall.h"

#define LNR_KILL	 129
#define LNR_RT_SIGACTION 134
#define LNR_GETPID	 172
#define SIGUSR1		 10
#define SIGSEGV		 11
#define SIGCHLD		 17
#define SA_SIGINFO	 4ul
#define PROT_READ	 1
#define MAP_PRIVATE	 0x02
#define MAP_ANONYMOUS	 0x20
#define UC_PC		 (176 + 264) /* ucontext: uc_mcontext.pc */
#define UC_FAULT_ADDRESS 176	     /* uc_mcontext.fault_address */
#define SI_CODE		 8
#define SI_ADDR		 16
#define RMODE(m)	 ((unsigned long)(m) << 22)
/* Where the shell's code is in its own address space: not ours. */
#define SHELL_ADDRESS	 0x2c00000ul

#define result(what, v) lreport("signals", what, v)

struct sigaction_l {
	unsigned long handler, flags, restorer, mask;
};

static long catch (int sig, void *handler)
{
	struct sigaction_l act = { (unsigned long)handler, SA_SIGINFO, 0, 0 };

	return lsys4(LNR_RT_SIGACTION, sig, (long)&act, 0, 8);
}

static unsigned long counter(void)
{
	unsigned long c;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c) : : "memory");
	return c;
}

static unsigned long counter_hz(void)
{
	unsigned long f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

/* ---- a fault, handled ---------------------------------------------------- */

static volatile long segv_code, segv_addr, segv_fault_address, segvs;

static void on_segv(int sig, char *info, char *uc)
{
	(void)sig;
	segvs++;
	segv_code = *(int *)(info + SI_CODE);
	segv_addr = *(long *)(info + SI_ADDR);
	segv_fault_address = *(long *)(uc + UC_FAULT_ADDRESS);
	*(unsigned long *)(uc + UC_PC) += 4; /* past the load */
}

/* One load from @addr, a single instruction the handler steps over:
 * the value, or @none when it faulted. */
static long load(unsigned long addr, long none)
{
	register long x0 __asm__("x0") = none;
	register unsigned long x1 __asm__("x1") = addr;

	__asm__ volatile("ldr x0, [x1]" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

static void store(unsigned long addr)
{
	register unsigned long x1 __asm__("x1") = addr;

	__asm__ volatile("str xzr, [x1]" : : "r"(x1) : "memory");
}

static void faults(void)
{
	unsigned long ro;

	result("sigaction segv", catch (SIGSEGV, on_segv));
	result("load from another's address", load(SHELL_ADDRESS, -7));
	result("segv handled", segvs);
	result("segv si_code", segv_code); /* SEGV_MAPERR */
	result("segv si_addr is the address", segv_addr == SHELL_ADDRESS);
	result("segv fault_address is the address",
	       segv_fault_address == SHELL_ADDRESS);
	ro = (unsigned long)lsys6(LNR_MMAP, 0, 4096, PROT_READ,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	store(ro);
	result("segv after a store to a read-only page", segvs);
	result("segv si_code", segv_code); /* SEGV_ACCERR */
	result("segv si_addr is the page", segv_addr == (long)ro);
}

/* ---- FP/SIMD state ------------------------------------------------------- */

/* q16-q31 := seed, seed + 1, ... (both halves). */
#define VREGS_FILL                                                  \
	"mov	x10, %[seed]\n"                                        \
	".irp	n, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
	"dup	v\\n\\().2d, x10\n"                                    \
	"add	x10, x10, #1\n"                                        \
	".endr\n"
/* bad := how many of the 32 doublewords of q16-q31 are not seed, ... */
#define VREGS_CHECK                                                 \
	"mov	x10, %[seed]\n"                                        \
	"mov	%[bad], #0\n"                                          \
	".irp	n, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
	"umov	x11, v\\n\\().d[0]\n"                                 \
	"cmp	x11, x10\n"                                            \
	"cinc	%[bad], %[bad], ne\n"                                 \
	"umov	x11, v\\n\\().d[1]\n"                                 \
	"cmp	x11, x10\n"                                            \
	"cinc	%[bad], %[bad], ne\n"                                 \
	"add	x10, x10, #1\n"                                        \
	".endr\n"
#define VREGS_CLOBBER                                                         \
	"x10", "x11", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", \
		"v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31", "cc"

static void set_fpcr(unsigned long v)
{
	__asm__ volatile("msr fpcr, %0" : : "r"(v));
}

static unsigned long get_fpcr(void)
{
	unsigned long v;

	__asm__ volatile("mrs %0, fpcr" : "=r"(v));
	return v;
}

static volatile int usr1;

/* Clobbers what the interrupted code holds: q16-q31, FPCR. */
static void on_usr1(int sig, char *info, char *uc)
{
	unsigned long seed = 0xbad;

	(void)sig, (void)info, (void)uc;
	__asm__ volatile(VREGS_FILL : : [seed] "r"(seed) : VREGS_CLOBBER);
	set_fpcr(RMODE(3));
	usr1 = 1;
}

/* The child: q16-q31 and FPCR set, tell the parent through @ready, spin
 * on the flag (no system call) for at most 5 s of the counter; exit with
 * how many doublewords of q16-q31 changed, +100 for FPCR, 99 when no
 * signal came. */
static void computing_child(int ready)
{
	unsigned long seed = 0x5000, bad, timed_out, deadline;
	char c = 'r';

	catch (SIGUSR1, on_usr1);
	set_fpcr(RMODE(1));
	deadline = counter() + 5 * counter_hz();
	lsys3(LNR_WRITE, ready, (long)&c, 1);
	__asm__ volatile(
		VREGS_FILL "mov	%[late], #0\n"
			   "1:	ldr	w11, [%[flag]]\n"
			   "cbnz	w11, 2f\n"
			   "isb\n"
			   "mrs	x11, cntvct_el0\n"
			   "cmp	x11, %[deadline]\n"
			   "b.lo	1b\n"
			   "mov	%[late], #1\n"
			   "2:\n" VREGS_CHECK
		: [bad] "=&r"(bad), [late] "=&r"(timed_out)
		: [seed] "r"(seed), [flag] "r"(&usr1), [deadline] "r"(deadline)
		: "memory", VREGS_CLOBBER);
	lsys1(LNR_EXIT_GROUP,
	      timed_out ? 99 : (long)bad + (get_fpcr() != RMODE(1)) * 100);
}

static long wait_status(long pid)
{
	int status = -1;

	lsys4(LNR_WAIT4, pid, (long)&status, 0, 0);
	return status;
}

static void interrupted(void)
{
	int ready[2];
	long pid;
	char c;

	lsys2(LNR_PIPE2, (long)ready, 0);
	pid = lsys6(LNR_CLONE, SIGCHLD, 0, 0, 0, 0, 0);
	if (!pid)
		computing_child(ready[1]);
	lsys3(LNR_READ, ready[0], (long)&c, 1);
	result("kill a computing child", lsys2(LNR_KILL, pid, SIGUSR1));
	/* exit status << 8: 0 when its registers came back */
	result("computing child's status", wait_status(pid));
}

/* fork in the middle of FP work: both sides keep q16-q31 and FPCR. */
static void fork_keeps_fp(void)
{
	unsigned long seed = 0x7000, bad;
	long pid;
	register long x0 __asm__("x0") = SIGCHLD;
	register long x1 __asm__("x1") = 0;
	register long x8 __asm__("x8") = LNR_CLONE;

	set_fpcr(RMODE(2));
	__asm__ volatile(VREGS_FILL "svc	#0\n" VREGS_CHECK
			 : [bad] "=&r"(bad), "+r"(x0)
			 : [seed] "r"(seed), "r"(x1), "r"(x8)
			 : "x2", "x3", "x4", "x5", "memory", VREGS_CLOBBER);
	pid = x0; /* x0 is ours only within the asm */
	if (!pid)
		lsys1(LNR_EXIT_GROUP,
		      (long)bad + (get_fpcr() != RMODE(2)) * 100);
	result("fork: parent's q16-q31 changed", (long)bad);
	result("fork: child's status", wait_status(pid));
	set_fpcr(0);
}

void cmain(long *sp)
{
	(void)sp;
	faults();
	interrupted();
	fork_keeps_fp();
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
