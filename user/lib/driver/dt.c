// SPDX-License-Identifier: BSD-2-Clause
/*
 * The driver kit's devicetree reader (dt.h) over libfdt (Debian's
 * libfdt-dev, the library the loader also links): libfdt checks the blob,
 * walks it and finds nodes and properties; what is KaaL's is here: the
 * status filter, reg translated through the buses' ranges, interrupts in
 * the kernel's numbering and the mapping of libfdt's errors to DT_E_*.
 * Section numbers are those of the Devicetree Specification v0.4.
 */
#include <string.h>
#include <libfdt.h>
#include <hw/irq_numbering.h>
#include <libdriver/dt.h>

/* libfdt's error (-FDT_ERR_*) as ours. */
static int dt_error(int fdt_err)
{
	switch (fdt_err) {
	case -FDT_ERR_NOTFOUND:
	case -FDT_ERR_BADPHANDLE: /* 0 or 0xffffffff */
	case -FDT_ERR_BADPATH:	  /* an alias that is not there */
		return -DT_E_NOT_FOUND;
	case -FDT_ERR_BADMAGIC:
	case -FDT_ERR_BADVERSION:
	case -FDT_ERR_TRUNCATED:
		return -DT_E_BAD_BLOB;
	default:
		return -DT_E_MALFORMED;
	}
}

/* A node libfdt returned, or its error as ours. */
static int dt_node(int fdt_ret)
{
	return fdt_ret >= 0 ? fdt_ret : dt_error(fdt_ret);
}

/*
 * libfdt finds a node's parent and a phandle by walking the blob from its
 * start (some 100000 to 400000 instructions on QEMU virt's). Kept: the
 * last phandle found (every interrupt lookup asks for its controller,
 * nearly always the same one), and every node's parent, from one walk of
 * the blob the first time a parent is asked for (dt_reg and dt_irq ask
 * for each node they read, and a driver probing QEMU virt's 32
 * virtio-mmio slots reads 32 nodes). A blob of more nodes or depth than
 * the table holds is answered by libfdt's walk. dt_init forgets both, so
 * they never outlive the blob they came from (nor do the caches below);
 * a phandle hit is checked against the node's own phandle as well.
 */
static struct {
	const void *fdt;
	uint32_t phandle;
	int node;
} phandle_cache;

/*
 * Also kept, as one entry each: the last interrupt controller asked
 * about, with its #interrupt-cells and numbering scheme; the last node
 * whose interrupt-parent property was followed, with the controller it
 * names; the last bus's #address-cells and #size-cells. Every device's
 * interrupt and reg lookup asks these of the same few nodes (QEMU virt:
 * the root and the GIC), each answer a search of their properties.
 */
static struct {
	const void *fdt;
	int node;
	uint32_t cells;
	enum irq_numbering_scheme scheme;
} ctrl_cache;

static struct {
	const void *fdt;
	int node, ctrl;
} iparent_cache;

static struct {
	const void *fdt;
	int bus, ac, sc;
} cells_cache;

#define DT_PARENTS   128
#define DT_MAX_DEPTH 16

static struct {
	const void *fdt; /* the blob the table is of; NULL: none yet */
	int nr;		 /* nodes in it; -1: the blob has too many */
	int node[DT_PARENTS], parent[DT_PARENTS];
} parents;

/* One walk of @dt's blob: each node's offset and its parent's, in the
 * blob's order (offsets ascending). */
static void parents_build(const struct dt *dt)
{
	int stack[DT_MAX_DEPTH], depth = 0, node = dt->root;

	parents.fdt = dt->fdt;
	parents.nr = 0;
	while (node >= 0 && depth >= 0) {
		if (depth >= DT_MAX_DEPTH || parents.nr == DT_PARENTS) {
			parents.nr = -1;
			return;
		}
		stack[depth] = node;
		parents.node[parents.nr] = node;
		parents.parent[parents.nr++] = depth ? stack[depth - 1] :
						       -DT_E_NOT_FOUND;
		node = fdt_next_node(dt->fdt, node, &depth);
	}
}

/* @node's parent from the table (a binary search), or -DT_E_NOT_FOUND
 * when the table has no answer, not even "no parent". */
