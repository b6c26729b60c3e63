// SPDX-License-Identifier: BSD-2-Clause
/*
 * The standard streams of picolibc's stdio (tinystdio), over the console
 * writer of <libkaal/console.h>. tinystdio hands a stream one character
 * at a time (FILE.put); stdout collects them and writes them with one
 * call of the writer at the end of each printf-family call (a prompt
 * without '\n' shows at once, as it did before picolibc), at '\n', when
 * the line is full, on fflush(stdout) and in _exit(). For a component
 * that writer is an IPC call to the console service: a line costs one
 * call, not one per character, and lines of different programs do not
 * mix. The end of a printf call is seen by wrapping picolibc's vfprintf
 * (ld --wrap=vfprintf, scripts/Makefile.user), which every function of
 * the family ends in. stderr is
 * stdout (the same line, so the order of the two is kept); stdin has no
 * input (getchar() returns EOF): console input reaches a program
 * through its console service, not through stdio.
 */
#include <stdio.h>
#include <libkaal/console.h>
#include <libkaal/syscalls.h>

void kaal_console_debug_write(const char *s, size_t len)
{
	while (len--)
		kaal_debug_putchar(*s++);
}

static kaal_console_write_fn *console_write = kaal_console_debug_write;

/* The line being collected. Threads of one program share it, as they
 * share the console: lines they print at the same moment may mix. */
static char line[KAAL_CONSOLE_LINE_MAX];
static size_t line_len;

static int line_flush(FILE *f)
{
	size_t n = line_len;

	(void)f;
	line_len = 0;
	if (n)
		console_write(line, n < sizeof(line) ? n : sizeof(line));
	return 0;
}

static int line_put(char c, FILE *f)
{
	size_t n = line_len;

	if (n >= sizeof(line)) { /* another thread filled it meanwhile */
		line_flush(f);
		n = 0;
	}
	line[n++] = c;
	line_len = n;
	if (c == '\n' || n == sizeof(line))
		line_flush(f);
	return (unsigned char)c;
}

static int no_input(FILE *f)
{
	(void)f;
	return _FDEV_EOF;
}

static FILE console_out =
	FDEV_SETUP_STREAM(line_put, NULL, line_flush, _FDEV_SETUP_WRITE);
static FILE console_in =
	FDEV_SETUP_STREAM(NULL, no_input, NULL, _FDEV_SETUP_READ);

/* ld --wrap=vfprintf: calls of vfprintf reach __wrap_vfprintf, which
 * reaches picolibc's as __real_vfprintf. */
int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap);

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int n = __real_vfprintf(f, fmt, ap);

	if (f == &console_out)
		line_flush(f);
	return n;
}

FILE *const stdout = &console_out;
FILE *const stderr = &console_out;
FILE *const stdin = &console_in;

kaal_console_write_fn *kaal_console_set(kaal_console_write_fn *fn)
{
	kaal_console_write_fn *old = console_write;

	/* What was printed so far goes where it was meant to. */
	line_flush(stdout);
	console_write = fn ? fn : kaal_console_debug_write;
	return old;
}
