/* SPDX-License-Identifier: BSD-2-Clause */
/* The little of <stdlib.h> that a freestanding KaaL program has. */
#ifndef LIBKAAL_LIBC_STDLIB_H
#define LIBKAAL_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* From lib/string.c (lib/lib.a). */
unsigned long strtoul(const char *s, char **end, int base);

/*
 * End the program: power the machine off through the debug system call
 * when it exists, else suspend the root thread (KAAL_CAP_INIT_TCB). A
 * nonzero status is printed first. main() returning calls exit().
 */
void exit(int status) __attribute__((noreturn));

/* exit(EXIT_FAILURE) after saying so. */
void abort(void) __attribute__((noreturn));

#endif /* LIBKAAL_LIBC_STDLIB_H */
