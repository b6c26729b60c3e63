/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Formatted output for user programs. Everything goes to the console
 * writer of <libkaal/console.h>: by default the kernel's debug console
 * (KAAL_SYS_DEBUG_PUTCHAR), later a console server.
 *
 * Formats are those of the kernel's vsnprintf (lib/vsprintf.c): %d %i %u
 * %x %X %o %p %s %c %% with the flags '-' and '0', a width (or *), a
 * precision for %s and the length modifiers hh h l ll z t. No floating
 * point, no '#' flag: write 0x%lx. printf and vprintf print at most
 * KAAL_PRINTF_MAX - 1 characters per call; the rest is cut off.
 */
#ifndef LIBKAAL_LIBC_STDIO_H
#define LIBKAAL_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF		(-1)
#define KAAL_PRINTF_MAX 512

#define __kaal_printf(a, b) __attribute__((format(printf, a, b)))

int putchar(int c);
int puts(const char *s); /* s and a newline */
int printf(const char *fmt, ...) __kaal_printf(1, 2);
int vprintf(const char *fmt, va_list ap) __kaal_printf(1, 0);

/* C99 semantics: at most size bytes including the NUL are written; the
 * return value is the length the whole output would have had. */
int snprintf(char *buf, size_t size, const char *fmt, ...) __kaal_printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__kaal_printf(3, 0);

#endif /* LIBKAAL_LIBC_STDIO_H */
