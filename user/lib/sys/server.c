// SPDX-License-Identifier: BSD-2-Clause
/* The receive/reply loop of every server (libsys/server.h). */
#include <libsys/server.h>

int sys_serve(struct sys_server *srv)
{
	struct kaal_recv_ret in = kaal_recv(srv->ep);

	for (;;) {
		struct kaal_msg reply;
		int ret;

		if (in.error) {
			ret = srv->recv_failed ?
				      srv->recv_failed(srv, -(long)in.error) :
				      0;
			if (ret < 0)
				return ret;
			in = kaal_recv(srv->ep);
			continue;
		}
		ret = srv->handle(srv, &in, &reply);
		if (ret < 0)
			return ret;
		if (ret == SYS_SERVE_NO_REPLY)
			in = kaal_recv(srv->ep);
		else
			in = kaal_reply_recv(srv->ep, &reply);
	}
}
