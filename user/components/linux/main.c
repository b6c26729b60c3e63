// SPDX-License-Identifier: BSD-2-Clause
/*
 * The Linux personality (Documentation/linux.rst): runs unmodified
 * static AArch64 Linux programs as KaaL processes and serves their
 * system calls, which the kernel delivers to us as faults (the threads
 * are in foreign mode, tcb_set_syscall_mode).
 *
 * One endpoint ("linux") brings everything: the shell's requests
 * (<libsys/linux.h>: run a program, what is typed), badged with the
 * shell's id, and the fault messages of the processes, badged
 * LINUX_BADGE_FAULT | pid: a system call (KAAL_FAULT_UNKNOWN_SYSCALL,
 * its registers in eleven words), or a real fault (a page to make, or a
 * crash). A system call's reply is one word, x0, and the thread goes on
 * after its svc. A call that waits gets no reply: its thread is
 * suspended, and resumed (it makes the call again) when what it waits
 * for comes; we never wait ourselves.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/console.h>
#include <libkaal/counter.h>
#include <libsys/error.h>
#include <libsys/linux.h>
#include <libsys/ring.h>
#include <libsys/timer.h>
#include <uapi/kaal/fault.h>
#include "linux.h"

struct tty console_tty;
static kaal_console_write_fn *console_raw;
static struct ring ev_ring;
static kaal_cptr_t ev_peer;
static bool ev_ok, ready;
static struct timer_client timer;
static bool have_timer;

static bool waits_for_time(const struct proc *p)
{
	return p->state == P_LIVE &&
	       (p->waiting == WAIT_TIME || p->waiting == WAIT_EITHER ||
		p->waiting == WAIT_FUTEX);
}

/* The timer set for the earliest deadline still to come of the sleeping
 * processes (one whose time has come was resumed, and makes its call
 * again); false when there is no timer service. */
static bool timer_rearm(void)
{
	uint64_t first = UINT64_MAX, now = now_ns();

	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		if (waits_for_time(&procs[i]) && procs[i].wake_ns > now &&
		    procs[i].wake_ns < first)
			first = procs[i].wake_ns;
	if (first == UINT64_MAX)
		return true;
	return have_timer &&
	       !timer_set(&timer,
			  counter_ticks() + timer_ns_to_ticks(first - now));
}

long wait_until(struct proc *p, uint64_t deadline, int why)
{
	p->waiting = why;
	p->wake_ns = deadline;
	kaal_thread_suspend(p->tcb);
	if (deadline > now_ns() && timer_rearm())
		return SYS_NO_REPLY;
	/* No timer service: the call again at once, whenever nothing
	 * above the process's priority runs. */
	kaal_thread_resume(p->tcb);
	return SYS_NO_REPLY;
}

/* The timer's signal (or another on our notification): the processes
 * whose time has come make their calls again. */
static void timer_fired(void)
{
	uint64_t now = now_ns();

	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		if (waits_for_time(&procs[i]) && now >= procs[i].wake_ns)
			proc_wake(&procs[i]);
	timer_rearm();
}

void wake_waiters(const void *obj)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *p = &procs[i];

		if (p->state != P_LIVE)
			continue;
		if ((p->waiting == WAIT_PIPE && obj && p->wait_obj == obj) ||
		    (p->waiting == WAIT_INPUT && !obj)) {
			p->waiting = WAIT_NONE;
			proc_wake(p);
		} else if (p->waiting == WAIT_POLL) {
			p->waiting = WAIT_NONE;
			proc_wake(p);
		} else if (p->waiting == WAIT_EITHER) {
			/* It keeps its deadline for the call made again. */
			proc_wake(p);
		}
	}
}

uint64_t now_ns(void)
{
	return counter_ns();
}

void console_out(const char *s, size_t n)
{
	if (n)
		console_raw(s, n);
}

/*
 * A generator for AT_RANDOM and getrandom: xorshift64*, seeded with the
 * counter and stirred with it on every call. Not a source of secrets:
 * KaaL has no entropy service yet (Documentation/linux.rst, "Limits").
 */
void linux_random(void *buf, size_t n)
{
	static uint64_t state;
	uint8_t *out = buf;

	state ^= counter_ticks() * 0x9e3779b97f4a7c15ull;
	if (!state)
		state = 0x2545f4914f6cdd1dull;
	while (n) {
		uint64_t v;
		size_t k = n < 8 ? n : 8;

		state ^= state >> 12;
		state ^= state << 25;
		state ^= state >> 27;
		v = state * 0x2545f4914f6cdd1dull;
		memcpy(out, &v, k);
		out += k;
		n -= k;
	}
}

