// SPDX-License-Identifier: BSD-2-Clause
/*
 * The interactive shell component (Documentation/shell.rst).
 *
 * Input: the console service pushes what is typed into the "console.rx"
 * ring, one slot per burst, and signals this component's notification
 * ("notify"). The shell drains the ring, edits the line and echoes it;
 * output is printf, which sys_component_init sends to the console
 * service. The shell never reads the UART itself.
 *
 * The notification is the component's, not console.rx's: system_init
 * gives each of the shell's rings (the ramfs pair too) the same one. Only
 * the console signals it; the ramfs client never waits on it, its
 * transfers being synchronous calls (user/lib/sys/ramfs.c). Still, the
 * loop drains the ring before it waits and never relies on a signal to
 * say that input is there, so a signal that is lost or early is
 * harmless.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/counter.h>
#include <libsys/broker.h>
#include <libsys/console.h>
#include <libsys/error.h>
#include <libsys/ring.h>
#include "shell.h"

#define CTRL_U	  0x15
#define BACKSPACE 0x08
#define DEL	  0x7f
#define BEL	  0x07
#define ESC	  0x1b

struct shell shell;

/* The line being typed. */
static struct {
	char buf[SHELL_LINE_MAX];
	unsigned int len;
	bool overflow; /* characters were dropped: refuse the line */
	bool after_cr; /* the previous byte was CR: CRLF is one end */
	/* In an escape sequence: 1 after ESC, 2 in its parameters. */
	unsigned int escape;
} line;

/*
 * Echo goes out once per burst of input, not once per character: each
 * printf is an IPC call to the console service. Only printable bytes,
 * "\b \b" and "\n" get here, never a NUL.
 */
static char echo_buf[64];
static unsigned int echo_len;

static void echo_flush(void)
{
	if (echo_len)
		shell.out(echo_buf, echo_len);
	echo_len = 0;
}

static void echo_put(const char *s, unsigned int n)
{
	if (echo_len + n > sizeof(echo_buf))
		echo_flush();
	memcpy(echo_buf + echo_len, s, n);
	echo_len += n;
}

static void prompt(void)
{
	echo_put(SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
	echo_flush();
}

static void rub_out(void)
{
	if (!line.len)
		return;
	line.len--;
	echo_put("\b \b", 3);
}

static void end_line(void)
{
	echo_put("\n", 1);
	echo_flush();
	if (line.overflow) {
		printf("shell: line too long (more than %u characters), "
		       "ignored\n",
		       SHELL_LINE_MAX - 1);
	} else {
		line.buf[line.len] = '\0';
		shell_run(line.buf);
	}
	line.len = 0;
	line.overflow = false;
	prompt();
}

/*
 * Terminals send ESC [ ... final or ESC O final for the cursor and
 * function keys; the line editor has no use for them, and inserting their
 * printable tail ("[A") would surprise. True while c belongs to one.
 */
static bool in_escape(char c)
{
	bool printable = c >= 0x20 && c <= 0x7e;

	if (line.escape == 1 && (c == '[' || c == 'O')) {
		line.escape = 2;
		return true;
	}
	if (line.escape == 1 && printable) {
		line.escape = 0; /* Alt and a key */
		return true;
	}
	if (line.escape == 2 && printable) {
		if (c >= 0x40) /* the final byte */
			line.escape = 0;
		return true;
	}
	/* Anything else ends a sequence and counts: Enter after a lone
	 * ESC is still Enter. */
	line.escape = c == ESC;
	return line.escape;
}

static void edit(char c)
{
	bool after_cr = line.after_cr;

	line.after_cr = c == '\r';
	if (in_escape(c))
		return;
	if (c == '\n' && after_cr)
		return;
	if (c == '\r' || c == '\n') {
		end_line();
		return;
	}
	if (c == BACKSPACE || c == DEL) {
		rub_out();
		return;
	}
	if (c == CTRL_U) {
		while (line.len)
			rub_out();
		line.overflow = false;
		return;
	}
	if (c < 0x20 || c > 0x7e)
		return; /* other control characters, non-ASCII */
	if (line.len >= SHELL_LINE_MAX - 1) {
		/* Dropped, so the line cannot run as typed: say so once,
		 * refuse it on Enter (a truncated "write" would be worse). */
		if (!line.overflow)
			echo_put("\a", 1);
		line.overflow = true;
		return;
	}
	line.buf[line.len++] = c;
	echo_put(&c, 1);
}

/*
 * Everything in the ring now. A producer that waits for room (ring.h) is
 * signalled when a pop frees the first slot of a full ring: the count is
 * read after the pop is published, with a full fence between (the
 * store-then-load of user/root/bench/ring.c), so a producer that found
 * the ring full before that pop is woken. Reading "full" once before
 * draining would miss a producer that fills the ring during the drain and
 * then waits: it would sleep with the ring empty (proofs/ring.pml,
 * MUT_FULL_BEFORE). The console drops input rather than wait, so for it
 * the signal is a spurious wake-up (as the old check's was); the
 * protocol holds for any producer.
 */
static void drain(struct ring *rx, kaal_cptr_t producer)
{
	char burst[CONSOLE_RX_SLOT_SIZE];
	int n;

	while ((n = ring_pop(rx, burst, sizeof(burst))) >= 0) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (producer && ring_count(rx) == rx->mask)
			kaal_signal(producer);
		if (n > (int)sizeof(burst))
			n = sizeof(burst); /* the rest was dropped */
		for (int i = 0; i < n; i++)
			edit(burst[i]);
		echo_flush();
	}
}

int main(void *x0)
{
	const struct sys_resource *rx_res, *notify;
	struct ring rx;
	kaal_cptr_t ntfn;
	int err;

	shell.ci = sys_component_init(x0);
	if (!shell.ci)
		return 1;
	/* printf's writer, for raw output: set it back at once. */
	shell.out = kaal_console_set(NULL);
	kaal_console_set(shell.out);

	rx_res = sys_resource(shell.ci, "console.rx", SYS_RES_RING);
	if (!rx_res) {
		printf("shell: console.rx: %s\n", sys_strerror(-SYS_E_DENIED));
		return 1;
	}
	err = ring_attach(&rx, (void *)rx_res->vaddr, rx_res->size);
	if (err) {
		printf("shell: console.rx: not a ring (%d)\n", err);
		return 1;
	}
	notify = sys_resource(shell.ci, "notify", SYS_RES_NOTIFICATION);
	ntfn = notify ? notify->cap : rx_res->ntfn;
	if (!ntfn) {
		printf("shell: notify: %s\n", sys_strerror(-SYS_E_DENIED));
		return 1;
	}
	/* Without ramfs the other commands still work; the file commands
	 * report why there are no files. */
	shell.fs_error = ramfs_connect(&shell.fs, shell.ci);

	printf("KaaL shell: type 'help' for commands\n");
	/* Once, right before the first prompt: the boot time until the
	 * system is ready for the user (see the root task's first line). */
	printf("shell: ready, t=%lu ns\n", (unsigned long)counter_ns());
	prompt();
	for (;;) {
		struct kaal_word_ret w;

		drain(&rx, rx_res->cap);
		w = kaal_wait(ntfn);
		if (w.error) {
			printf("shell: waiting for input: %s\n",
			       sys_strerror(w.error));
			return 1;
		}
	}
}
