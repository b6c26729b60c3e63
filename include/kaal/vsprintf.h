/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf-style formatting (lib/vsprintf.c), shared by the loader, the
 * kernel and the host unit tests. Supported: %d %i %u %x %X %o %p %s %c %%
 * with flags - and 0, a width and a precision (digits or *; the precision
 * applies to %s), and the length
 * modifiers hh h l ll z t. %p prints 0x followed by 16 hex digits.
 */
#ifndef KAAL_VSPRINTF_H
#define KAAL_VSPRINTF_H

#include <stdarg.h>
#include <kaal/types.h>

/* Writes at most size bytes including the terminating NUL and returns the
 * length the full output would have had, as C99 vsnprintf does. */
int kaal_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int kaal_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* KAAL_VSPRINTF_H */
