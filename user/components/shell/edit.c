// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell's line editor (Documentation/shell.rst, "Typing"): one byte
 * at a time from the input loop (main.c), a cursor anywhere in the line,
 * a ring of recent lines, Tab completion and the VT100/ANSI escape
 * sequences of the cursor and editing keys.
 *
 * What the screen shows is kept equal to the line: every change writes
 * the part of the line from the first changed character on, erases what
 * is left of the old text (ESC [ K) and puts the cursor back (ESC [ n D).
 * A terminal that knows no ANSI sequences still gets the right text at
 * the end of each line, which is where nearly all typing happens (there
 * the echo is the character itself, or "\b \b" for a rub-out).
 */
#include <stdio.h>
#include <string.h>
#include "shell.h"

#define CTRL(c)	    ((c)&0x1f)
#define BACKSPACE   0x08
#define DEL	    0x7f
#define ESC	    0x1b
#define HISTORY_MAX 16 /* lines kept for Up/Down */
#define CSI_PARAMS  8  /* parameter bytes of an escape sequence kept */

/* The line being typed. */
static struct {
	char buf[SHELL_LINE_MAX];
	unsigned int len, cur; /* characters, cursor (0..len) */
	bool overflow;	       /* characters were refused: refuse the line */
	bool after_cr;	       /* the previous byte was CR: CRLF is one end */
} line;

/* The ring of recent lines: the newest in lines[(next - 1) % MAX]. */
static struct {
	char lines[HISTORY_MAX][SHELL_LINE_MAX];
	unsigned int count, next;
	unsigned int browse; /* 0: the line being typed, k: k-th newest */
	char draft[SHELL_LINE_MAX]; /* the line being typed, while browsing */
	unsigned int draft_len;
} hist;

/* An escape sequence being read: ESC [ params final, or ESC O final. */
static struct {
	enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 } state;
	char params[CSI_PARAMS + 1];
	unsigned int n;
	bool unknown; /* too long, or intermediate bytes: ignored */
} esc;

/*
 * Echo goes out once per burst of input, not once per character: each
 * write is an IPC call to the console service.
 */
static char echo_buf[64];
static unsigned int echo_len;

void edit_flush(void)
{
	if (echo_len)
		shell.out(echo_buf, echo_len);
	echo_len = 0;
}

static void echo_put(const char *s, unsigned int n)
{
	while (n) {
		unsigned int k = sizeof(echo_buf) - echo_len;

		if (!k) {
			edit_flush();
			continue;
		}
		if (k > n)
			k = n;
		memcpy(echo_buf + echo_len, s, k);
		echo_len += k;
		s += k;
		n -= k;
	}
}

static void echo_str(const char *s)
{
	echo_put(s, (unsigned int)strlen(s));
}

static void bell(void)
{
	echo_put("\a", 1);
}

void edit_prompt(void)
{
	echo_str(SHELL_PROMPT);
	edit_flush();
}

/* The screen cursor @n characters to the left (ESC [ n D). */
static void cursor_back(unsigned int n)
{
	char seq[16];

	if (n) {
		snprintf(seq, sizeof(seq), "\x1b[%uD", n);
		echo_str(seq);
	}
}

/* The screen is right up to @from, its cursor at @at (>= from): write
 * the rest of the line, erase the old tail, cursor to line.cur. */
static void refresh(unsigned int at, unsigned int from)
{
	cursor_back(at - from);
	echo_put(line.buf + from, line.len - from);
	echo_str("\x1b[K");
	cursor_back(line.len - line.cur);
}

/* Prompt and line again on a fresh screen line (after a list of
 * completions, Ctrl-L). */
static void redraw(void)
{
	echo_str(SHELL_PROMPT);
	echo_put(line.buf, line.len);
	cursor_back(line.len - line.cur);
}

static void reset_line(void)
{
	line.len = line.cur = 0;
	line.overflow = false;
	hist.browse = 0;
}

/* Insert @n characters at the cursor; false (and the bell, and the line
 * marked refused) when they do not fit. */
static bool insert(const char *s, unsigned int n)
{
	unsigned int at = line.cur;

	if (line.len + n > SHELL_LINE_MAX - 1) {
		/* Refused, so the line cannot run as typed: say so once,
		 * refuse it on Enter (a truncated "write" would be worse). */
		if (!line.overflow)
			bell();
		line.overflow = true;
		return false;
	}
	memmove(line.buf + at + n, line.buf + at, line.len - at);
	memcpy(line.buf + at, s, n);
	line.len += n;
	line.cur += n;
	if (line.cur == line.len)
		echo_put(s, n);
	else
		refresh(at, at);
	return true;
}

/* Delete [from, to) around the cursor; the cursor ends at @from. */
static void erase(unsigned int from, unsigned int to)
{
	unsigned int at = line.cur;
	bool last = to == line.len && at == to && to - from == 1;

	if (from >= to)
		return;
	memmove(line.buf + from, line.buf + to, line.len - to);
	line.len -= to - from;
	line.cur = from;
	if (last)
		echo_put("\b \b", 3); /* the last character, at the end */
	else
		refresh(at, from);
	if (!line.len)
		line.overflow = false;
}

static void move_to(unsigned int pos)
{
	if (pos < line.cur)
		cursor_back(line.cur - pos);
	else
		echo_put(line.buf + line.cur, pos - line.cur);
	line.cur = pos;
}

/* Where the word before the cursor starts (Ctrl-W, Tab). */
static unsigned int word_start(void)
{
	unsigned int i = line.cur;

	while (i && (line.buf[i - 1] == ' ' || line.buf[i - 1] == '\t'))
		i--;
	while (i && line.buf[i - 1] != ' ' && line.buf[i - 1] != '\t')
		i--;
	return i;
}

/* The whole line replaced by @s (history). */
static void replace(const char *s, unsigned int n)
{
	unsigned int at = line.cur;

	memcpy(line.buf, s, n);
	line.len = line.cur = n;
	line.overflow = false;
	refresh(at, 0);
}

/* ---- history --------------------------------------------------------- */

static char *hist_line(unsigned int k)
{
	return hist.lines[(hist.next + HISTORY_MAX - k) % HISTORY_MAX];
}

static void hist_add(void)
{
	const char *s = line.buf;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || (hist.count && !strcmp(hist_line(1), line.buf)))
		return; /* blank, or the same as the one before */
	memcpy(hist.lines[hist.next], line.buf, line.len + 1);
	hist.next = (hist.next + 1) % HISTORY_MAX;
	if (hist.count < HISTORY_MAX)
		hist.count++;
}

