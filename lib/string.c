// SPDX-License-Identifier: GPL-2.0-only
/*
 * Freestanding string and memory functions for the loader, the kernel and
 * libfdt. Byte loops, except that memset and memcpy move 32 bytes at a
 * time (then 8) when both ends are 8-byte aligned (zeroing retyped memory
 * is the kernel's biggest copy, program images the boot's), and memcpy 16
 * when both are 4-byte aligned. Nothing makes an unaligned access, which
 * matters while the MMU is off.
 */
#include <kaal/string.h>

/* A word that may alias anything: the 8-byte loops below write memory
 * that is read back as other types. */
typedef uint64_t __attribute__((may_alias)) alias_u64;
typedef uint32_t __attribute__((may_alias)) alias_u32;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	uintptr_t align = (uintptr_t)d | (uintptr_t)s;

	if (!(align & 7)) {
		/* 32 bytes a turn (two ldp/stp pairs): a third of the
		 * instructions of one word a turn, for the boot's copies of
		 * program images and the boot archive. */
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			const alias_u64 *sw = (const void *)s;
			alias_u64 *dw = (void *)d;
			uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];

			dw[0] = a;
			dw[1] = b;
			dw[2] = c;
			dw[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(alias_u64 *)(void *)d =
				*(const alias_u64 *)(const void *)s;
	} else if (!(align & 3)) {
		/* Both ends 4-byte aligned: the program images in the boot
		 * archive (cpio aligns file data to 4 bytes only). 16 bytes
		 * a turn instead of one. */
		for (; n >= 16; n -= 16, d += 16, s += 16) {
			const alias_u32 *sw = (const void *)s;
			alias_u32 *dw = (void *)d;
			uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];

			dw[0] = a;
			dw[1] = b;
			dw[2] = c;
			dw[3] = e;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	uint64_t word = 0x0101010101010101ull * (unsigned char)c;

	if (!((uintptr_t)p & 7)) {
		for (; n >= 32; n -= 32, p += 32) {
			alias_u64 *w = (void *)p;

			w[0] = word;
			w[1] = word;
			w[2] = word;
			w[3] = word;
		}
		for (; n >= 8; n -= 8, p += 8)
			*(alias_u64 *)(void *)p = word;
	}
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* strtoul without errno: overflow saturates at ULONG_MAX. */
unsigned long strtoul(const char *s, char **end, int base)
{
	const char *orig = s, *start;
	unsigned long v = 0;
	int d;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 0x20) == 'x' &&
	    digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	start = s;
	for (; (d = digit_value(*s)) < base; s++)
		v = v > (~0ul - (unsigned long)d) / (unsigned long)base ?
			    ~0ul :
			    v * (unsigned long)base + (unsigned long)d;
	if (end)
		*end = (char *)(s == start ? orig : s);
	return v;
}