void linux_event(uint32_t pid, int status, int signal)
{
	struct linux_event ev = { pid, (uint32_t)signal, (uint32_t)status, 0 };

	if (!ev_ok || ring_push(&ev_ring, &ev, sizeof(ev)))
		return;
	kaal_signal(ev_peer);
}

/* The words of a message: 0-5 from the registers, the rest from our IPC
 * buffer, copied before anything else can overwrite them. */
static unsigned int message_words(const struct kaal_recv_ret *in,
				  kaal_word_t *w)
{
	const struct kaal_ipc_buffer *ipc =
		(const struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR;
	unsigned int len = KAAL_MSGINFO_LEN(in->msg.info);

	if (len > KAAL_MSG_MAX_WORDS)
		len = KAAL_MSG_MAX_WORDS;
	memset(w, 0, KAAL_MSG_MAX_WORDS * sizeof(*w));
	memcpy(w, in->msg.mr, sizeof(in->msg.mr));
	for (unsigned int i = KAAL_MSG_REG_WORDS; i < len; i++)
		w[i] = ipc->mr[i];
	return len;
}

/* LINUX_RUN: the command line, split as a shell would, then started. */
static long run(const kaal_word_t *w, unsigned int len)
{
	static char line[LINUX_CMD_MAX + 1], words[LINUX_CMD_MAX + 1];
	static char *argv[64];
	uint64_t n = w[0];
	int argc;

	if (!len || n > LINUX_CMD_MAX || n > (uint64_t)(len - 1) * 8)
		return -SYS_E_PROTOCOL;
	if (!ready) {
		printf("linux: no memory for processes\n");
		return -SYS_E_NO_SPACE;
	}
	memcpy(line, &w[1], n);
	line[n] = '\0';
	argc = args_split(line, words, sizeof(words), argv, 63);
	if (argc == -1) {
		printf("linux: unterminated quote or trailing \\\n");
		return -SYS_E_PROTOCOL;
	}
	if (argc < 1) {
		printf("linux: usage: linux <program> [arguments...]\n");
		return -SYS_E_PROTOCOL;
	}
	argv[argc] = NULL;
	return proc_spawn(argc, argv);
}

/* LINUX_INPUT: typed bytes for the terminal. */
static long input(const kaal_word_t *w, unsigned int len)
{
	char buf[LINUX_INPUT_MAX];
	uint64_t n = w[0];
	int sig;

	if (!len || n > LINUX_INPUT_MAX || n > (uint64_t)(len - 1) * 8)
		return -SYS_E_PROTOCOL;
	memcpy(buf, &w[1], n);
	tty_input(&console_tty, buf, n);
	console_out(console_tty.echo, console_tty.echo_len);
	tty_echo_clear(&console_tty);
	sig = tty_take_signal(&console_tty);
	if (!proc_top()) {
		tty_flush_input(&console_tty);
	} else if (sig) {
		/* Ctrl-C, Ctrl-\\, Ctrl-Z: to the terminal's foreground
		 * group. */
		for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
			struct proc *q = &procs[i];

			if (q->state != P_LIVE || q->pgid != fg_pgrp)
				continue;
			/* A stopped foreground group (stopped while it had
			 * the terminal, kill -STOP) is continued first, so
			 * that Ctrl-C can end it: the KaaL shell has no job
			 * control to continue it with. */
			if (q->stopped && sig != L_SIGTSTP)
				proc_signal(q, L_SIGCONT);
			proc_signal(q, sig);
		}
	} else if (tty_readable(&console_tty)) {
		/* Its read (or select) made again finds the line. */
		wake_waiters(NULL);
	}
	return (long)n;
}