/* Up (+1: older) and Down (-1: newer). */
static void hist_move(int dir)
{
	unsigned int k = hist.browse + (unsigned int)dir;

	if ((dir > 0 && hist.browse >= hist.count) ||
	    (dir < 0 && !hist.browse)) {
		bell();
		return;
	}
	if (!hist.browse) {
		memcpy(hist.draft, line.buf, line.len);
		hist.draft_len = line.len;
	}
	hist.browse = k;
	if (k)
		replace(hist_line(k), (unsigned int)strlen(hist_line(k)));
	else
		replace(hist.draft, hist.draft_len);
}

/* ---- completion ------------------------------------------------------ */

static void complete(void)
{
	char before[SHELL_LINE_MAX], *rest = before, *words[2];
	unsigned int ws = word_start(), nwords = 0;
	struct shell_matches m;
	const char *w;

	/* Only at the end of a word: Tab in the middle of one does nothing. */
	if (line.cur < line.len && line.buf[line.cur] != ' ') {
		bell();
		return;
	}
	if (line.cur > ws && line.buf[line.cur - 1] == ' ')
		ws = line.cur; /* after a blank: a new, empty word */
	memcpy(before, line.buf, ws);
	before[ws] = '\0';
	while ((w = shell_word(&rest)) && nwords < 2)
		words[nwords++] = (char *)w;
	if (w) {
		bell(); /* past the second argument: nothing to complete */
		return;
	}
	memset(&m, 0, sizeof(m));
	m.prefix = line.buf + ws;
	m.prefix_len = line.cur - ws;
	shell_complete(words, nwords, &m);
	if (!m.count) {
		bell();
		return;
	}
	if (m.common_len > m.prefix_len &&
	    !insert(m.common + m.prefix_len, m.common_len - m.prefix_len))
		return;
	if (m.count == 1) {
		if (line.cur == line.len || line.buf[line.cur] != ' ')
			insert(" ", 1);
		return;
	}
	/* Several: list them under the line, then the line again. */
	echo_put("\n", 1);
	edit_flush();
	m.print = true;
	m.count = 0;
	shell_complete(words, nwords, &m);
	printf("\n");
	redraw();
}

void shell_match(struct shell_matches *m, const char *name)
{
	size_t n = strlen(name), i;

	if (n < m->prefix_len || strncmp(name, m->prefix, m->prefix_len))
		return;
	if (m->print) {
		printf("%s  ", name);
		return;
	}
	if (n >= sizeof(m->common))
		n = sizeof(m->common) - 1;
	if (!m->count++) {
		memcpy(m->common, name, n);
		m->common_len = (unsigned int)n;
		return;
	}
	for (i = 0; i < m->common_len && i < n && m->common[i] == name[i]; i++)
		;
	m->common_len = (unsigned int)i;
}

/* ---- keys ------------------------------------------------------------ */

