/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lib/string.c defines memcpy, strlen and the rest under their C library
 * names. The host tests compare it with the C library, so kaal_string.c
 * compiles it with every function renamed kaal_*; this header declares
 * the renamed functions for the test.
 */
#ifndef TESTS_UNIT_KAAL_STRING_H
#define TESTS_UNIT_KAAL_STRING_H

#include <stddef.h>

void *kaal_memcpy(void *dst, const void *src, size_t n);
void *kaal_memmove(void *dst, const void *src, size_t n);
void *kaal_memset(void *s, int c, size_t n);
int kaal_memcmp(const void *a, const void *b, size_t n);
void *kaal_memchr(const void *s, int c, size_t n);
size_t kaal_strlen(const char *s);
size_t kaal_strnlen(const char *s, size_t max);
int kaal_strcmp(const char *a, const char *b);
int kaal_strncmp(const char *a, const char *b, size_t n);
char *kaal_strchr(const char *s, int c);
char *kaal_strrchr(const char *s, int c);
size_t kaal_strlcpy(char *dst, const char *src, size_t size);
unsigned long kaal_strtoul(const char *s, char **end, int base);

#endif /* TESTS_UNIT_KAAL_STRING_H */
