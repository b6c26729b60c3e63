// SPDX-License-Identifier: BSD-2-Clause
/* The console's line discipline (tty.h). */
#include <string.h>
#include "tty.h"

#define CTRL(c) ((c)&0x1f)

void tty_init(struct tty *t)
{
	memset(t, 0, sizeof(*t));
	t->t.c_iflag = L_ICRNL | L_IXON;
	t->t.c_oflag = L_OPOST | L_ONLCR;
	t->t.c_cflag = L_B38400 | L_CS8 | L_CREAD;
	t->t.c_lflag = L_ISIG | L_ICANON | L_ECHO | L_ECHOE | L_ECHOK |
		       L_ECHOCTL | L_ECHOKE | L_IEXTEN;
	t->t.c_cc[L_VINTR] = CTRL('C');
	t->t.c_cc[L_VQUIT] = CTRL('\\');
	t->t.c_cc[L_VERASE] = 0x7f;
	t->t.c_cc[L_VKILL] = CTRL('U');
	t->t.c_cc[L_VEOF] = CTRL('D');
	t->t.c_cc[L_VMIN] = 1;
	t->t.c_cc[L_VSUSP] = CTRL('Z');
	t->t.c_cc[L_VWERASE] = CTRL('W');
	t->ws.ws_row = 24;
	t->ws.ws_col = 80;
}

static void echo(struct tty *t, const char *s, size_t n)
{
	if (n > TTY_ECHO_MAX - t->echo_len)
		n = TTY_ECHO_MAX - t->echo_len;
	memcpy(t->echo + t->echo_len, s, n);
	t->echo_len += (unsigned int)n;
}

/* A character as the terminal shows it: a control character as ^X
 * (ECHOCTL), except tab and newline. */
static void echo_char(struct tty *t, char c)
{
	if (!(t->t.c_lflag & L_ECHO))
		return;
	if ((unsigned char)c < 0x20 && c != '\t' && c != '\n' &&
	    (t->t.c_lflag & L_ECHOCTL)) {
		char ctl[2] = { '^', (char)(c + '@') };

		echo(t, ctl, 2);
		return;
	}
	echo(t, &c, 1);
}

/* Rub out the last character of the line. */
static void erase(struct tty *t)
{
	char c;

	if (!t->line_len)
		return;
	c = t->line[--t->line_len];
	if (!(t->t.c_lflag & L_ECHO))
		return;
	if (t->t.c_lflag & L_ECHOE) {
		echo(t, "\b \b", 3);
		/* ^X took two columns. */
		if ((unsigned char)c < 0x20 && c != '\t' &&
		    (t->t.c_lflag & L_ECHOCTL))
			echo(t, "\b \b", 3);
	} else {
		echo_char(t, t->t.c_cc[L_VERASE]);
	}
}

/* The line (with @nl appended when not 0) becomes readable. */
static void line_done(struct tty *t, char nl)
{
	unsigned int n = t->line_len + (nl ? 1 : 0);

	if (n > TTY_READ_MAX - t->ready_len || t->nseg == TTY_SEGMENTS) {
		t->line_len = 0; /* no room: the line is lost */
		return;
	}
	memcpy(t->ready + t->ready_len, t->line, t->line_len);
	if (nl)
		t->ready[t->ready_len + t->line_len] = nl;
	t->ready_len += n;
	t->seg[t->nseg++] = (uint16_t)n;
	t->line_len = 0;
}

static void raw_byte(struct tty *t, char c)
{
	if (t->ready_len == TTY_READ_MAX)
		return;
	t->ready[t->ready_len++] = c;
	if (!t->nseg)
		t->nseg = 1;
	t->seg[0] = (uint16_t)t->ready_len;
}

