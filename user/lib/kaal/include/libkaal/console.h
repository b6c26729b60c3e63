/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where stdout and stderr (picolibc's printf, puts, putchar, ...) send
 * their characters, a line at a time (user/lib/kaal/stdio.c). The default
 * writer uses the kernel's debug console (KAAL_SYS_DEBUG_PUTCHAR; output
 * is lost when the debug system calls are configured out). A program that
 * talks to a console server installs its own writer instead.
 */
#ifndef LIBKAAL_CONSOLE_H
#define LIBKAAL_CONSOLE_H

#include <stddef.h>

/* stdout collects up to this many characters before it writes them,
 * unless a '\n' or fflush(stdout) comes first. */
#define KAAL_CONSOLE_LINE_MAX 256

/* Write len bytes of s; there is no error to report. */
typedef void kaal_console_write_fn(const char *s, size_t len);

/* Install fn (NULL: the debug console again) after writing out what
 * stdout holds; returns the previous one. */
kaal_console_write_fn *kaal_console_set(kaal_console_write_fn *fn);

/* The default writer, for a replacement that wants to fall back to it. */
void kaal_console_debug_write(const char *s, size_t len);

#endif /* LIBKAAL_CONSOLE_H */
