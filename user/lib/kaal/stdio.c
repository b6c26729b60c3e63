// SPDX-License-Identifier: BSD-2-Clause
/*
 * printf and friends: format with the kernel's kaal_vsnprintf
 * (lib/vsprintf.c, linked from lib/lib.a), write through the console
 * writer of <libkaal/console.h>.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/console.h>
#include <libkaal/syscalls.h>

/* lib/vsprintf.c; declared here because user code never includes the
 * kernel's headers. */
int kaal_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void kaal_console_debug_write(const char *s, size_t len)
{
	while (len--)
		kaal_debug_putchar(*s++);
}

static kaal_console_write_fn *console_write = kaal_console_debug_write;

kaal_console_write_fn *kaal_console_set(kaal_console_write_fn *fn)
{
	kaal_console_write_fn *old = console_write;

	console_write = fn ? fn : kaal_console_debug_write;
	return old;
}

int putchar(int c)
{
	char ch = (char)c;

	console_write(&ch, 1);
	return (unsigned char)c;
}

int puts(const char *s)
{
	console_write(s, strlen(s));
	console_write("\n", 1);
	return 0;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return kaal_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kaal_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	char buf[KAAL_PRINTF_MAX];
	int n = kaal_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return n;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, (size_t)n);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
