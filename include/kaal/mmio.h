/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory-mapped I/O accessors shared by the loader and the kernel.
 *
 * Drivers never hold a physical address: they ask mmio_map() once at init
 * for a pointer they may dereference. The loader (MMU off or identity
 * mapped) returns the physical address itself; the kernel returns the
 * address of the device in its upper-half physical window.
 */
#ifndef KAAL_MMIO_H
#define KAAL_MMIO_H

#include <kaal/types.h>

/* Contract: returns a CPU-usable pointer to the device registers at @pa.
 * The mapping is Device-nGnRE and exists for the lifetime of the image. */
volatile void *mmio_map(paddr_t pa);

static inline uint32_t mmio_read32(volatile void *base, unsigned long off)
{
	uint32_t v = *(volatile uint32_t *)((uintptr_t)base + off);
	__asm__ volatile("" ::: "memory");
	return v;
}

static inline void mmio_write32(volatile void *base, unsigned long off,
				uint32_t v)
{
	__asm__ volatile("" ::: "memory");
	*(volatile uint32_t *)((uintptr_t)base + off) = v;
}

static inline uint64_t mmio_read64(volatile void *base, unsigned long off)
{
	uint64_t v = *(volatile uint64_t *)((uintptr_t)base + off);
	__asm__ volatile("" ::: "memory");
	return v;
}

static inline void mmio_write64(volatile void *base, unsigned long off,
				uint64_t v)
{
	__asm__ volatile("" ::: "memory");
	*(volatile uint64_t *)((uintptr_t)base + off) = v;
}

#endif /* KAAL_MMIO_H */
