/* SPDX-License-Identifier: GPL-2.0-only */
/* Freestanding string and memory functions (lib/string.c). */
#ifndef KAAL_STRING_H
#define KAAL_STRING_H

#include <kaal/types.h>

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
unsigned long strtoul(const char *s, char **end, int base);

#endif /* KAAL_STRING_H */