static void input_byte(struct tty *t, char c)
{
	const uint8_t *cc = t->t.c_cc;
	uint32_t lflag = t->t.c_lflag;

	if (c == '\r' && (t->t.c_iflag & L_IGNCR))
		return;
	if (c == '\r' && (t->t.c_iflag & L_ICRNL))
		c = '\n';
	else if (c == '\n' && (t->t.c_iflag & L_INLCR))
		c = '\r';
	if ((lflag & L_ISIG) && c &&
	    (c == (char)cc[L_VINTR] || c == (char)cc[L_VQUIT] ||
	     c == (char)cc[L_VSUSP])) {
		echo_char(t, c);
		if (lflag & L_ECHO)
			echo(t, "\n", 1);
		tty_flush_input(t);
		t->signal = c == (char)cc[L_VINTR] ? L_SIGINT :
			    c == (char)cc[L_VQUIT] ? L_SIGQUIT :
						     L_SIGTSTP;
		return;
	}
	if (!(lflag & L_ICANON)) {
		echo_char(t, c);
		raw_byte(t, c);
		return;
	}
	if (c && c == (char)cc[L_VERASE]) {
		erase(t);
		return;
	}
	if (c && c == (char)cc[L_VKILL]) {
		while (t->line_len)
			erase(t);
		return;
	}
	if (c && c == (char)cc[L_VWERASE] && (lflag & L_IEXTEN)) {
		while (t->line_len && t->line[t->line_len - 1] == ' ')
			erase(t);
		while (t->line_len && t->line[t->line_len - 1] != ' ')
			erase(t);
		return;
	}
	if (c && c == (char)cc[L_VEOF]) {
		line_done(t, 0); /* an empty one is the end of file */
		return;
	}
	if (c == '\n' || (c && c == (char)cc[L_VEOL])) {
		if ((lflag & L_ECHO) || (c == '\n' && (lflag & L_ECHONL)))
			echo(t, &c, 1);
		if (t->line_len < TTY_LINE_MAX)
			t->line[t->line_len++] = c;
		line_done(t, 0);
		return;
	}
	if (t->line_len >= TTY_LINE_MAX - 1) {
		echo(t, "\a", 1); /* full: keep room for the newline */
		return;
	}
	t->line[t->line_len++] = c;
	echo_char(t, c);
}

void tty_input(struct tty *t, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		input_byte(t, buf[i]);
}

int tty_readable(const struct tty *t)
{
	return t->nseg > 0;
}

size_t tty_pending(const struct tty *t)
{
	return t->ready_len;
}

size_t tty_read(struct tty *t, char *dst, size_t n)
{
	size_t take;

	if (!t->nseg)
		return 0;
	take = t->seg[0] < n ? t->seg[0] : n;
	memcpy(dst, t->ready, take);
	memmove(t->ready, t->ready + take, t->ready_len - take);
	t->ready_len -= (unsigned int)take;
	t->seg[0] = (uint16_t)(t->seg[0] - take);
	/* A line read to its end goes; so does an end of file, read as 0. */
	if (!t->seg[0]) {
		memmove(t->seg, t->seg + 1, (t->nseg - 1) * sizeof(t->seg[0]));
		t->nseg--;
	}
	return take;
}

void tty_flush_input(struct tty *t)
{
	t->line_len = 0;
	t->ready_len = 0;
	t->nseg = 0;
}

void tty_echo_clear(struct tty *t)
{
	t->echo_len = 0;
}

int tty_take_signal(struct tty *t)
{
	int sig = t->signal;

	t->signal = 0;
	return sig;
}

void tty_set(struct tty *t, const struct l_termios *nt)
{
	int was_canon = t->t.c_lflag & L_ICANON;

	t->t = *nt;
	if (was_canon && !(nt->c_lflag & L_ICANON)) {
		/* Lines and the partial line become one stream of bytes. */
		if (t->line_len <= TTY_READ_MAX - t->ready_len) {
			memcpy(t->ready + t->ready_len, t->line, t->line_len);
			t->ready_len += t->line_len;
		}
		t->line_len = 0;
		t->nseg = t->ready_len ? 1 : 0;
		t->seg[0] = (uint16_t)t->ready_len;
	} else if (!was_canon && (nt->c_lflag & L_ICANON)) {
		/* What is there is read as it is, as one segment. */
		t->nseg = t->ready_len ? 1 : 0;
		t->seg[0] = (uint16_t)t->ready_len;
	}
}
