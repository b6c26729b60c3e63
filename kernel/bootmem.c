// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot memory: the free physical ranges the loader left, carved for the
 * root task's objects and then handed out, all of it, as Untyped.
 */
#include <kaal/cspace.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/rootboot.h>
#include <kaal/string.h>
#include <generated/devicetree.h>

#define MAX_RANGES	 64
/* Device untyped covers this much physical address space, less RAM and
 * the devices the kernel keeps. */
#define DEVICE_SPACE_END (1ull << 32)

struct range {
	paddr_t base, end;
};

static struct range free_ranges[MAX_RANGES];
static unsigned int nr_free;
static const struct boot_params *saved_bp;

/* Remove [base, end) from the set of ranges @r (count *@n). */
static void range_remove(struct range *r, unsigned int *n, paddr_t base,
			 paddr_t end)
{
	for (unsigned int i = 0; i < *n; i++) {
		struct range cur = r[i];

		if (end <= cur.base || base >= cur.end)
			continue;
		if (base > cur.base && end < cur.end) {
			if (*n == MAX_RANGES)
				panic("bootmem: too many memory ranges");
			r[i].end = base;
			r[(*n)++] = (struct range){ end, cur.end };
		} else if (base > cur.base) {
			r[i].end = base;
		} else if (end < cur.end) {
			r[i].base = end;
		} else {
			r[i--] = r[--(*n)];
		}
	}
}

void bootmem_init(const struct boot_params *bp)
{
	saved_bp = bp;
	nr_free = 0;
	for (uint32_t i = 0; i < bp->nr_ram && nr_free < MAX_RANGES; i++)
		free_ranges[nr_free++] = (struct range){
			ALIGN_UP(bp->ram[i].base, PAGE_SIZE),
			ALIGN_DOWN(bp->ram[i].base + bp->ram[i].size, PAGE_SIZE)
		};
	for (uint32_t i = 0; i < bp->nr_reserved; i++)
		range_remove(free_ranges, &nr_free, bp->reserved[i].base,
			     bp->reserved[i].base + bp->reserved[i].size);
}

paddr_t bootmem_alloc(unsigned int size_bits)
{
	uint64_t size = 1ull << size_bits;

	for (unsigned int i = 0; i < nr_free; i++) {
		paddr_t base = ALIGN_UP(free_ranges[i].base, size);

		if (base + size <= free_ranges[i].end &&
		    base >= free_ranges[i].base) {
			range_remove(free_ranges, &nr_free, base, base + size);
			memset(phys_to_virt(base), 0, size);
			return base;
		}
	}
	panic("bootmem: out of memory for a 2^%u-byte boot object", size_bits);
}

/* Largest naturally aligned power-of-two block starting at @base that fits
 * before @end. */
static unsigned int block_bits(paddr_t base, paddr_t end)
{
	unsigned int bits = base ? (unsigned int)__builtin_ctzll(base) : 63;
	unsigned int fit = 63 - (unsigned int)__builtin_clzll(end - base);

	bits = MIN(bits, fit);
	return MIN(bits, KAAL_UNTYPED_MAX_BITS);
}

static void add_untyped(struct kaal_bootinfo *bi, struct cte *slot, paddr_t pa,
			unsigned int bits, bool device)
{
	struct cap c = object_create(KAAL_OBJ_UNTYPED, bits, NULL, pa, device);
	struct kaal_untyped_desc *d = &bi->untyped_list[bi->nr_untyped++];

	cspace_insert(slot, &c, NULL);
	d->paddr = pa;
	d->size_bits = (uint8_t)bits;
	d->is_device = device;
}

static void ranges_to_untyped(struct kaal_bootinfo *bi, struct cte *slots,
			      uint64_t *next, uint64_t limit, struct range *r,
			      unsigned int n, bool device)
{
	for (unsigned int i = 0; i < n; i++) {
		paddr_t base = r[i].base;

		while (base + (1ull << KAAL_UNTYPED_MIN_BITS) <= r[i].end) {
			unsigned int bits = block_bits(base, r[i].end);

			if (bi->nr_untyped == KAAL_MAX_UNTYPED ||
			    *next == limit) {
				pr_warn("bootmem: untyped list full, 0x%lx-0x%lx "
					"not handed out\n",
					base, r[i].end);
				break;
			}
			add_untyped(bi, &slots[(*next)++], base, bits, device);
			base += 1ull << bits;
		}
	}
}

/* Physical space outside RAM, less the devices the kernel drives itself
 * (everything in DT_MMIO_REGIONS except the console UART, which a user
 * driver may take over). */
static unsigned int device_ranges(struct range *r, const struct boot_params *bp)
{
	static const struct {
		paddr_t base, size;
	} kdev[] = { DT_MMIO_REGIONS };
	unsigned int n = 1;

	r[0] = (struct range){ PAGE_SIZE, DEVICE_SPACE_END };
	for (uint32_t i = 0; i < bp->nr_ram; i++)
		range_remove(r, &n, ALIGN_DOWN(bp->ram[i].base, PAGE_SIZE),
			     ALIGN_UP(bp->ram[i].base + bp->ram[i].size,
				      PAGE_SIZE));
	for (size_t i = 0; i < ARRAY_SIZE(kdev); i++)
		if (DT_CONSOLE_BASE < kdev[i].base ||
		    DT_CONSOLE_BASE >= kdev[i].base + kdev[i].size)
			range_remove(r, &n, kdev[i].base,
				     kdev[i].base + kdev[i].size);
	return n;
}

void bootmem_make_untyped(struct kaal_bootinfo *bi, struct cte *slots,
			  uint64_t *next, uint64_t limit)
{
	struct range dev[MAX_RANGES];
	unsigned int ndev;
	uint64_t total = 0;

	bi->untyped.start = *next;
	ranges_to_untyped(bi, slots, next, limit, free_ranges, nr_free, false);
	for (uint32_t i = 0; i < bi->nr_untyped; i++)
		total += 1ull << bi->untyped_list[i].size_bits;
	ndev = device_ranges(dev, saved_bp);
	ranges_to_untyped(bi, slots, next, limit, dev, ndev, true);
	bi->untyped.end = *next;
	nr_free = 0;
	pr_info("boot: %lu KiB of RAM as untyped memory, %u untyped regions\n",
		total >> 10, bi->nr_untyped);
}
