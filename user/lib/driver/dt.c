// SPDX-License-Identifier: BSD-2-Clause
/*
 * A read-only flattened devicetree reader (dt.h). Section numbers are
 * those of the Devicetree Specification v0.4: 5.2 header, 5.4 structure
 * block, 2.3 standard properties, 2.4 interrupts.
 */
#include <string.h>
#include <hw/irq_numbering.h>
#include <libdriver/dt.h>

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

/* Deeper trees are refused as malformed; real ones are a handful deep. */
#define DT_MAX_DEPTH 32

#define ALIGN4(x) (((x) + 3u) & ~3u)

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* 5.2: the header fields, big-endian words. */
enum {
	H_MAGIC = 0,
	H_TOTALSIZE = 4,
	H_OFF_STRUCT = 8,
	H_OFF_STRINGS = 12,
	H_VERSION = 20,
	H_LAST_COMP = 24,
	H_SIZE_STRINGS = 32,
	H_SIZE_STRUCT = 36,
	H_SIZE = 40
};

/*
 * The token at structure offset @off (5.4.1); *next is the offset of the
 * one after it. 0 for anything that is not a well-formed token inside the
 * block.
 */
static uint32_t token(const struct dt *dt, int off, int *next)
{
	uint32_t tok, room, len;

	if (off < 0 || (off & 3) || (uint32_t)off + 4 > dt->struct_size)
		return 0;
	room = dt->struct_size - (uint32_t)off - 4;
	tok = be32(dt->structs + off);
	switch (tok) {
	case FDT_BEGIN_NODE:
		len = strnlen((const char *)dt->structs + off + 4, room);
		if (len == room)
			return 0;
		*next = off + 4 + (int)ALIGN4(len + 1);
		return tok;
	case FDT_PROP:
		if (room < 8)
			return 0;
		len = be32(dt->structs + off + 4);
		if (len > room - 8)
			return 0;
		*next = off + 12 + (int)ALIGN4(len);
		return tok;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		*next = off + 4;
		return tok;
	default:
		return 0;
	}
}

/* The first token at or after @off that is not a NOP. */
static uint32_t token_skip_nops(const struct dt *dt, int *off, int *next)
{
	uint32_t tok;

	while ((tok = token(dt, *off, next)) == FDT_NOP)
		*off = *next;
	return tok;
}

int dt_init(struct dt *dt, const void *blob, uint64_t size)
{
	const uint8_t *h = blob;
	uint32_t total, off_struct, off_strings, size_struct, size_strings;
	int next;

	if (!blob || size < H_SIZE || be32(h + H_MAGIC) != FDT_MAGIC)
		return -DT_E_BAD_BLOB;
	total = be32(h + H_TOTALSIZE);
	off_struct = be32(h + H_OFF_STRUCT);
	size_struct = be32(h + H_SIZE_STRUCT);
	off_strings = be32(h + H_OFF_STRINGS);
	size_strings = be32(h + H_SIZE_STRINGS);
	/* size_dt_struct exists from version 17, the current one. */
	if (be32(h + H_VERSION) < 17 || be32(h + H_LAST_COMP) > 17 ||
	    total > size || off_struct > total ||
	    size_struct > total - off_struct || off_strings > total ||
	    size_strings > total - off_strings || (off_struct & 3) ||
	    size_struct < 8)
		return -DT_E_BAD_BLOB;
	dt->blob = h;
	dt->structs = h + off_struct;
	dt->struct_size = size_struct & ~3u;
	dt->strings = (const char *)h + off_strings;
	dt->strings_size = size_strings;
	dt->root = 0;
	if (token_skip_nops(dt, &dt->root, &next) != FDT_BEGIN_NODE)
		return -DT_E_MALFORMED;
	return DT_OK;
}

const char *dt_name(const struct dt *dt, int node)
{
	return (const char *)dt->structs + node + 4;
}

/* The property @name (its first @name_len characters) of @node. */
static const uint8_t *prop_n(const struct dt *dt, int node, const char *name,
			     uint32_t name_len, uint32_t *len)
{
	int off, next;

	if (token(dt, node, &off) != FDT_BEGIN_NODE)
		return NULL;
	/* 5.4.2: a node's properties come before its children. */
	while (token_skip_nops(dt, &off, &next) == FDT_PROP) {
		uint32_t nameoff = be32(dt->structs + off + 8);
		const char *s = dt->strings + nameoff;

		/* memcmp first: most names differ in their first bytes,
		 * and strnlen would read each one whole. */
		if (nameoff < dt->strings_size &&
		    dt->strings_size - nameoff > name_len &&
		    !memcmp(s, name, name_len) && s[name_len] == '\0') {
			if (len)
				*len = be32(dt->structs + off + 4);
			return dt->structs + off + 12;
		}
		off = next;
	}
	return NULL;
}

