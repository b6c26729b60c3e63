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
	KAAL_FAULT_UNKNOWN_SYSCALL = 6, /* reserved */
	KAAL_FAULT_OTHER = 7,		/* any other synchronous exception */
};

#define KAAL_FAULT_MSG_LEN 4

#endif /* UAPI_KAAL_FAULT_H */
