/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A host stand-in for libkaal's <libkaal/syscalls.h>, for unit tests of user
 * code (tests/unit/test_ramfs_server.c): the same types, and the IPC
 * calls as plain functions that the test program defines, so a request
 * can go from a client library straight into a server's handler.
 */
#ifndef KAAL_TEST_STUB_LIBKAAL_SYSCALLS_H
#define KAAL_TEST_STUB_LIBKAAL_SYSCALLS_H

#include <stdint.h>
#include <uapi/kaal/kaal.h> /* the ABI: include/uapi/kaal/ */

typedef uint64_t kaal_cptr_t;
typedef uint64_t kaal_word_t;

struct kaal_msg {
	kaal_word_t info;
	kaal_word_t mr[KAAL_MSG_REG_WORDS];
};

struct kaal_recv_ret {
	enum kaal_error error;
	kaal_word_t badge;
	struct kaal_msg msg;
};

struct kaal_recv_ret kaal_call(kaal_cptr_t ep, const struct kaal_msg *msg);
struct kaal_recv_ret kaal_recv(kaal_cptr_t ep);
struct kaal_recv_ret kaal_reply_recv(kaal_cptr_t ep,
				     const struct kaal_msg *msg);

#endif /* KAAL_TEST_STUB_LIBKAAL_SYSCALLS_H */