const void *dt_prop(const struct dt *dt, int node, const char *name,
		    uint32_t *len)
{
	return prop_n(dt, node, name, strlen(name), len);
}

const char *dt_prop_string(const struct dt *dt, int node, const char *name)
{
	uint32_t len;
	const char *s = dt_prop(dt, node, name, &len);

	return s && len && strnlen(s, len) < len ? s : NULL;
}

/* A one-cell property, or @dflt when it is absent or not one cell. */
static uint32_t prop_u32(const struct dt *dt, int node, const char *name,
			 uint32_t dflt)
{
	uint32_t len;
	const uint8_t *p = dt_prop(dt, node, name, &len);

	return p && len == 4 ? be32(p) : dflt;
}

int dt_next_node(const struct dt *dt, int node)
{
	int off, next;
	uint32_t tok;

	if (token(dt, node, &off) != FDT_BEGIN_NODE)
		return -DT_E_MALFORMED;
	for (;;) {
		tok = token(dt, off, &next);
		if (tok == FDT_BEGIN_NODE)
			return off;
		if (tok == FDT_END)
			return -DT_E_NOT_FOUND;
		if (!tok)
			return -DT_E_MALFORMED;
		off = next;
	}
}

/* Scan the whole tree, keeping the path of open nodes, until @node. */
int dt_parent(const struct dt *dt, int node)
{
	int stack[DT_MAX_DEPTH];
	int depth = 0, off = dt->root, next;

	for (;;) {
		switch (token(dt, off, &next)) {
		case FDT_BEGIN_NODE:
			if (off == node)
				return depth ? stack[depth - 1] :
					       -DT_E_NOT_FOUND;
			if (depth == DT_MAX_DEPTH)
				return -DT_E_MALFORMED;
			stack[depth++] = off;
			break;
		case FDT_END_NODE:
			if (--depth <= 0)
				return -DT_E_NOT_FOUND;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_END:
			return -DT_E_NOT_FOUND;
		default:
			return -DT_E_MALFORMED;
		}
		off = next;
	}
}

/* The offset just past @node's subtree (after its FDT_END_NODE). */
static int subtree_end(const struct dt *dt, int node)
{
	int depth = 0, off = node, next;

	for (;;) {
		switch (token(dt, off, &next)) {
		case FDT_BEGIN_NODE:
			depth++;
			break;
		case FDT_END_NODE:
			if (--depth == 0)
				return next;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		default:
			return -DT_E_MALFORMED;
		}
		off = next;
	}
}

/* The first child of @node, or the sibling after @node, or an error. */
static int first_child(const struct dt *dt, int node)
{
	int off, next;
	uint32_t tok;

	if (token(dt, node, &off) != FDT_BEGIN_NODE)
		return -DT_E_MALFORMED;
	while ((tok = token_skip_nops(dt, &off, &next)) == FDT_PROP)
		off = next;
	if (tok == FDT_BEGIN_NODE)
		return off;
	return tok == FDT_END_NODE ? -DT_E_NOT_FOUND : -DT_E_MALFORMED;
}

static int next_sibling(const struct dt *dt, int node)
{
	int off = subtree_end(dt, node), next;

	if (off < 0)
		return off;
	return token_skip_nops(dt, &off, &next) == FDT_BEGIN_NODE ?
		       off :
		       -DT_E_NOT_FOUND;
}

/* 2.2.1: "serial@7e215040" matches itself, and "serial" matches it when
 * the component has no unit address. */
static bool name_matches(const char *name, const char *comp, uint32_t len)
{
	if (strncmp(name, comp, len))
		return false;
	return name[len] == '\0' ||
	       (name[len] == '@' && !memchr(comp, '@', len));
}

/* Follow the '/'-separated components of path[0..len) down from @node. */
static int walk(const struct dt *dt, int node, const char *path, uint32_t len)
{
	uint32_t i = 0;

	while (i < len) {
		uint32_t n = 0;
		int child;

		while (i + n < len && path[i + n] != '/')
			n++;
		if (n) {
			for (child = first_child(dt, node); child >= 0;
			     child = next_sibling(dt, child))
				if (name_matches(dt_name(dt, child), path + i,
						 n))
					break;
			if (child < 0)
				return child;
			node = child;
		}
		i += n + 1;
	}
	return node;
}