static void end_line(void)
{
	move_to(line.len);
	echo_put("\n", 1);
	edit_flush();
	line.buf[line.len] = '\0';
	if (line.overflow) {
		printf("shell: line too long (more than %u characters), "
		       "ignored\n",
		       SHELL_LINE_MAX - 1);
	} else {
		hist_add();
		shell_interrupt_clear();
		shell_run(line.buf);
	}
	reset_line();
	edit_prompt();
}

/* Ctrl-C: the line is dropped, not run. */
static void cancel_line(void)
{
	move_to(line.len);
	echo_str("^C\n");
	reset_line();
	edit_prompt();
}

static void clear_screen(void)
{
	echo_str("\x1b[H\x1b[2J");
	redraw();
}

/* The keys after ESC [ (CSI) or ESC O (SS3); unknown ones do nothing. */
static void escape_key(char final)
{
	switch (final) {
	case 'A':
		hist_move(1);
		return;
	case 'B':
		hist_move(-1);
		return;
	case 'C':
		if (line.cur < line.len)
			move_to(line.cur + 1);
		return;
	case 'D':
		if (line.cur)
			move_to(line.cur - 1);
		return;
	case 'H':
		move_to(0);
		return;
	case 'F':
		move_to(line.len);
		return;
	case '~': /* ESC [ n ~: the VT220 editing keys */
		if (!strcmp(esc.params, "1") || !strcmp(esc.params, "7"))
			move_to(0);
		else if (!strcmp(esc.params, "4") || !strcmp(esc.params, "8"))
			move_to(line.len);
		else if (!strcmp(esc.params, "3"))
			erase(line.cur, line.cur + (line.cur < line.len));
		return;
	}
}

/*
 * True while @c belongs to an escape sequence. Parameters (0x30-0x3f)
 * and intermediates (0x20-0x2f) are collected up to a final byte
 * (0x40-0x7e); a sequence too long to keep is read to its end and
 * ignored. A control character ends a sequence and counts as itself
 * (Enter after a lone ESC is still Enter); ESC then a printable
 * character (Alt and a key) is dropped whole.
 */
static bool in_escape(char c)
{
	bool printable = c >= 0x20 && c <= 0x7e;

	switch (esc.state) {
	case ESC_NONE:
		break;
	case ESC_START:
		if (c == '[' || c == 'O') {
			esc.state = c == '[' ? ESC_CSI : ESC_SS3;
			esc.n = 0;
			esc.unknown = false;
			esc.params[0] = '\0';
			return true;
		}
		esc.state = ESC_NONE;
		if (printable)
			return true;
		break;
	case ESC_CSI:
		if (c >= 0x20 && c <= 0x3f) {
			if (c < 0x30 || esc.n >= CSI_PARAMS)
				esc.unknown = true;
			else
				esc.params[esc.n++] = c;
			esc.params[esc.n] = '\0';
			return true;
		}
		esc.state = ESC_NONE;
		if (c >= 0x40 && c <= 0x7e) {
			/* "1;5D" (Ctrl-Left) moves like "D"; only "~" keys
			 * are told apart by their parameters. */
			if (!esc.unknown)
				escape_key(c);
			return true;
		}
		break;
	case ESC_SS3:
		esc.state = ESC_NONE;
		if (printable) {
			if (c != '~')
				escape_key(c);
			return true;
		}
		break;
	}
	if (c == ESC) {
		esc.state = ESC_START;
		return true;
	}
	return false;
}

/* The control keys; false for one that is not a key (ignored). */
static bool control_key(char c)
{
	switch (c) {
	case CTRL('A'):
		move_to(0);
		break;
	case CTRL('E'):
		move_to(line.len);
		break;
	case CTRL('B'):
		if (line.cur)
			move_to(line.cur - 1);
		break;
	case CTRL('F'):
		if (line.cur < line.len)
			move_to(line.cur + 1);
		break;
	case CTRL('D'):
		erase(line.cur, line.cur + (line.cur < line.len));
		break;
	case CTRL('K'):
		erase(line.cur, line.len);
		break;
	case CTRL('U'):
		erase(0, line.cur);
		line.overflow = false;
		break;
	case CTRL('W'):
		erase(word_start(), line.cur);
		break;
	case CTRL('L'):
		clear_screen();
		break;
	case CTRL('P'):
		hist_move(1);
		break;
	case CTRL('N'):
		hist_move(-1);
		break;
	case CTRL('C'):
		cancel_line();
		break;
	case '\t':
		complete();
		break;
	case BACKSPACE:
	case DEL:
		if (line.cur)
			erase(line.cur - 1, line.cur);
		break;
	default:
		return false;
	}
	return true;
}

void edit_byte(char c)
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
	if (control_key(c))
		return;
	if (c < 0x20 || c > 0x7e)
		return; /* other control characters, non-ASCII */
	insert(&c, 1);
}
