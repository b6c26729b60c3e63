// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the devicetree: RAM, reserved memory, /chosen, PSCI, and a check
 * that the hardware is the one this image was built for. One walk over
 * the structure block reads each property once and keeps what the loader
 * needs (libfdt's lookups walk the tree from its start for every question:
 * 1.5 M instructions for QEMU's devicetree, against some 0.1 M now).
 *
 * Only enabled nodes count (status absent, "okay" or "ok", devicetree
 * specification v0.4 2.3.4): firmware describes devices it keeps for the
 * secure world, such as QEMU's secure UART and secure RAM with
 * secure=on, with status = "disabled" and secure-status = "okay". A
 * Non-secure OS must neither use nor check them.
 */
#include <libfdt.h>
#include <kaal/string.h>
#include <generated/devicetree.h>
#include "loader.h"

/* Called with the MMU off: only aligned 32-bit loads of the header. */
void dt_check_header(const void *fdt)
{
	const volatile uint32_t *h = fdt;

	if (!fdt || ((uintptr_t)fdt & 7))
		loader_fail(
			"x0=%p is not a devicetree address. Boot with a DTB "
			"(QEMU -dtb, U-Boot booti <addr> - $fdt_addr)",
			fdt);
	if (fdt32_to_cpu(h[0]) != FDT_MAGIC)
		loader_fail("no devicetree at %p (magic 0x%x, expected 0x%x)",
			    fdt, fdt32_to_cpu(h[0]), FDT_MAGIC);
}

/* Nodes nest at most this deep (the root is depth 0). */
#define DT_MAX_DEPTH	16
/* Enabled consoles of the image's kind remembered for the stdout-path
 * check; any further ones are not candidates. */
#define DT_MAX_CONSOLES 16

/* What the loader needs of one node, gathered from its properties. */
struct dt_node {
	int offset;
	const char *name;
	bool done; /* properties all seen and the node handled */
	const char *status, *device_type, *compatible, *method;
	const fdt32_t *reg, *address_cells, *size_cells;
	int status_len, device_type_len, compatible_len, method_len;
	int reg_len, address_cells_len, size_cells_len;
	const char *enable_method; /* cpu nodes */
	const fdt32_t *release_addr;
	int enable_method_len, release_addr_len;
	const char *bootargs, *stdout_path, *model; /* root and /chosen */
	int bootargs_len, stdout_path_len, model_len;
};

/* A node compatible with a device the image was built for. */
struct dt_device {
	int offset;
	bool at_root; /* a child of the root: reg holds a root-cell address */
	const fdt32_t *reg;
	int reg_len;
};

/* Everything one walk over the structure block collects. */
struct dt_scan {
	const void *fdt;
	struct boot_params *bp;
	struct dt_node stack[DT_MAX_DEPTH];
	struct dt_node root;	/* for its cells, after the walk */
	struct dt_node psci[2]; /* "arm,psci-0.2", "arm,psci"; offset 0: none */
	struct dt_device irqchip, consoles[DT_MAX_CONSOLES];
	int nr_irqchips, nr_consoles;
	bool timer;
	const char *stdout_path;
	int stdout_path_len;
};

static void __noreturn dt_corrupt(const void *fdt, int err)
{
	loader_fail("devicetree at %p is corrupt: %s", fdt, fdt_strerror(err));
}

/* A property value equal to the string @s (with its NUL). */
static bool value_is(const char *v, int len, const char *s)
{
	return v && len == (int)strlen(s) + 1 && !memcmp(v, s, (size_t)len);
}

/* A property value that is one NUL-terminated string. */
static bool is_string(const char *v, int len)
{
	return v && len > 0 && v[len - 1] == '\0';
}

/* Enabled: status absent, "okay" or "ok". */
static bool node_enabled(const struct dt_node *n)
{
	return !n->status || value_is(n->status, n->status_len, "okay") ||
	       value_is(n->status, n->status_len, "ok");
}

static bool node_compatible(const struct dt_node *n, const char *compat)
{
	return n->compatible &&
	       fdt_stringlist_contains(n->compatible, n->compatible_len,
				       compat);
}

/* The node's name is @s, with or without a unit address (as libfdt's
 * path lookup matches "/chosen"). */
static bool name_is(const struct dt_node *n, const char *s)
{
	size_t len = strlen(s);

	return !strncmp(n->name, s, len) &&
	       (n->name[len] == '\0' || n->name[len] == '@');
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* A #address-cells or #size-cells value as libfdt's fdt_address_cells()
 * and fdt_size_cells() give it: @dflt when absent, < 0 when malformed. */
static int cells_value(const fdt32_t *p, int len, int dflt, bool zero_ok)
{
	uint32_t v;

	if (!p)
		return dflt;
	if (len != 4)
		return -FDT_ERR_BADNCELLS;
	v = fdt32_to_cpu(*p);
	if (v > FDT_MAX_NCELLS || (!v && !zero_ok))
		return -FDT_ERR_BADNCELLS;
	return (int)v;
}

/* The cells of a reg property of a child of @parent. */
static void reg_cells(const void *fdt, const struct dt_node *parent, int *ac,
		      int *sc)
{
	*ac = cells_value(parent->address_cells, parent->address_cells_len, 2,
			  false);
	*sc = cells_value(parent->size_cells, parent->size_cells_len, 1, true);
	if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2)
		loader_fail("devicetree node %s has #address-cells=%d "
			    "#size-cells=%d",
			    fdt_get_name(fdt, parent->offset, NULL), *ac, *sc);
}

static void add_ram(struct boot_params *bp, uint64_t base, uint64_t size)
{
	if (!size)
		return;
	if (bp->nr_ram == BOOT_MAX_RAM) {
		lprintf("loader: warning: more than %d RAM ranges, ignoring "
			"0x%lx+0x%lx\n",
			BOOT_MAX_RAM, base, size);
		return;
	}
	bp->ram[bp->nr_ram].base = base;
	bp->ram[bp->nr_ram].size = size;
	strlcpy(bp->ram[bp->nr_ram].what, "ram", sizeof(bp->ram[0].what));
	bp->nr_ram++;
}

/* Each (base, size) pair of node @n's reg, in its parent's cells (the
 * root's for memory nodes, /reserved-memory's for reserved regions: both
 * map 1:1 to physical addresses): RAM, or reserved as @what. */
static void for_each_reg(const struct dt_scan *s, const struct dt_node *n,
			 const struct dt_node *parent, const char *what)
{
	int ac, sc;

	reg_cells(s->fdt, parent, &ac, &sc);
	if (!n->reg || n->reg_len % (4 * (ac + sc)))
		return;
	for (int i = 0; i < n->reg_len / 4; i += ac + sc) {
		uint64_t base = read_cells(n->reg + i, ac);
		uint64_t size = read_cells(n->reg + i + ac, sc);

		if (what)
			mm_reserve(s->bp, base, size, what);
		else
			add_ram(s->bp, base, size);
	}
}

static void remember_device(struct dt_device *d, const struct dt_node *n,
			    int depth)
{
	d->offset = n->offset;
	d->at_root = depth == 1;
	d->reg = n->reg;
	d->reg_len = n->reg_len;
}

/* The devices the image was built for, PSCI and the timer. */
static void note_devices(struct dt_scan *s, const struct dt_node *n, int depth)
{
	static const char *const psci[2] = { "arm,psci-0.2", "arm,psci" };

	for (int i = 0; i < 2; i++)
		if (!s->psci[i].offset && node_compatible(n, psci[i]))
			s->psci[i] = *n;
	if (!s->nr_irqchips && node_compatible(n, DT_IRQCHIP_COMPATIBLE))
		remember_device(&s->irqchip, n, depth), s->nr_irqchips++;
	if (node_compatible(n, DT_CONSOLE_COMPATIBLE) &&
	    s->nr_consoles < DT_MAX_CONSOLES)
		remember_device(&s->consoles[s->nr_consoles++], n, depth);
	if (node_compatible(n, "arm,armv8-timer") ||
	    node_compatible(n, "arm,armv7-timer"))
		s->timer = true;
}

/* A cpu node (a child of /cpus): its MPIDR (reg, in /cpus' address
 * cells) and how to start it, for the kernel (CONFIG_SMP). A cpu the
 * loader cannot describe gets BOOT_CPU_UNKNOWN and stays parked. */
static void note_cpu(struct dt_scan *s, const struct dt_node *n,
		     const struct dt_node *parent)
{
	struct boot_cpu *c;
	int ac = cells_value(parent->address_cells, parent->address_cells_len,
			     2, false);

	if (s->bp->nr_boot_cpus == BOOT_MAX_CPUS)
		return;
	c = &s->bp->cpus[s->bp->nr_boot_cpus++];
	*c = (struct boot_cpu){ .mpidr = ~0ull };
	if ((ac == 1 || ac == 2) && n->reg && n->reg_len >= 4 * ac)
		c->mpidr = read_cells(n->reg, ac);
	if (value_is(n->enable_method, n->enable_method_len, "psci")) {
		c->method = BOOT_CPU_PSCI;
	} else if (value_is(n->enable_method, n->enable_method_len,
			    "spin-table") &&
		   n->release_addr && n->release_addr_len == 8) {
		c->method = BOOT_CPU_SPIN_TABLE;
		c->release_addr = read_cells(n->release_addr, 2);
	}
}

/*
 * A node whose properties have all been seen (they come before its
 * children). Only enabled nodes count (but every cpu node), as before:
 * disabled memory is secure-only and a Non-secure access to it aborts.
 */
static void node_done(struct dt_scan *s, int depth)
{
	struct dt_node *n = &s->stack[depth];
	const struct dt_node *parent = depth ? n - 1 : NULL;

	if (n->done)
		return;
	n->done = true;
	if (value_is(n->device_type, n->device_type_len, "cpu")) {
		s->bp->nr_cpus++;
		if (depth == 2 && name_is(parent, "cpus"))
			note_cpu(s, n, parent);
	}
	if (!depth) {
		s->root = *n;
		if (is_string(n->model, n->model_len))
			strlcpy(s->bp->model, n->model, sizeof(s->bp->model));
		return;
	}
	if (depth == 1 && name_is(n, "chosen")) {
		if (is_string(n->bootargs, n->bootargs_len))
			strlcpy(s->bp->cmdline, n->bootargs,
				sizeof(s->bp->cmdline));
		s->stdout_path = n->stdout_path;
		s->stdout_path_len = n->stdout_path_len;
	}
	if (!node_enabled(n))
		return;
	if (value_is(n->device_type, n->device_type_len, "memory"))
		for_each_reg(s, n, parent, NULL);
	if (depth == 2 && name_is(parent, "reserved-memory"))
		for_each_reg(s, n, parent, "reserved-mem");
	note_devices(s, n, depth);
}

/* The property at @offset (fdt_next_tag checked that it lies in the
 * structure block): the values the loader looks at are kept. */
static void node_prop(struct dt_scan *s, struct dt_node *n, int offset)
{
	const struct fdt_property *p =
		fdt_offset_ptr(s->fdt, offset, sizeof(*p));
	const char *name;
	int len;

	if (!p)
		dt_corrupt(s->fdt, -FDT_ERR_BADSTRUCTURE);
	name = fdt_get_string(s->fdt, (int)fdt32_to_cpu(p->nameoff), NULL);
	if (!name)
		dt_corrupt(s->fdt, -FDT_ERR_BADSTRUCTURE);
	len = (int)fdt32_to_cpu(p->len);
#define KEEP(str, field, type)                                  \
	if (!strcmp(name, str)) {                               \
		n->field = (const type *)(const void *)p->data; \
		n->field##_len = len;                           \
		return;                                         \
	}
	KEEP("compatible", compatible, char);
	KEEP("reg", reg, fdt32_t);
	KEEP("status", status, char);
	KEEP("device_type", device_type, char);
	KEEP("#address-cells", address_cells, fdt32_t);
	KEEP("#size-cells", size_cells, fdt32_t);
	KEEP("method", method, char);
	KEEP("bootargs", bootargs, char);
	KEEP("stdout-path", stdout_path, char);
	KEEP("model", model, char);
	KEEP("enable-method", enable_method, char);
	KEEP("cpu-release-addr", release_addr, fdt32_t);
#undef KEEP
}

/*
 * One walk over the structure block, each property read once. libfdt's
 * fdt_next_tag checks every tag, name and property length against the
 * block, so a truncated or malformed tree stops here with libfdt's reason.
 */
static void walk(struct dt_scan *s)
{
	int depth = -1, offset = 0, next;

	for (;;) {
		uint32_t tag = fdt_next_tag(s->fdt, offset, &next);

		if (tag == FDT_END)
			dt_corrupt(s->fdt,
				   next < 0 ? next : -FDT_ERR_TRUNCATED);
		if (tag == FDT_BEGIN_NODE) {
			if (depth >= 0)
				node_done(s, depth);
			if (++depth == DT_MAX_DEPTH)
				loader_fail("devicetree nodes nested deeper "
					    "than %d levels",
					    DT_MAX_DEPTH);
			/* fdt_next_tag found the name's NUL in the block. */
			s->stack[depth] = (struct dt_node){
				.offset = offset,
				.name = fdt_offset_ptr(s->fdt,
						       offset + FDT_TAGSIZE, 1),
			};
			if (!s->stack[depth].name)
				dt_corrupt(s->fdt, -FDT_ERR_BADSTRUCTURE);
		} else if (tag == FDT_PROP || tag == FDT_END_NODE) {
			if (depth < 0)
				dt_corrupt(s->fdt, -FDT_ERR_BADSTRUCTURE);
			if (tag == FDT_PROP) {
				node_prop(s, &s->stack[depth], offset);
			} else {
				node_done(s, depth);
				if (--depth < 0)
					return; /* the end of the root */
			}
		} else if (tag != FDT_NOP) {
			dt_corrupt(s->fdt, -FDT_ERR_BADSTRUCTURE);
		}
		offset = next;
	}
}

static void parse_memreserve(const void *fdt, struct boot_params *bp)
{
	int n = fdt_num_mem_rsv(fdt);
	uint64_t addr, size;

	for (int i = 0; i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &addr, &size))
			mm_reserve(bp, addr, size, "memreserve");
}

