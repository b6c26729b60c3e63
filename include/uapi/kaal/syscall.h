/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KaaL system call numbers and the calling convention.
 *
 * A system call is "svc #0" with:
 *   x8        system call number (below)
 *   x0        capability pointer of the object invoked (where there is one)
 *   x1-x7     arguments, in the order the libkaal wrapper lists them
 * and returns with:
 *   x0        error code: KAAL_OK (0) or one of KAAL_E* (errors.h)
 *   x1-x7     results, where the call has any
 * Every other register is preserved. IPC calls use the message layout of
 * message.h instead (documented there). See Documentation/abi.rst.
 */
#ifndef UAPI_KAAL_SYSCALL_H
#define UAPI_KAAL_SYSCALL_H

/* IPC (message.h) */
#define KAAL_SYS_SEND			0x01
#define KAAL_SYS_RECV			0x02
#define KAAL_SYS_CALL			0x03
#define KAAL_SYS_REPLY			0x04
#define KAAL_SYS_YIELD			0x05
#define KAAL_SYS_THREAD_SUSPEND		0x06
#define KAAL_SYS_THREAD_RESUME		0x07
#define KAAL_SYS_REPLY_RECV		0x08
#define KAAL_SYS_NBSEND			0x09
#define KAAL_SYS_NBRECV			0x0a

/* Notifications */
#define KAAL_SYS_WAIT			0x10
#define KAAL_SYS_SIGNAL			0x11
#define KAAL_SYS_POLL			0x12

/* Virtual memory */
#define KAAL_SYS_MEMORY_MAP		0x20
#define KAAL_SYS_MEMORY_UNMAP		0x21
#define KAAL_SYS_MEMORY_PROTECT		0x22
#define KAAL_SYS_PAGE_TABLE_MAP		0x23
#define KAAL_SYS_PAGE_TABLE_UNMAP	0x24
#define KAAL_SYS_PAGE_ADDRESS		0x25
#define KAAL_SYS_RETYPE			0x26

/* Capabilities */
#define KAAL_SYS_CAP_COPY		0x30
#define KAAL_SYS_CAP_MOVE		0x31
#define KAAL_SYS_CAP_DELETE		0x32
#define KAAL_SYS_CAP_REVOKE		0x33
#define KAAL_SYS_CAP_MINT		0x34
#define KAAL_SYS_CAP_IDENTIFY		0x35

/* Interrupts */
#define KAAL_SYS_IRQ_HANDLER_GET	0x40
#define KAAL_SYS_IRQ_HANDLER_ACK	0x41
#define KAAL_SYS_IRQ_HANDLER_SET_NTFN	0x42

/* Debugging (CONFIG_DEBUG_SYSCALLS only; else KAAL_E_INVALID_SYSCALL) */
#define KAAL_SYS_DEBUG_PUTCHAR		0x50
#define KAAL_SYS_DEBUG_HALT		0x51

/* Threads */
#define KAAL_SYS_TCB_CONFIGURE		0x60
#define KAAL_SYS_TCB_SET_PRIORITY	0x61
#define KAAL_SYS_TCB_WRITE_REGISTERS	0x62
#define KAAL_SYS_TCB_READ_REGISTERS	0x63
#define KAAL_SYS_TCB_BIND_NOTIFICATION	0x64
#define KAAL_SYS_TCB_SET_DOMAIN		0x65
#define KAAL_SYS_TCB_SET_MCP		0x66

#endif /* UAPI_KAAL_SYSCALL_H */
