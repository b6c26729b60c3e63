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

#define CTRL_C 0x03

struct shell shell;

/*
 * Input taken from the ring but not edited yet: what a command's check
 * for Ctrl-C (shell_interrupted) found, and the rest of a burst. The
 * line editor gets it byte by byte, in order, before anything newer.
 */
static struct {
	struct ring ring;
	kaal_cptr_t producer; /* the console's notification */
	char buf[16 * CONSOLE_RX_SLOT_SIZE];
	unsigned int head, tail;
	bool interrupted; /* Ctrl-C seen while a command runs */
} in;

/* One more slot of the ring into in.buf; false when there was none (or
 * no room, which leaves it in the ring for later). */
static bool input_fill(void)
{
	char burst[CONSOLE_RX_SLOT_SIZE];
	int n;

	if (in.head) { /* room at the front again */
		memmove(in.buf, in.buf + in.head, in.tail - in.head);
		in.tail -= in.head;
		in.head = 0;
	}
	if (sizeof(in.buf) - in.tail < sizeof(burst))
		return false;
	n = ring_pop(&in.ring, burst, sizeof(burst));
	if (n < 0)
		return false;
	/*
	 * A producer that waits for room (ring.h) is signalled when this pop
	 * freed the first slot of a full ring: the count is read after the
	 * pop is published, with a full fence between (the store-then-load
	 * of user/root/bench/ring.c), so a producer that found the ring full
	 * before this pop is woken. Reading "full" before the pop would miss
	 * a producer that fills the ring between that read and the pop, then
	 * waits: it would sleep with room in the ring (proofs/ring.pml,
	 * MUT_FULL_BEFORE). The console drops input rather than wait, so for
	 * it the signal is a spurious wake-up; the protocol holds for any
	 * producer.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (in.producer && ring_count(&in.ring) == in.ring.mask)
		kaal_signal(in.producer);
	if (n > (int)sizeof(burst))
		n = sizeof(burst); /* the rest was dropped */
	memcpy(in.buf + in.tail, burst, (size_t)n);
	in.tail += (unsigned int)n;
	return true;
}

/* Everything typed so far, through the line editor. */
static void drain(void)
{
	for (;;) {
		if (in.head == in.tail && !input_fill())
			break;
		while (in.head < in.tail)
			edit_byte(in.buf[in.head++]);
		edit_flush();
	}
}

/*
 * Ctrl-C while a command runs. The command calls this between its steps;
 * it takes what was typed since from the ring (without waiting) and
 * looks for Ctrl-C. Once found, the input before it is thrown away, as
 * a terminal flushes its type-ahead on an interrupt, and the answer is
 * true until the command returns. What follows Ctrl-C is kept for the
 * next prompt.
 */
bool shell_interrupted(void)
{
	if (in.interrupted)
		return true;
	while (input_fill())
		;
	for (unsigned int i = in.head; i < in.tail; i++) {
		if (in.buf[i] == CTRL_C) {
			in.head = i + 1;
			in.interrupted = true;
			shell.out("^C\n", 3);
			return true;
		}
	}
	return false;
}

void shell_interrupt_clear(void)
{
	in.interrupted = false;
}

static kaal_cptr_t notification;

size_t shell_input_take(char *buf, size_t max)
{
	size_t n = 0;

	while (n < max) {
		size_t k;

		if (in.head == in.tail && !input_fill())
			break;
		k = in.tail - in.head < max - n ? in.tail - in.head : max - n;
		memcpy(buf + n, in.buf + in.head, k);
		in.head += (unsigned int)k;
		n += k;
	}
	return n;
}

long shell_wait_input(void)
{
	struct kaal_word_ret w = kaal_wait(notification);

	return w.error ? -(long)w.error : 0;
}

int main(void *x0)
{
	const struct sys_resource *rx_res, *notify;
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
	err = ring_attach(&in.ring, (void *)rx_res->vaddr, rx_res->size);
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
	shell.net_error = net_connect(&shell.net, shell.ci);

	printf("KaaL shell: type 'help' for commands\n");
	/* Once, right before the first prompt: the boot time until the
	 * system is ready for the user (see the root task's first line). */
	printf("shell: ready, t=%lu ns\n", (unsigned long)counter_ns());
	in.producer = rx_res->cap;
	notification = ntfn;
	edit_prompt();
	for (;;) {
		struct kaal_word_ret w;

		drain();
		w = kaal_wait(ntfn);
		if (w.error) {
			printf("shell: waiting for input: %s\n",
			       sys_strerror(w.error));
			return 1;
		}
	}
}