static void set_psci(struct dt_scan *s)
{
	/* The first enabled "arm,psci-0.2" node, else the first enabled
	 * "arm,psci" one, says how to call PSCI. */
	const struct dt_node *n = &s->psci[s->psci[0].offset ? 0 : 1];

	if (value_is(n->method, n->method_len, "hvc"))
		s->bp->psci = BOOT_PSCI_HVC;
	else if (value_is(n->method, n->method_len, "smc"))
		s->bp->psci = BOOT_PSCI_SMC;
	loader_set_psci(s->bp->psci);
}

/* The console /chosen/stdout-path names (a path or an alias, options
 * after ':' dropped) if it is one of ours, else the first of ours. */
static const struct dt_device *stdout_console(const struct dt_scan *s)
{
	const char *path = s->stdout_path, *colon;
	int len = s->stdout_path_len, node;

	if (!s->nr_consoles)
		return NULL;
	if (!is_string(path, len))
		return &s->consoles[0];
	colon = strchr(path, ':');
	node = fdt_path_offset_namelen(s->fdt, path,
				       colon ? (int)(colon - path) : len - 1);
	for (int i = 0; node >= 0 && i < s->nr_consoles; i++)
		if (s->consoles[i].offset == node)
			return &s->consoles[i];
	return &s->consoles[0];
}