int dt_path(const struct dt *dt, const char *path)
{
	if (path[0] != '/')
		return -DT_E_NOT_FOUND;
	return walk(dt, dt->root, path + 1, strlen(path) - 1);
}

int dt_resolve(const struct dt *dt, const char *ref, uint32_t len)
{
	uint32_t alias_len = 0;
	const char *target;
	int aliases, node;

	len = strnlen(ref, len);
	if (len && ref[0] == '/')
		return walk(dt, dt->root, ref + 1, len - 1);
	while (alias_len < len && ref[alias_len] != '/')
		alias_len++;
	aliases = dt_path(dt, "/aliases");
	if (aliases < 0)
		return aliases;
	target = (const char *)prop_n(dt, aliases, ref, alias_len, NULL);
	if (!target || target[0] != '/')
		return -DT_E_NOT_FOUND;
	node = dt_path(dt, target);
	if (node < 0 || alias_len == len)
		return node;
	return walk(dt, node, ref + alias_len + 1, len - alias_len - 1);
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

	/* 2.3.3: 0 and 0xffffffff are never phandles. */
	if (phandle == 0 || phandle == 0xffffffffu)
		return -DT_E_NOT_FOUND;
	for (node = dt->root; node >= 0; node = dt_next_node(dt, node))
		if (prop_u32(dt, node, "phandle", 0) == phandle ||
		    prop_u32(dt, node, "linux,phandle", 0) == phandle)
			return node;
	return node;
}

bool dt_is_compatible(const struct dt *dt, int node, const char *compat)
{
	uint32_t len, i = 0;
	const char *list = dt_prop(dt, node, "compatible", &len);

	while (list && i < len) {
		uint32_t n = strnlen(list + i, len - i);

		if (n == strlen(compat) && !memcmp(list + i, compat, n))
			return true;
		i += n + 1;
	}
	return false;
}

