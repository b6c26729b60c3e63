/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where printf, puts and putchar send their characters. The default
 * writer uses the kernel's debug console (KAAL_SYS_DEBUG_PUTCHAR; output
 * is lost when the debug system calls are configured out). A program that
 * talks to a console server installs its own writer instead.
 */
#ifndef LIBKAAL_CONSOLE_H
#define LIBKAAL_CONSOLE_H

#include <stddef.h>

/* Write len bytes of s; there is no error to report. */
typedef void kaal_console_write_fn(const char *s, size_t len);

/* Install fn (NULL: the debug console again); returns the previous one. */
kaal_console_write_fn *kaal_console_set(kaal_console_write_fn *fn);

/* The default writer, for a replacement that wants to fall back to it. */
void kaal_console_debug_write(const char *s, size_t len);

#endif /* LIBKAAL_CONSOLE_H */