/* The first compatible string of @node, for messages. */
static const char *node_first_compatible(const void *fdt, int node)
{
	const char *c = node >= 0 ? fdt_getprop(fdt, node, "compatible", NULL) :
				    NULL;

	return c && *c ? c : "none";
}

/* What this machine has in place of a device of ours: the root's
 * interrupt parent (else the first interrupt controller), or the node
 * /chosen/stdout-path names. */
static int machine_device(const struct dt_scan *s, bool irqchip)
{
	const fdt32_t *phandle;
	const char *path;
	int len;

	if (!irqchip) {
		path = s->stdout_path;
		if (!is_string(path, s->stdout_path_len))
			return -1;
		len = (int)(strchr(path, ':') ? strchr(path, ':') - path :
						s->stdout_path_len - 1);
		return fdt_path_offset_namelen(s->fdt, path, len);
	}
	phandle = fdt_getprop(s->fdt, 0, "interrupt-parent", &len);
	if (phandle && len == sizeof(*phandle))
		return fdt_node_offset_by_phandle(s->fdt,
						  fdt32_to_cpu(*phandle));
	return fdt_node_offset_by_prop_value(s->fdt, -1, "interrupt-controller",
					     NULL, 0);
}

/* The image's drivers were chosen from the board DTS at build time; refuse
 * to run on a devicetree whose enabled interrupt controller or console
 * differs, saying what this machine has and the two ways out: the
 * machine the image was built for, or a build for this one. */