bool dt_is_enabled(const struct dt *dt, int node)
{
	const char *status = dt_prop_string(dt, node, "status");

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

int dt_find_compatible(const struct dt *dt, const char *compat)
{
	int node;

	for (node = dt->root; node >= 0; node = dt_next_node(dt, node))
		if (dt_is_compatible(dt, node, compat) &&
		    dt_is_enabled(dt, node))
			return node;
	return node;
}

/* A number of @n cells; false when it does not fit our 64 bits. */
static bool read_cells(const uint8_t *p, uint32_t n, uint64_t *val)
{
	*val = 0;
	if (n > 2)
		return false;
	for (uint32_t i = 0; i < n; i++)
		*val = *val << 32 | be32(p + 4 * i);
	return true;
}

/* 2.3.6: a bus gives its children 2 address cells and 1 size cell
 * unless it says otherwise. */
static uint32_t address_cells(const struct dt *dt, int bus)
{
	return prop_u32(dt, bus, "#address-cells", 2);
}

static uint32_t size_cells(const struct dt *dt, int bus)
{
	return prop_u32(dt, bus, "#size-cells", 1);
}

/* 2.3.8: map [*addr, *addr + size) of @bus's address space into its
 * parent's with the matching ranges entry; empty ranges is identity. */
static int translate_one(const struct dt *dt, int bus, int parent,
			 uint64_t *addr, uint64_t size)
{
	uint32_t len, cac, pac, csc, per;
	const uint8_t *r = dt_prop(dt, bus, "ranges", &len);

	if (!r)
		return -DT_E_UNTRANSLATABLE;
	if (!len)
		return DT_OK;
	cac = address_cells(dt, bus);
	pac = address_cells(dt, parent);
	csc = size_cells(dt, bus);
	per = 4 * (cac + pac + csc);
	if (cac > 2 || pac > 2 || csc > 2)
		return -DT_E_UNSUPPORTED;
	if (!per || len % per)
		return -DT_E_MALFORMED;
	for (const uint8_t *e = r; e < r + len; e += per) {
		uint64_t child, paddr, length;

		read_cells(e, cac, &child);
		read_cells(e + 4 * cac, pac, &paddr);
		read_cells(e + 4 * (cac + pac), csc, &length);
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
	uint32_t len, ac, sc, per;
	const uint8_t *reg;

	if (bus < 0)
		return (struct dt_reg_ret){ -bus, 0, 0 };
	ac = address_cells(dt, bus);
	sc = size_cells(dt, bus);
	per = 4 * (ac + sc);
	reg = dt_prop(dt, node, "reg", &len);
	if (!reg)
		return (struct dt_reg_ret){ -DT_E_NOT_FOUND, 0, 0 };
	if (ac > 2 || sc > 2)
		return (struct dt_reg_ret){ -DT_E_UNSUPPORTED, 0, 0 };
	if (!per || len % per)
		return (struct dt_reg_ret){ -DT_E_MALFORMED, 0, 0 };
	if (index >= len / per)
		return (struct dt_reg_ret){ -DT_E_NOT_FOUND, 0, 0 };
	read_cells(reg + per * index, ac, &ret.addr);
	read_cells(reg + per * index + 4 * ac, sc, &ret.size);
	/* Walk up to the root, translating through every bus. */
	while (bus != dt->root && ret.error == DT_OK) {
		int parent = dt_parent(dt, bus);

		if (parent < 0)
			return (struct dt_reg_ret){ -parent, 0, 0 };
		ret.error = translate_one(dt, bus, parent, &ret.addr, ret.size);
		bus = parent;
	}
	return ret;
}

/* ---- Interrupts ------------------------------------------------------ */

/*
 * One interrupt specifier of @ctrl (@n cells) in the kernel's numbering:
 * the scheme of the first compatible string of @ctrl that has one
 * (<hw/irq_numbering.h>, the one implementation of the numbering).
 */
static struct dt_irq_ret irq_number(const struct dt *dt, int ctrl,
				    const uint8_t *spec, uint32_t n)
{
	enum irq_numbering_scheme scheme = IRQ_NUMBERING_NONE;
	uint32_t cells[4];
	uint32_t len;
	const char *c = dt_prop(dt, ctrl, "compatible", &len);
	long irq;

	for (uint32_t off = 0; c && off < len && !scheme;) {
		uint32_t l = (uint32_t)strnlen(c + off, len - off);

		if (off + l == len)
			break; /* not NUL-terminated */
		scheme = irq_numbering_scheme(c + off);
		off += l + 1;
	}
	if (!scheme)
		return (struct dt_irq_ret){ -DT_E_UNSUPPORTED, 0 };
	for (uint32_t i = 0; i < n && i < 4; i++)
		cells[i] = be32(spec + 4 * i);
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
		const uint8_t *p = dt_prop(dt, node, "interrupt-parent", &len);

		if (p)
			return len == 4 ? dt_by_phandle(dt, be32(p)) :
					  -DT_E_MALFORMED;
		node = dt_parent(dt, node);
	}
	return node;
}

/* 2.4.1.3: interrupts-extended = <phandle specifier...>... */
static struct dt_irq_ret irq_extended(const struct dt *dt, const uint8_t *p,
				      uint32_t len, unsigned int index)
{
	uint32_t i = 0, cells = len / 4;

	while (i < cells) {
		int ctrl = dt_by_phandle(dt, be32(p + 4 * i));
		uint32_t n;

		if (ctrl < 0)
			return (struct dt_irq_ret){ ctrl, 0 };
		n = prop_u32(dt, ctrl, "#interrupt-cells", 0);
		if (!n || i + 1 + n > cells)
			return (struct dt_irq_ret){ -DT_E_MALFORMED, 0 };
		if (index-- == 0)
			return irq_number(dt, ctrl, p + 4 * (i + 1), n);
		i += 1 + n;
	}
	return (struct dt_irq_ret){ -DT_E_NOT_FOUND, 0 };
}

struct dt_irq_ret dt_irq(const struct dt *dt, int node, unsigned int index)
{
	uint32_t len, n;
	const uint8_t *p = dt_prop(dt, node, "interrupts-extended", &len);
	int ctrl;

	if (p)
		return irq_extended(dt, p, len, index);
	p = dt_prop(dt, node, "interrupts", &len);
	if (!p)
		return (struct dt_irq_ret){ -DT_E_NOT_FOUND, 0 };
	ctrl = interrupt_parent(dt, node);
	if (ctrl < 0)
		return (struct dt_irq_ret){ ctrl, 0 };
	n = prop_u32(dt, ctrl, "#interrupt-cells", 0);
	if (!n || len % (4 * n))
		return (struct dt_irq_ret){ -DT_E_MALFORMED, 0 };
	if (index >= len / (4 * n))
		return (struct dt_irq_ret){ -DT_E_NOT_FOUND, 0 };
	return irq_number(dt, ctrl, p + 4 * n * index, n);
}
