// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ramfs component (Documentation/ramfs.rst): finds its clients in the
 * manifest and serves the "ramfs" endpoint with server.c's handler.
 */
#include <stdio.h>
#include <libkaal/counter.h>
#include <libsys/component.h>
#include <libsys/server.h>
#include "fs.h"
#include "server.h"

static int ramfs_handle(struct sys_server *srv, const struct kaal_recv_ret *in,
			struct kaal_msg *reply)
{
	(void)srv;
	fs_set_time(counter_ns());
	*reply = server_handle(in->badge, &in->msg);
	return SYS_SERVE_REPLY;
}

int main(void *x0)
{
	const struct sys_component_info *ci = sys_component_init(x0);
	const struct sys_resource *srv;
	struct sys_server server = { .handle = ramfs_handle };

	if (!ci)
		return 1;
	srv = sys_resource(ci, "ramfs", SYS_RES_SERVER);
	if (!srv) {
		printf("ramfs: no \"ramfs\" endpoint to serve\n");
		return 1;
	}
	fs_init();
	server_find_clients(ci);
	server_banner();
	/* A receive that fails (a send without a reply right, a caller
	 * that went away) leaves nothing to answer: sys_serve receives
	 * again. */
	server.ep = srv->cap;
	return sys_serve(&server);
}