static void check_device(const struct dt_scan *s, const struct dt_device *d,
			 const char *compat, uint64_t base, const char *what,
			 bool irqchip)
{
	int ac, sc;

	if (!d)
		loader_fail(
			"this image was built for %s \"%s\" (board %s, "
			"devicetree %s.dts) but this machine's is \"%s\".\nloader: "
			"Boot it on the machine it was built for%s%s%s, or "
			"build it for this one: pick the board and "
			"interrupt controller with `make menuconfig`, or "
			"its defconfig (`make help` lists them)",
			what, compat, CONFIG_BOARD_NAME, CONFIG_BOARD_DTS,
			node_first_compatible(s->fdt,
					      machine_device(s, irqchip)),
			*CONFIG_QEMU_MACHINE ? " (QEMU: -machine " : "",
			CONFIG_QEMU_MACHINE,
			*CONFIG_QEMU_MACHINE ? ", as `make run` does)" : "");
	/* Only a child of the root has its bus address in root cells; the
	 * generated header checked the rest at build time. */
	if (!base || !d->at_root || !d->reg)
		return;
	reg_cells(s->fdt, &s->root, &ac, &sc);
	if (d->reg_len >= 4 * ac && read_cells(d->reg, ac) != base)
		loader_fail("%s \"%s\" is at 0x%lx in the devicetree, but the "
			    "image was built for 0x%lx",
			    what, compat, read_cells(d->reg, ac), base);
}

