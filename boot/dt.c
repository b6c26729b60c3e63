// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the devicetree with libfdt: RAM, reserved memory, /chosen, PSCI,
 * and a check that the hardware is the one this image was built for.
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

static bool node_enabled(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

/* The next enabled node after @node compatible with @compat, or < 0. */
static int next_enabled_compatible(const void *fdt, int node,
				   const char *compat)
{
	do
		node = fdt_node_offset_by_compatible(fdt, node, compat);
	while (node >= 0 && !node_enabled(fdt, node));
	return node;
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* The cells of a reg property of a child of @parent. */
static void reg_cells(const void *fdt, int parent, int *ac, int *sc)
{
	*ac = fdt_address_cells(fdt, parent);
	*sc = fdt_size_cells(fdt, parent);
	if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2)
		loader_fail("devicetree node %s has #address-cells=%d "
			    "#size-cells=%d",
			    fdt_get_name(fdt, parent, NULL), *ac, *sc);
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

/* Each (base, size) pair of node @node's reg, in its parent's cells (the
 * root's for memory nodes, /reserved-memory's for reserved regions: both
 * map 1:1 to physical addresses). */
static void for_each_reg(const void *fdt, int node, struct boot_params *bp,
			 const char *what)
{
	int ac, sc, len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	reg_cells(fdt, fdt_parent_offset(fdt, node), &ac, &sc);
	if (!reg || len % (4 * (ac + sc)))
		return;
	for (int i = 0; i < len / 4; i += ac + sc) {
		uint64_t base = read_cells(reg + i, ac);
		uint64_t size = read_cells(reg + i + ac, sc);

		if (what)
			mm_reserve(bp, base, size, what);
		else
			add_ram(bp, base, size);
	}
}

/* RAM: the enabled device_type = "memory" nodes. Secure-only memory
 * (QEMU's secram with secure=on) is disabled for the Non-secure world
 * and must not become RAM: a Non-secure access to it aborts. */
static void parse_memory(const void *fdt, struct boot_params *bp)
{
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", 7)) >= 0)
		if (node_enabled(fdt, node))
			for_each_reg(fdt, node, bp, NULL);
	if (!bp->nr_ram)
		loader_fail("the devicetree describes no memory (no enabled "
			    "node with device_type = \"memory\")");
}

static void parse_reserved(const void *fdt, struct boot_params *bp)
{
	int parent, node, n = fdt_num_mem_rsv(fdt);
	uint64_t addr, size;

	for (int i = 0; i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &addr, &size))
			mm_reserve(bp, addr, size, "memreserve");
	/* Every enabled child with a reg is kept from the kernel, whether
	 * no-map or reusable: we do not share memory with firmware or other
	 * agents. Children without reg (size + alloc-ranges) ask the OS to
	 * allocate for a device driver we do not have; they are ignored. */
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent) if (node_enabled(fdt, node))
		for_each_reg(fdt, node, bp, "reserved-mem");
}

static void parse_chosen(const void *fdt, struct boot_params *bp)
{
	int node = fdt_path_offset(fdt, "/chosen");
	const char *s;

	s = fdt_getprop(fdt, 0, "model", NULL);
	strlcpy(bp->model, s ? s : "unknown", sizeof(bp->model));
	if (node < 0)
		return;
	s = fdt_getprop(fdt, node, "bootargs", NULL);
	if (s)
		strlcpy(bp->cmdline, s, sizeof(bp->cmdline));
}

static void parse_psci(const void *fdt, struct boot_params *bp)
{
	int node = next_enabled_compatible(fdt, -1, "arm,psci-0.2");
	const char *m;

	if (node < 0)
		node = next_enabled_compatible(fdt, -1, "arm,psci");
	if (node < 0)
		return;
	m = fdt_getprop(fdt, node, "method", NULL);
	if (m && !strcmp(m, "hvc"))
		bp->psci = BOOT_PSCI_HVC;
	else if (m && !strcmp(m, "smc"))
		bp->psci = BOOT_PSCI_SMC;
	loader_set_psci(bp->psci);
}

static void count_cpus(const void *fdt, struct boot_params *bp)
{
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "cpu", 4)) >= 0)
		bp->nr_cpus++;
}

/* The node /chosen/stdout-path names (a path or an alias, options after
 * ':' dropped), or < 0. */
static int stdout_node(const void *fdt)
{
	int len, chosen = fdt_path_offset(fdt, "/chosen");
	const char *path, *colon;

	if (chosen < 0)
		return chosen;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path || len < 1)
		return -FDT_ERR_NOTFOUND;
	colon = strchr(path, ':');
	return fdt_path_offset_namelen(fdt, path,
				       colon ? (int)(colon - path) : len - 1);
}

static void check_base(const void *fdt, int node, const char *compat,
		       uint64_t base, const char *what)
{
	int ac, sc, len, parent = fdt_parent_offset(fdt, node);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	/* Only a child of the root has its bus address in root cells; the
	 * generated header checked the rest at build time. */
	if (parent != 0 || !reg)
		return;
	reg_cells(fdt, parent, &ac, &sc);
	if (len >= 4 * ac && read_cells(reg, ac) != base)
		loader_fail("%s \"%s\" is at 0x%lx in the devicetree, but the "
			    "image was built for 0x%lx",
			    what, compat, read_cells(reg, ac), base);
}

/* The image's drivers were chosen from the board DTS at build time; refuse
 * to run on a devicetree whose enabled interrupt controller or console
 * differs. @node is the node to check, or < 0 for the first enabled one
 * compatible with @compat. */
static void check_device(const void *fdt, int node, const char *compat,
			 uint64_t base, const char *what)
{
	if (node < 0 || fdt_node_check_compatible(fdt, node, compat) ||
	    !node_enabled(fdt, node))
		node = next_enabled_compatible(fdt, -1, compat);
	if (node < 0)
		loader_fail("this image was built for %s \"%s\" but the "
			    "devicetree has no enabled one. Rebuild with the "
			    "defconfig for this machine (`make help` lists "
			    "them)",
			    what, compat);
	if (base)
		check_base(fdt, node, compat, base, what);
}

static void check_hardware(const void *fdt)
{
#ifdef DT_GIC_DIST_BASE
	check_device(fdt, -1, DT_IRQCHIP_COMPATIBLE, DT_GIC_DIST_BASE,
		     "an interrupt controller");
#else
	check_device(fdt, -1, DT_IRQCHIP_COMPATIBLE, 0,
		     "an interrupt controller");
#endif
	/* The console the firmware chose, if it is one of ours. */
	check_device(fdt, stdout_node(fdt), DT_CONSOLE_COMPATIBLE,
		     DT_CONSOLE_BASE, "a console UART");
	if (next_enabled_compatible(fdt, -1, "arm,armv8-timer") < 0 &&
	    next_enabled_compatible(fdt, -1, "arm,armv7-timer") < 0)
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
	int err = fdt_check_header(fdt);

	if (err)
		loader_fail("devicetree at %p is corrupt: %s", fdt,
			    fdt_strerror(err));
	fdt_pack(fdt);
	bp->dtb = (paddr_t)(uintptr_t)fdt;
	bp->dtb_size = fdt_totalsize(fdt);
	parse_memory(fdt, bp);
	mm_reserve(bp, bp->dtb, bp->dtb_size, "dtb");
	parse_reserved(fdt, bp);
	parse_chosen(fdt, bp);
	parse_psci(fdt, bp);
	count_cpus(fdt, bp);
	check_hardware(fdt);
}
