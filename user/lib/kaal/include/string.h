/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * String and memory functions for user programs. The code is the kernel's
 * freestanding lib/string.c, linked from lib/lib.a (see
 * Documentation/user-space.rst); this header is the user-space view of it.
 */
#ifndef LIBKAAL_LIBC_STRING_H
#define LIBKAAL_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

#endif /* LIBKAAL_LIBC_STRING_H */