static void check_hardware(const struct dt_scan *s)
{
#ifdef DT_GIC_DIST_BASE
	uint64_t gic_base = DT_GIC_DIST_BASE;
#else
	uint64_t gic_base = 0;
#endif

	check_device(s, s->nr_irqchips ? &s->irqchip : NULL,
		     DT_IRQCHIP_COMPATIBLE, gic_base, "an interrupt controller",
		     true);
	/* The console the firmware chose, if it is one of ours. */
	check_device(s, stdout_console(s), DT_CONSOLE_COMPATIBLE,
		     DT_CONSOLE_BASE, "a console UART", false);
	if (!s->timer)
		loader_fail("the devicetree has no enabled generic timer "
			    "(compatible \"arm,armv8-timer\")");
}

/*
 * Firmware often hands over a blob with room to grow (QEMU: 1 MiB around
 * a few KiB of tree) so it can edit the tree in place. Nobody edits it
 * after us, so dt_parse() packs it first (libfdt moves the blocks
 * together and shrinks totalsize): the free space goes back to RAM, and
 * the kernel, the root task and system_init map and hand over a few pages
 * instead of hundreds. A blob libfdt cannot pack (an old version, blocks
 * out of order) is kept as it is.
 */
void dt_parse(void *fdt, struct boot_params *bp)
{
	static struct dt_scan s;
	int err = fdt_check_header(fdt);

	if (err)
		dt_corrupt(fdt, err);
	fdt_pack(fdt);
	bp->dtb = (paddr_t)(uintptr_t)fdt;
	bp->dtb_size = fdt_totalsize(fdt);
	strlcpy(bp->model, "unknown", sizeof(bp->model));
	mm_reserve(bp, bp->dtb, bp->dtb_size, "dtb");
	parse_memreserve(fdt, bp);
	s = (struct dt_scan){ .fdt = fdt, .bp = bp };
	walk(&s);
	if (!bp->nr_ram)
		loader_fail("the devicetree describes no memory (no enabled "
			    "node with device_type = \"memory\")");
	set_psci(&s);
	check_hardware(&s);
}