/* A message of a process: the reply to send, or false for none. */
static bool from_process(kaal_word_t badge, const struct kaal_recv_ret *in,
			 const kaal_word_t *w, struct kaal_msg *reply)
{
	uint64_t label = KAAL_MSGINFO_LABEL(in->msg.info);
	uint32_t pid = (uint32_t)(badge & LINUX_BADGE_PID);
	struct proc *p = proc_find(pid);
	struct sysargs a;
	long r;

	/* A fault of a process that is gone (its end raced the message). */
	if (!p)
		return false;
	current = p;
	if (label != KAAL_FAULT_UNKNOWN_SYSCALL) {
		bool goes_on = proc_fault(p, label, w);

		current = NULL;
		if (!goes_on)
			return false;
		*reply = (struct kaal_msg){ KAAL_MSGINFO(0, 0, 0), { 0 } };
		return true;
	}
	memcpy(a.a, w, sizeof(a.a));
	a.nr = w[KAAL_FAULT_SYSCALL_NR];
	a.pc = w[KAAL_FAULT_SYSCALL_PC];
	a.sp = w[KAAL_FAULT_SYSCALL_SP];
	/* A caught signal runs its handler first (the call comes after). */
	if (sig_at_entry(p, &a)) {
		current = NULL;
		return false;
	}
	r = syscall_dispatch(p, &a);
	current = NULL;
	/* It waits, or it is gone (its call ended it, or it was exec'd). */
	if (r == SYS_NO_REPLY || p->state != P_LIVE || p->pid != pid)
		return false;
	/* Its call stopped it (a stop signal to itself or its group): the
	 * result waits with it for SIGCONT. */
	if (p->stopped) {
		proc_hold(p, r);
		return false;
	}
	/* A signal the call raised or unblocked: its handler, then r. */
	if (sig_after_call(p, r))
		return false;
	*reply = (struct kaal_msg){ KAAL_MSGINFO(0, 0, 1), { (kaal_word_t)r } };
	return true;
}

static void serve(kaal_cptr_t ep)
{
	static kaal_word_t w[KAAL_MSG_MAX_WORDS];
	struct kaal_msg reply;
	struct kaal_recv_ret in = kaal_recv(ep);

	for (;;) {
		uint64_t label = KAAL_MSGINFO_LABEL(in.msg.info);
		unsigned int len;
		bool answer;
		long r;

		if (in.error) {
			in = kaal_recv(ep);
			continue;
		}
		len = message_words(&in, w);
		if (in.badge & LINUX_BADGE_FAULT) {
			answer = from_process(in.badge, &in, w, &reply);
		} else if (label == KAAL_LABEL_NOTIFICATION) {
			timer_fired();
			answer = false;
		} else {
			r = label == LINUX_RUN	 ? run(w, len) :
			    label == LINUX_INPUT ? input(w, len) :
						   -SYS_E_PROTOCOL;
			reply = r < 0 ? (struct kaal_msg){ KAAL_MSGINFO(-r, 0,
									0),
							   { 0 } } :
					(struct kaal_msg){ KAAL_MSGINFO(0, 0,
									1),
							   { (kaal_word_t)r } };
			answer = true;
		}
		in = answer ? kaal_reply_recv(ep, &reply) : kaal_recv(ep);
	}
}

int main(void *x0)
{
	const struct sys_component_info *ci = sys_component_init(x0);
	const struct sys_resource *srv, *ev, *notify;

	if (!ci)
		return 1;
	console_raw = kaal_console_set(NULL);
	kaal_console_set(console_raw);
	srv = sys_resource(ci, "linux", SYS_RES_SERVER);
	if (!srv) {
		printf("linux: no \"linux\" endpoint to serve\n");
		return 1;
	}
	ev = sys_resource(ci, "shell.ev", SYS_RES_RING);
	ev_ok = ev && !ring_attach(&ev_ring, (void *)ev->vaddr, ev->size);
	if (ev_ok)
		ev_peer = ev->cap;
	linux_fs_error = ramfs_connect(&linux_fs, ci);
	if (linux_fs_error)
		printf("linux: ramfs: %s: only the archive's files\n",
		       sys_strerror(linux_fs_error));
	tty_init(&console_tty);
	proc_set_endpoint(srv->cap);
	/* Sleeping processes: the timer service signals our notification,
	 * which wakes our receive when bound to our thread. */
	notify = sys_resource(ci, "notify", SYS_RES_NOTIFICATION);
	have_timer = notify &&
		     !kaal_tcb_bind_notification(SYS_CAP_TCB, notify->cap) &&
		     !timer_open(&timer, ci, notify->cap);
	ready = !mem_init(ci);
	archive_init();
	vfs_init();
	printf("linux: ready: %u files in linux.cpio (%lu KiB), %s%s\n",
	       archive_nr_files, (unsigned long)(files_size() / 1024),
	       archive_find_file("bin/busybox") >= 0 ?
		       "busybox and bash-static in /bin" :
		       "no busybox (CONFIG_LINUX_DEBIAN_BINARIES off)",
	       have_timer ? "" : "; no timer service: sleeps busy-wait");
	serve(srv->cap);
	return 0;
}
