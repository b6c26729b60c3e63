/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver kit's devicetree reader, for user-space drivers that find
 * their device in the blob the kernel maps for the root task (bootinfo
 * dtb_vaddr) or system_init hands a component: paths, aliases,
 * compatible strings, reg with bus ranges translated to CPU physical
 * addresses, and interrupts translated to the kernel's interrupt numbers.
 * libfdt (Debian's libfdt-dev, also the loader's) does the reading; a
 * program may call it directly on dt->fdt as well (<libfdt.h>).
 *
 * A node is libfdt's node offset (>= 0, the root is 0); functions that
 * find a node return a negative enum dt_error when they cannot. dt_init
 * checks the whole blob with libfdt (fdt_check_header, fdt_check_full)
 * and refuses a corrupt one, so the lookups never meet a bad token or
 * offset: a broken blob gives an error, never a fault.
 */
#ifndef LIBDRIVER_DT_H
#define LIBDRIVER_DT_H

#include <stdbool.h>
#include <stdint.h>
#include <libsys/error.h>

/* Errors are -DT_E_* (<libsys/error.h>), as returned node offsets and
 * in the error fields of the *_ret structs; DT_OK is 0. */
#define DT_OK 0

struct dt {
	const void *fdt; /* the blob, once dt_init accepted it */
	int root;
	int fdt_error; /* libfdt's verdict on it: 0 or -FDT_ERR_* */
};

/* Two values come back: an error (DT_OK or enum dt_error) and a result. */
struct dt_reg_ret {
	int error;
	uint64_t addr; /* CPU physical address */
	uint64_t size;
};

struct dt_irq_ret {
	int error;
	unsigned int irq; /* the kernel's interrupt number */
};

/* Check the blob at @blob (at most @size bytes) with libfdt:
 * -DT_E_BAD_BLOB when it is no devicetree blob, or not all of it is in
 * the @size bytes, -DT_E_MALFORMED when its structure is broken. */
int dt_init(struct dt *dt, const void *blob, uint64_t size);

/* libfdt's name for what dt_init found wrong ("FDT_ERR_BADMAGIC"...),
 * for the message that reports a failed dt_init. */
const char *dt_libfdt_error(const struct dt *dt);

/* A node's name with its unit address ("serial@7e215040"; "" for /). */
const char *dt_name(const struct dt *dt, int node);

/* The value of property @name of @node and its length, or NULL. */
const void *dt_prop(const struct dt *dt, int node, const char *name,
		    uint32_t *len);

/* A property holding one string (NUL-terminated inside it), or NULL. */
const char *dt_prop_string(const struct dt *dt, int node, const char *name);

/* Tree navigation; each returns a node or -DT_E_NOT_FOUND. */
int dt_parent(const struct dt *dt, int node);
int dt_next_node(const struct dt *dt, int node); /* document order */
int dt_path(const struct dt *dt, const char *path);
int dt_by_phandle(const struct dt *dt, uint32_t phandle);

/* A path, an alias or alias/relative/path (DT spec 3.3). Only the first
 * @len characters of @ref count. */
int dt_resolve(const struct dt *dt, const char *ref, uint32_t len);

/* The node /chosen stdout-path names (options after ':' ignored). */
int dt_stdout(const struct dt *dt);

bool dt_is_compatible(const struct dt *dt, int node, const char *compat);

/* status absent, "okay" or "ok". */
bool dt_is_enabled(const struct dt *dt, int node);

/* The first enabled node compatible with @compat, in document order. */
int dt_find_compatible(const struct dt *dt, const char *compat);

/* Entry @index of the node's reg, translated through every parent bus's
 * ranges to a CPU physical address. */
struct dt_reg_ret dt_reg(const struct dt *dt, int node, unsigned int index);

/* Entry @index of the node's interrupts (or interrupts-extended) in the
 * kernel's numbering: GIC SPI n -> 32 + n, PPI n -> 16 + n; BCM2836 local
 * source n -> n; BCM2835 armctrl bank 1 n -> 32 + n, bank 2 n -> 64 + n,
 * bank 0 n -> 96 + n (as scripts/dts/gen_defines.py). */
struct dt_irq_ret dt_irq(const struct dt *dt, int node, unsigned int index);

#endif /* LIBDRIVER_DT_H */
