// SPDX-License-Identifier: BSD-2-Clause
/*
 * `linux <program> [arguments...]`: a Linux program, run by the Linux
 * personality (<libsys/linux.h>, Documentation/linux.rst). The shell
 * hands it the command line as typed (the personality splits it, quotes
 * and all), then passes on everything typed, raw, until the program
 * ends: the personality is the program's terminal and echoes and edits
 * as one does. The end comes as an event in the "linux.ev" ring, shown
 * as "[exit N]" or "[killed by signal N (NAME)]".
 */
#include <stdio.h>
#include <string.h>
#include <libsys/linux.h>
#include <libsys/ring.h>
#include "shell.h"

static struct ring events;
static bool events_ok;

/* A request to the personality: @len bytes from mr1 on, mr0 the count;
 * its result, or -E. */
static long linux_call(kaal_cptr_t ep, kaal_word_t req, const char *s,
		       size_t len)
{
	struct kaal_ipc_buffer *ipc =
		(struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR;
	kaal_word_t w[KAAL_MSG_MAX_WORDS] = { len };
	unsigned int words = 1 + (unsigned int)((len + 7) / 8);
	struct kaal_msg m;
	struct kaal_recv_ret r;

	memcpy(&w[1], s, len);
	m.info = KAAL_MSGINFO(req, 0, words);
	memcpy(m.mr, w, sizeof(m.mr));
	if (words > KAAL_MSG_REG_WORDS)
		memcpy(&ipc->mr[KAAL_MSG_REG_WORDS], &w[KAAL_MSG_REG_WORDS],
		       (words - KAAL_MSG_REG_WORDS) * sizeof(w[0]));
	r = kaal_call(ep, &m);
	if (r.error)
		return -(long)r.error;
	if (KAAL_MSGINFO_LABEL(r.msg.info))
		return -(long)KAAL_MSGINFO_LABEL(r.msg.info);
	return (long)r.msg.mr[0];
}

static const char *signal_name(uint32_t sig)
{
	static const char *const names[] = {
		[1] = "SIGHUP",	  [2] = "SIGINT",   [3] = "SIGQUIT",
		[4] = "SIGILL",	  [5] = "SIGTRAP",  [6] = "SIGABRT",
		[7] = "SIGBUS",	  [8] = "SIGFPE",   [9] = "SIGKILL",
		[11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM",
	};

	return sig < sizeof(names) / sizeof(names[0]) && names[sig] ?
		       names[sig] :
		       "?";
}

/* The event of @pid's end: true and shown, or false while it runs. */
static bool ended(uint32_t pid)
{
	struct linux_event ev;

	while (ring_pop(&events, &ev, sizeof(ev)) >= (int)sizeof(ev)) {
		if (ev.pid != pid)
			continue; /* an old one */
		if (ev.signal)
			printf("[killed by signal %u (%s)]\n", ev.signal,
			       signal_name(ev.signal));
		else
			printf("[exit %u]\n", ev.status);
		return true;
	}
	return false;
}

void cmd_linux(char *args)
{
	const struct sys_resource *ep =
		sys_resource(shell.ci, "linux", SYS_RES_CLIENT);
	const struct sys_resource *ev =
		sys_resource(shell.ci, "linux.ev", SYS_RES_RING);
	char typed[LINUX_INPUT_MAX];
	long pid;

	if (!*args) {
		printf("linux: usage: linux <program> [arguments...]\n");
		return;
	}
	if (!ep || !ev) {
		shell_error("linux", "linux", -SYS_E_DENIED);
		return;
	}
	if (strlen(args) > LINUX_CMD_MAX) {
		printf("linux: command line too long\n");
		return;
	}
	if (!events_ok)
		events_ok = !ring_attach(&events, (void *)ev->vaddr, ev->size);
	if (!events_ok || !shell_service_up("linux", "linux"))
		return;
	while (ended(0))
		; /* events of no program of ours */
	pid = linux_call(ep->cap, LINUX_RUN, args, strlen(args));
	if (pid < 0) {
		/* The personality said why, unless it is gone. */
		if (pid > -SYS_E_DENIED)
			shell_error("linux", "linux", pid);
		return;
	}
	for (;;) {
		size_t n = shell_input_take(typed, sizeof(typed));
		long err;

		if (n) {
			err = linux_call(ep->cap, LINUX_INPUT, typed, n);
			if (err < 0) {
				shell_error("linux", "linux", err);
				return;
			}
		}
		if (ended((uint32_t)pid))
			return;
		if (!n && shell_wait_input())
			return;
	}
}
