/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault messages. When a thread faults and has a fault endpoint, the
 * kernel sends this message on it as if the thread had called it; the
 * handler's reply (any message) restarts the thread at the faulting
 * instruction, unless the handler changed its registers or suspended it.
 * Without a fault endpoint the thread is suspended and the kernel logs it.
 *
 *   label  = enum kaal_fault_type
 *   length = 4
 *   mr[0]  = faulting address (FAR; the PC for instruction faults)
 *   mr[1]  = ESR_EL1 (the exception syndrome, Arm ARM D17.2.37)
 *   mr[2]  = PC of the faulting instruction
 *   mr[3]  = the thread's stack pointer
 *   badge  = badge of the fault endpoint capability
 *
 * The unknown-syscall fault (KAAL_FAULT_UNKNOWN_SYSCALL) is different: it
 * is the svc of a thread in foreign mode (tcb_set_syscall_mode, syscall.h),
 * which is never a KaaL system call, so that a personality server can
 * serve another system's calls (Linux: number in x8, arguments in
 * x0-x5). Its message is the thread's registers at the svc, words
 * KAAL_FAULT_SYSCALL_* (6-10 in the handler's IPC buffer; a handler
 * without one receives words 0-5 and length 6):
 *
 *   label  = KAAL_FAULT_UNKNOWN_SYSCALL
 *   length = KAAL_FAULT_SYSCALL_LEN (11)
 *   mr[0..7] = x0..x7
 *   mr[8]  = x8, the system call number
 *   mr[9]  = PC, of the instruction after the svc
 *   mr[10] = the stack pointer
 *
 * The reply (its label is ignored) writes its first
 * min(length, KAAL_FAULT_SYSCALL_LEN) words back into the same registers
 * and resumes the thread at the PC: a reply of one word sets x0, the
 * result, and the thread continues after its svc; an empty reply changes
 * no register (use it after tcb_write_registers). A reply that would set
 * the PC or SP to a kernel address fails with KAAL_E_BAD_ADDRESS and
 * changes nothing. Should the fault be abandoned instead (the thread is
 * suspended, the handler's reply right is lost, the endpoint goes), the
 * thread executes its svc again when it next runs, as any faulting
 * thread executes its faulting instruction again.
 */
#ifndef UAPI_KAAL_FAULT_H
#define UAPI_KAAL_FAULT_H

enum kaal_fault_type {
	KAAL_FAULT_NONE = 0,
	KAAL_FAULT_VM_READ = 1,		/* data abort on a load */
	KAAL_FAULT_VM_WRITE = 2,	/* data abort on a store */
	KAAL_FAULT_VM_EXEC = 3,		/* instruction abort */
	KAAL_FAULT_UNDEFINED = 4,	/* undefined or trapped instruction */
	KAAL_FAULT_ALIGNMENT = 5,	/* PC, SP or data alignment fault */
	KAAL_FAULT_UNKNOWN_SYSCALL = 6, /* svc of a thread in foreign mode */
	KAAL_FAULT_OTHER = 7,		/* any other synchronous exception */
};

#define KAAL_FAULT_MSG_LEN 4

/* Words of the unknown-syscall fault message and of its reply. */
#define KAAL_FAULT_SYSCALL_X(n) (n) /* x0..x8 */
#define KAAL_FAULT_SYSCALL_NR	8   /* x8 */
#define KAAL_FAULT_SYSCALL_PC	9
#define KAAL_FAULT_SYSCALL_SP	10
#define KAAL_FAULT_SYSCALL_LEN	11

#endif /* UAPI_KAAL_FAULT_H */
