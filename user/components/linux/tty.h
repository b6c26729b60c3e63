/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The console as a Linux terminal: the line discipline of the one
 * terminal the personality's programs share (Documentation/linux.rst,
 * "The terminal"). What is typed arrives as bytes (LINUX_INPUT from the
 * shell); in canonical mode (ICANON, the default) a line is edited here
 * (VERASE, VKILL, VWERASE, echoed as a terminal does) and becomes
 * readable once it ends (newline, VEOF, VEOL); otherwise bytes are
 * readable at once. ISIG turns VINTR and VQUIT into signals, which the
 * caller takes with tty_take_signal. Echo goes into an output buffer the
 * caller writes to the console. Pure code (tests/unit/test_linux.c).
 */
#ifndef USER_COMPONENTS_LINUX_TTY_H
#define USER_COMPONENTS_LINUX_TTY_H

#include <stddef.h>
#include <stdint.h>
#include "abi.h"

#define TTY_LINE_MAX 1024 /* a line being edited */
#define TTY_READ_MAX 4096 /* bytes ready to be read */
#define TTY_ECHO_MAX 4096
#define TTY_SEGMENTS 64 /* lines ready to be read */

struct tty {
	struct l_termios t;
	struct l_winsize ws;
	char line[TTY_LINE_MAX];
	unsigned int line_len;
	/* Readable bytes; in canonical mode cut into lines (segments,
	 * each of seg[i] bytes; a segment of 0 bytes is an end of file). */
	char ready[TTY_READ_MAX];
	unsigned int ready_len;
	uint16_t seg[TTY_SEGMENTS];
	unsigned int nseg;
	char echo[TTY_ECHO_MAX];
	unsigned int echo_len;
	int signal; /* L_SIG* raised by the input, 0: none */
};

/* A terminal as Linux sets up a serial console: canonical, echoing,
 * signals on, CR to NL, 24 x 80. */
void tty_init(struct tty *t);

/* @n bytes typed. */
void tty_input(struct tty *t, const char *buf, size_t n);

/* Can a read return now (data, or an end of file)? */
int tty_readable(const struct tty *t);

/* Up to @n bytes into @dst: in canonical mode at most one line; 0 at an
 * end of file (VEOF on an empty line). Call only when tty_readable. */
size_t tty_read(struct tty *t, char *dst, size_t n);

/* Bytes readable now (FIONREAD). */
size_t tty_pending(const struct tty *t);

/* Throw away what was typed and not read (TCSETSF, TCFLSH, a signal). */
void tty_flush_input(struct tty *t);

/* The echo written so far (its bytes, then tty_echo_clear), and the
 * signal the input raised (cleared as it is taken). */
void tty_echo_clear(struct tty *t);
int tty_take_signal(struct tty *t);

/* New settings (TCSETS*): leaving canonical mode makes the line being
 * edited readable, as Linux does. */
void tty_set(struct tty *t, const struct l_termios *nt);

#endif /* USER_COMPONENTS_LINUX_TTY_H */
