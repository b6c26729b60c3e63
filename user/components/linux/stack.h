/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The initial stack of a Linux process (the System V AArch64 ABI and
 * Linux's fs/binfmt_elf.c layout), built in a buffer that stands for the
 * top of the stack, so that it is pure code (tests/unit/test_linux.c).
 * From the top down:
 *
 *   the program's path (AT_EXECFN), the environment strings, the
 *   argument strings, the platform string (AT_PLATFORM), 16 random
 *   bytes (AT_RANDOM), then 16-byte aligned: argc, argv[], NULL,
 *   envp[], NULL, the auxiliary vector (pairs), AT_NULL
 *
 * and the stack pointer points at argc.
 */
#ifndef USER_COMPONENTS_LINUX_STACK_H
#define USER_COMPONENTS_LINUX_STACK_H

#include <stddef.h>
#include <stdint.h>

#define STACK_MAX_AUXV 24
#define STACK_MAX_ARGS 128 /* arguments and environment strings, each */

struct stack_spec {
	uint64_t top; /* the address just above the stack */
	unsigned int argc, envc;
	const char *const *argv;
	const char *const *envp;
	const char *execfn;
	const char *platform;
	uint8_t random[16];
	/* The auxiliary vector but for AT_RANDOM, AT_EXECFN, AT_PLATFORM
	 * and AT_NULL, which stack_build adds. */
	uint64_t auxv[STACK_MAX_AUXV][2];
	unsigned int nauxv;
};

/*
 * Lay the stack out in @buf, which stands for [top - size, top), and
 * return the initial stack pointer, or 0 if it does not fit (the
 * strings and vectors larger than @size, more than STACK_MAX_ARGS
 * arguments or environment strings).
 */
uint64_t stack_build(const struct stack_spec *s, uint8_t *buf, size_t size);

#endif /* USER_COMPONENTS_LINUX_STACK_H */
