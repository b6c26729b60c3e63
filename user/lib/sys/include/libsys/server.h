/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The receive/reply loop of a server (Documentation/components.rst):
 * receive on the endpoint, hand each message to the server's handler,
 * answer with the handler's reply through kaal_reply_recv, which also
 * waits for the next message. ramfs, system_init's broker and every
 * driver of the driver kit use it, so a change to how servers receive
 * (a reply that failed, a notification delivered on the endpoint) is
 * made once.
 */
#ifndef LIBSYS_SERVER_H
#define LIBSYS_SERVER_H

#include <libkaal/syscalls.h>

/* What a handler returns besides a negative error (which stops the loop
 * and becomes sys_serve's result). */
enum sys_serve_action {
	SYS_SERVE_REPLY = 0,	/* send *reply to the caller */
	SYS_SERVE_NO_REPLY = 1, /* nothing to answer: just receive again */
};

struct sys_server {
	kaal_cptr_t ep; /* the endpoint served */
	/*
	 * One message, with the badge of the capability it came through
	 * (a notification bound to the server's thread arrives here too,
	 * labelled KAAL_LABEL_NOTIFICATION). Fills *reply and returns
	 * SYS_SERVE_REPLY, returns SYS_SERVE_NO_REPLY, or a negative error
	 * to stop.
	 */
	int (*handle)(struct sys_server *srv, const struct kaal_recv_ret *in,
		      struct kaal_msg *reply);
	/*
	 * A receive that failed with -E, E a kernel error (a send without a
	 * reply right, a caller that went away before the reply). NULL
	 * ignores it and receives again; otherwise 0 receives again and a
	 * negative error stops the loop.
	 */
	int (*recv_failed)(struct sys_server *srv, long err);
	void *ctx; /* the server's own */
};

/* Serve until a handler stops: its negative error. */
int sys_serve(struct sys_server *srv);

#endif /* LIBSYS_SERVER_H */
