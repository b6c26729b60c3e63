/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The environment libfdt expects (types and byte order helpers), for a
 * freestanding build. Debian's libfdt_env.h includes the C library's
 * headers; this one provides the same types and helpers without them, so
 * that the loader and user programs (the driver kit's devicetree reader)
 * link against Debian's static arm64 libfdt.a unchanged. libfdt.a's own
 * string calls (memchr, memcmp, strnlen...) are resolved by lib/lib.a.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif

#ifdef __CHECKER__
#define FDT_FORCE   __attribute__((force))
#define FDT_BITWISE __attribute__((bitwise))
#else
#define FDT_FORCE
#define FDT_BITWISE
#endif

typedef uint16_t FDT_BITWISE fdt16_t;
typedef uint32_t FDT_BITWISE fdt32_t;
typedef uint64_t FDT_BITWISE fdt64_t;

static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
	return __builtin_bswap16((FDT_FORCE uint16_t)x);
}

static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
	return (FDT_FORCE fdt16_t)__builtin_bswap16(x);
}

static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
	return __builtin_bswap32((FDT_FORCE uint32_t)x);
}

static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
	return (FDT_FORCE fdt32_t)__builtin_bswap32(x);
}

static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
	return __builtin_bswap64((FDT_FORCE uint64_t)x);
}

static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
	return (FDT_FORCE fdt64_t)__builtin_bswap64(x);
}

#endif /* LIBFDT_ENV_H */