static bool parents_lookup(const struct dt *dt, int node, int *parent)
{
	int lo = 0, hi;

	if (!dt->fdt)
		return false;
	if (parents.fdt != dt->fdt)
		parents_build(dt);
	hi = parents.nr;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (parents.node[mid] == node) {
			*parent = parents.parent[mid];
			return true;
		}
		if (parents.node[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int dt_init(struct dt *dt, const void *blob, uint64_t size)
{
	int err;

	dt->fdt = NULL;
	dt->root = 0;
	dt->fdt_error = -FDT_ERR_TRUNCATED;
	phandle_cache.fdt = NULL;
	parents.fdt = NULL;
	ctrl_cache.fdt = NULL;
	iparent_cache.fdt = NULL;
	cells_cache.fdt = NULL;
	/* fdt_check_header reads the whole header of the version it
	 * finds, 40 bytes for the current one. */
	if (!blob || size < sizeof(struct fdt_header))
		return -DT_E_BAD_BLOB;
	err = fdt_check_header(blob);
	if (!err && fdt_totalsize(blob) > size)
		err = -FDT_ERR_TRUNCATED;
	/* The whole structure once, so that no later lookup meets a bad
	 * token, name or string offset. */
	if (!err)
		err = fdt_check_full(blob, fdt_totalsize(blob));
	dt->fdt_error = err;
	if (err)
		return dt_error(err);
	dt->fdt = blob;
	return DT_OK;
}

const char *dt_libfdt_error(const struct dt *dt)
{
	return fdt_strerror(dt->fdt_error);
}

const char *dt_name(const struct dt *dt, int node)
{
	const char *name = fdt_get_name(dt->fdt, node, NULL);

	return name ? name : "(no node)";
}

const void *dt_prop(const struct dt *dt, int node, const char *name,
		    uint32_t *len)
{
	int n;
	const void *p = fdt_getprop(dt->fdt, node, name, &n);

	if (p && len)
		*len = (uint32_t)n;
	return p;
}

const char *dt_prop_string(const struct dt *dt, int node, const char *name)
{
	/* The first string, NUL-terminated inside the property. */
	return fdt_stringlist_get(dt->fdt, node, name, 0, NULL);
}

/* A one-cell property, or @dflt when it is absent or not one cell. */
static uint32_t prop_u32(const struct dt *dt, int node, const char *name,
			 uint32_t dflt)
{
	uint32_t len;
	const fdt32_t *p = dt_prop(dt, node, name, &len);

	return p && len == 4 ? fdt32_ld(p) : dflt;
}

int dt_parent(const struct dt *dt, int node)
{
	int parent;

	if (parents_lookup(dt, node, &parent))
		return parent;
	return dt_node(fdt_parent_offset(dt->fdt, node));
}

int dt_next_node(const struct dt *dt, int node)
{
	return dt_node(fdt_next_node(dt->fdt, node, NULL));
}

int dt_path(const struct dt *dt, const char *path)
{
	/* libfdt also takes an alias here; a path is a path. */
	if (path[0] != '/')
		return -DT_E_NOT_FOUND;
	return dt_node(fdt_path_offset(dt->fdt, path));
}

int dt_resolve(const struct dt *dt, const char *ref, uint32_t len)
{
	len = (uint32_t)strnlen(ref, len);
	if (!len)
		return -DT_E_NOT_FOUND;
	return dt_node(fdt_path_offset_namelen(dt->fdt, ref, (int)len));
}

int dt_stdout(const struct dt *dt)
{
	int chosen = dt_path(dt, "/chosen");
	const char *spec, *colon;

	if (chosen < 0)
		return chosen;
	spec = dt_prop_string(dt, chosen, "stdout-path");
	if (!spec)
		spec = dt_prop_string(dt, chosen, "linux,stdout-path");
	if (!spec)
		return -DT_E_NOT_FOUND;
	colon = strchr(spec, ':');
	return dt_resolve(dt, spec,
			  colon ? (uint32_t)(colon - spec) : strlen(spec));
}

int dt_by_phandle(const struct dt *dt, uint32_t phandle)
{
	int node;

	if (phandle_cache.fdt == dt->fdt && phandle_cache.phandle == phandle &&
	    phandle && phandle != ~0u &&
	    fdt_get_phandle(dt->fdt, phandle_cache.node) == phandle)
		return phandle_cache.node;
	node = dt_node(fdt_node_offset_by_phandle(dt->fdt, phandle));
	if (node >= 0) {
		phandle_cache.fdt = dt->fdt;
		phandle_cache.phandle = phandle;
		phandle_cache.node = node;
	}
	return node;
}

bool dt_is_compatible(const struct dt *dt, int node, const char *compat)
{
	return fdt_node_check_compatible(dt->fdt, node, compat) == 0;
}

bool dt_is_enabled(const struct dt *dt, int node)
{
	const char *status = dt_prop_string(dt, node, "status");

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

int dt_find_compatible(const struct dt *dt, const char *compat)
{
	int node = -1;

	do
		node = fdt_node_offset_by_compatible(dt->fdt, node, compat);
	while (node >= 0 && !dt_is_enabled(dt, node));
	return dt_node(node);
}

/* A number of @n cells (n <= 2). */
static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t val = 0;

	for (int i = 0; i < n; i++)
		val = val << 32 | fdt32_ld(p + i);
	return val;
}

/* 2.3.5: #address-cells and #size-cells of @bus (2 and 1 when absent),
 * as much as our 64 bits hold. */
static int bus_cells(const struct dt *dt, int bus, int *ac, int *sc)
{
	if (cells_cache.fdt == dt->fdt && cells_cache.bus == bus) {
		*ac = cells_cache.ac;
		*sc = cells_cache.sc;
	} else {
		*ac = fdt_address_cells(dt->fdt, bus);
		*sc = fdt_size_cells(dt->fdt, bus);
		if (*ac < 0 || *sc < 0)
			return dt_error(*ac < 0 ? *ac : *sc);
		cells_cache.fdt = dt->fdt;
		cells_cache.bus = bus;
		cells_cache.ac = *ac;
		cells_cache.sc = *sc;
	}
	return *ac > 2 || *sc > 2 ? -DT_E_UNSUPPORTED : DT_OK;
}

/* 2.3.8: map [*addr, *addr + size) of @bus's address space into its
 * parent's with the matching ranges entry; empty ranges is identity. */
static int translate_one(const struct dt *dt, int bus, int parent,
			 uint64_t *addr, uint64_t size)
{
	uint32_t len, per;
	int cac, csc, pac, psc, err;
	const fdt32_t *r = dt_prop(dt, bus, "ranges", &len);

	if (!r)
		return -DT_E_UNTRANSLATABLE;
	if (!len)
		return DT_OK;
	err = bus_cells(dt, bus, &cac, &csc);
	if (!err)
		err = bus_cells(dt, parent, &pac, &psc);
	if (err)
		return err;
	per = (uint32_t)(cac + pac + csc);
	if (!per || len % (4 * per))
		return -DT_E_MALFORMED;
	for (const fdt32_t *e = r; e < r + len / 4; e += per) {
		uint64_t child = read_cells(e, cac);
		uint64_t paddr = read_cells(e + cac, pac);
		uint64_t length = read_cells(e + cac + pac, csc);

		if (*addr >= child && *addr - child < length &&
		    size <= length - (*addr - child)) {
			*addr = *addr - child + paddr;
			return DT_OK;
		}
	}
	return -DT_E_UNTRANSLATABLE;
}

struct dt_reg_ret dt_reg(const struct dt *dt, int node, unsigned int index)
{
	struct dt_reg_ret ret = { DT_OK, 0, 0 };
	int bus = dt_parent(dt, node);
	uint32_t len, per;
	int ac, sc;
	const fdt32_t *reg;

	if (bus < 0)
		return (struct dt_reg_ret){ bus, 0, 0 };
	reg = dt_prop(dt, node, "reg", &len);
	if (!reg)
		return (struct dt_reg_ret){ -DT_E_NOT_FOUND, 0, 0 };
	ret.error = bus_cells(dt, bus, &ac, &sc);
	if (ret.error)
		return ret;
	per = (uint32_t)(ac + sc);
	if (!per || len % (4 * per))
		return (struct dt_reg_ret){ -DT_E_MALFORMED, 0, 0 };
	if (index >= len / (4 * per))
		return (struct dt_reg_ret){ -DT_E_NOT_FOUND, 0, 0 };
	ret.addr = read_cells(reg + per * index, ac);
	ret.size = read_cells(reg + per * index + ac, sc);
	/* Walk up to the root, translating through every bus. */
	while (bus != dt->root && ret.error == DT_OK) {
		int parent = dt_parent(dt, bus);

		if (parent < 0)
			return (struct dt_reg_ret){ parent, 0, 0 };
		ret.error = translate_one(dt, bus, parent, &ret.addr, ret.size);
		bus = parent;
	}
	return ret;
}

/* ---- Interrupts ------------------------------------------------------ */

/* @ctrl's #interrupt-cells (0 when absent or not one cell) and the
 * scheme of the first compatible string of @ctrl that has one
 * (<hw/irq_numbering.h>, the one implementation of the numbering). */
static uint32_t ctrl_info(const struct dt *dt, int ctrl,
			  enum irq_numbering_scheme *scheme)
{
	const char *c;

	if (ctrl_cache.fdt == dt->fdt && ctrl_cache.node == ctrl) {
		*scheme = ctrl_cache.scheme;
		return ctrl_cache.cells;
	}
	*scheme = IRQ_NUMBERING_NONE;
	for (int i = 0; !*scheme; i++) {
		c = fdt_stringlist_get(dt->fdt, ctrl, "compatible", i, NULL);
		if (!c)
			break;
		*scheme = irq_numbering_scheme(c);
	}
	ctrl_cache.fdt = dt->fdt;
	ctrl_cache.node = ctrl;
	ctrl_cache.scheme = *scheme;
	ctrl_cache.cells = prop_u32(dt, ctrl, "#interrupt-cells", 0);
	return ctrl_cache.cells;
}

/* One interrupt specifier (@n cells) of a controller of @scheme, in the
 * kernel's numbering. */
static struct dt_irq_ret irq_number(enum irq_numbering_scheme scheme,
				    const fdt32_t *spec, uint32_t n)
{
	uint32_t cells[4];
	long irq;

	if (!scheme)
		return (struct dt_irq_ret){ -DT_E_UNSUPPORTED, 0 };
	for (uint32_t i = 0; i < n && i < 4; i++)
		cells[i] = fdt32_ld(spec + i);
	irq = irq_numbering_translate(scheme, cells, n < 4 ? n : 4);
	if (irq == IRQ_NUMBERING_E_SHORT)
		return (struct dt_irq_ret){ -DT_E_MALFORMED, 0 };
	if (irq < 0)
		return (struct dt_irq_ret){ -DT_E_UNSUPPORTED, 0 };
	return (struct dt_irq_ret){ DT_OK, (unsigned int)irq };
}

/* 2.4.1: a node's own interrupt-parent, else the nearest ancestor's. */
static int interrupt_parent(const struct dt *dt, int node)
{
	while (node >= 0) {
		uint32_t len;
		const fdt32_t *p;
		int ctrl;

		if (iparent_cache.fdt == dt->fdt && iparent_cache.node == node)
			return iparent_cache.ctrl;
		p = dt_prop(dt, node, "interrupt-parent", &len);
		if (p) {
			if (len != 4)
				return -DT_E_MALFORMED;
			ctrl = dt_by_phandle(dt, fdt32_ld(p));
			if (ctrl >= 0) {
				iparent_cache.fdt = dt->fdt;
				iparent_cache.node = node;
				iparent_cache.ctrl = ctrl;
			}
			return ctrl;
		}
		node = dt_parent(dt, node);
	}
	return node;
}

/* 2.4.1.3: interrupts-extended = <phandle specifier...>... */
static struct dt_irq_ret irq_extended(const struct dt *dt, const fdt32_t *p,
				      uint32_t len, unsigned int index)
{
	uint32_t i = 0, cells = len / 4;

	while (i < cells) {
		int ctrl = dt_by_phandle(dt, fdt32_ld(p + i));
		enum irq_numbering_scheme scheme;
		uint32_t n;

		if (ctrl < 0)
			return (struct dt_irq_ret){ ctrl, 0 };
		n = ctrl_info(dt, ctrl, &scheme);
		if (!n || n > cells - i - 1)
			return (struct dt_irq_ret){ -DT_E_MALFORMED, 0 };
		if (index-- == 0)
			return irq_number(scheme, p + i + 1, n);
		i += 1 + n;
	}
	return (struct dt_irq_ret){ -DT_E_NOT_FOUND, 0 };
}

struct dt_irq_ret dt_irq(const struct dt *dt, int node, unsigned int index)
{
	uint32_t len, n;
	const fdt32_t *p = dt_prop(dt, node, "interrupts-extended", &len);
	enum irq_numbering_scheme scheme;
	int ctrl;

	if (p)
		return irq_extended(dt, p, len, index);
	p = dt_prop(dt, node, "interrupts", &len);
	if (!p)
		return (struct dt_irq_ret){ -DT_E_NOT_FOUND, 0 };
	ctrl = interrupt_parent(dt, node);
	if (ctrl < 0)
		return (struct dt_irq_ret){ ctrl, 0 };
	n = ctrl_info(dt, ctrl, &scheme);
	if (!n || len % (4 * n))
		return (struct dt_irq_ret){ -DT_E_MALFORMED, 0 };
	if (index >= len / (4 * n))
		return (struct dt_irq_ret){ -DT_E_NOT_FOUND, 0 };
	return irq_number(scheme, p + n * index, n);
}
