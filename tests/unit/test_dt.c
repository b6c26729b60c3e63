// SPDX-License-Identifier: GPL-2.0-only
/*
 * user/lib/driver/dt.c, the driver kit's devicetree reader over libfdt, on
 * the boards' own blobs (compiled from arch/arm64/boot/dts by the unit
 * Makefile): what drivers ask of it, and what a corrupt blob gives. Each
 * blob is copied to a malloc'd buffer of its exact size, so ASan reports
 * any read past it; libfdt is the host's build of Debian's library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <libdriver/dt.h>

#include "ktest.h"

struct board {
	const char *name;
	uint64_t console_base, console_size;
	unsigned int console_irq, timer_virt_irq;
};

/* The values scripts/dts/gen_defines.py puts in devicetree.h. */
static const struct board boards[] = {
	{ "qemu-virt-gicv2", 0x9000000, 0x1000, 33, 27 },
	{ "qemu-virt-gicv3", 0x9000000, 0x1000, 33, 27 },
	{ "rpi3", 0x3f215040, 0x40, 61, 3 },
	{ "rpi4", 0xfe215040, 0x40, 125, 27 },
};

static uint8_t *load(const char *board, size_t *size)
{
	char path[512];
	FILE *f;
	uint8_t *blob;
	long n;

	snprintf(path, sizeof(path), "%s/dt-%s.dtb", KTEST_DTB_DIR, board);
	f = fopen(path, "rb");
	REQUIRE(CHECK_NOT_NULL(f));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	blob = malloc((size_t)n);
	REQUIRE(CHECK_EQ_UINT((size_t)n, fread(blob, 1, (size_t)n, f)));
	fclose(f);
	*size = (size_t)n;
	return blob;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

TEST(dt_boards_console_and_timer)
{
	for (size_t i = 0; i < sizeof(boards) / sizeof(boards[0]); i++) {
		const struct board *b = &boards[i];
		size_t size;
		uint8_t *blob = load(b->name, &size);
		struct dt dt;
		struct dt_reg_ret reg;
		struct dt_irq_ret irq;
		int node, timer;

		REQUIRE(CHECK_EQ_INT(DT_OK, dt_init(&dt, blob, size)));
		node = dt_stdout(&dt);
		REQUIRE(CHECK(node > 0));
		reg = dt_reg(&dt, node, 0);
		CHECK_EQ_INT(DT_OK, reg.error);
		CHECK_EQ_UINT(b->console_base, reg.addr);
		CHECK_EQ_UINT(b->console_size, reg.size);
		irq = dt_irq(&dt, node, 0);
		CHECK_EQ_INT(DT_OK, irq.error);
		CHECK_EQ_UINT(b->console_irq, irq.irq);
		CHECK_EQ_INT(-DT_E_NOT_FOUND, dt_reg(&dt, node, 1).error);
		timer = dt_find_compatible(&dt, "arm,armv8-timer");
		REQUIRE(CHECK(timer > 0));
		irq = dt_irq(&dt, timer, 2);
		CHECK_EQ_INT(DT_OK, irq.error);
		CHECK_EQ_UINT(b->timer_virt_irq, irq.irq);
		CHECK_EQ_INT(node,
			     dt_find_compatible(
				     &dt, b->console_base < 0x10000000 ?
						  "arm,pl011" :
						  "brcm,bcm2835-aux-uart"));
		CHECK_EQ_INT(-DT_E_NOT_FOUND,
			     dt_find_compatible(&dt, "no,such-device"));
		CHECK_EQ_INT(-DT_E_NOT_FOUND, dt_path(&dt, "/no-such-node"));
		CHECK_EQ_INT(-DT_E_NOT_FOUND, dt_path(&dt, "serial0"));
		free(blob);
	}
}

/* dt.c keeps the last controller, interrupt parent and bus cells it
 * looked up: with all four blobs open at once and asked in turn (no
 * dt_init between), each answer is still its own blob's. */
TEST(dt_blobs_asked_in_turn_keep_their_own_answers)
{
	enum { N = sizeof(boards) / sizeof(boards[0]) };
	struct dt dt[N];
	uint8_t *blob[N];

	for (size_t i = 0; i < N; i++) {
		size_t size;

		blob[i] = load(boards[i].name, &size);
		REQUIRE(CHECK_EQ_INT(DT_OK, dt_init(&dt[i], blob[i], size)));
	}
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < N; i++) {
			const struct board *b = &boards[i];
			int node = dt_stdout(&dt[i]);
			int timer =
				dt_find_compatible(&dt[i], "arm,armv8-timer");
			struct dt_reg_ret reg = dt_reg(&dt[i], node, 0);

			CHECK_EQ_UINT(b->console_base, reg.addr);
			CHECK_EQ_UINT(b->console_size, reg.size);
			CHECK_EQ_UINT(b->console_irq,
				      dt_irq(&dt[i], node, 0).irq);
			CHECK_EQ_UINT(b->timer_virt_irq,
				      dt_irq(&dt[i], timer, 2).irq);
		}
	}
	for (size_t i = 0; i < N; i++)
		free(blob[i]);
}

/* rpi3: the console sits on /soc, whose ranges move it to 0x3f000000,
 * and /chosen names it by the alias serial1. */
TEST(dt_paths_and_aliases)
{
	size_t size;
	uint8_t *blob = load("rpi3", &size);
	struct dt dt;
	int soc, uart;

	REQUIRE(CHECK_EQ_INT(DT_OK, dt_init(&dt, blob, size)));
	CHECK_EQ_STR("", dt_name(&dt, dt.root));
	soc = dt_path(&dt, "/soc");
	uart = dt_path(&dt, "/soc/serial@7e215040");
	REQUIRE(CHECK(soc > 0 && uart > 0));
	CHECK_EQ_STR("serial@7e215040", dt_name(&dt, uart));
	CHECK_EQ_INT(soc, dt_parent(&dt, uart));
	CHECK_EQ_INT(-DT_E_NOT_FOUND, dt_parent(&dt, dt.root));
	CHECK_EQ_INT(uart, dt_path(&dt, "/soc/serial"));
	CHECK_EQ_INT(uart, dt_stdout(&dt));
	CHECK_EQ_INT(uart, dt_resolve(&dt, "serial1:115200", 7));
	CHECK_EQ_INT(uart, dt_resolve(&dt, "/soc/serial@7e215040", 99));
	CHECK_EQ_INT(-DT_E_NOT_FOUND, dt_resolve(&dt, "serial9", 7));
	CHECK_EQ_INT(-DT_E_NOT_FOUND, dt_resolve(&dt, "", 0));
	CHECK(dt_is_compatible(&dt, uart, "brcm,bcm2835-aux-uart"));
	CHECK(!dt_is_compatible(&dt, uart, "brcm,bcm2835-aux"));
	free(blob);
}

/* tests/boot/disabled-nodes.dts: QEMU's secure UART, status "disabled",
 * comes before the console in the blob; drivers never see it. */
TEST(dt_disabled_nodes_are_skipped)
{
	size_t size;
	uint8_t *blob = load("disabled-nodes", &size);
	struct dt dt;
	int secure, console;

	REQUIRE(CHECK_EQ_INT(DT_OK, dt_init(&dt, blob, size)));
	secure = dt_path(&dt, "/serial@9040000");
	console = dt_path(&dt, "/pl011@9000000");
	REQUIRE(CHECK(secure > 0 && console > secure));
	CHECK(dt_is_compatible(&dt, secure, "arm,pl011"));
	CHECK(!dt_is_enabled(&dt, secure));
	CHECK(dt_is_enabled(&dt, console));
	CHECK_EQ_INT(console, dt_find_compatible(&dt, "arm,pl011"));
	CHECK_EQ_INT(console, dt_stdout(&dt));
	free(blob);
}

/* A corrupted blob: dt_init's error, ours and libfdt's. */
static void check_refused(const char *what, uint8_t *blob, size_t size,
			  int expected, const char *libfdt_error)
{
	struct dt dt;

	memset(&dt, 0x5a, sizeof(dt));
	KTEST_FAIL_IF_NOT(dt_init(&dt, blob, size) == expected,
			  "%s: dt_init is not %d", what, expected);
	CHECK_NULL(dt.fdt);
	KTEST_FAIL_IF_NOT(!strcmp(dt_libfdt_error(&dt), libfdt_error),
			  "%s: libfdt's error is %s, not %s", what,
			  dt_libfdt_error(&dt), libfdt_error);
}

TEST(dt_corrupt_blobs_are_refused_with_libfdts_error)
{
	size_t size;
	uint8_t *good = load("rpi3", &size);
	uint8_t *bad = malloc(size);
	uint32_t off_struct = get32(good + 8), off_strings = get32(good + 12);
	struct dt dt;

	check_refused("NULL", NULL, size, -DT_E_BAD_BLOB, "FDT_ERR_TRUNCATED");
	check_refused("20 bytes", good, 20, -DT_E_BAD_BLOB,
		      "FDT_ERR_TRUNCATED");
	check_refused("cut in half", good, size / 2, -DT_E_BAD_BLOB,
		      "FDT_ERR_TRUNCATED");

	memcpy(bad, good, size);
	put32(bad, 0xdeadbeef);
	check_refused("bad magic", bad, size, -DT_E_BAD_BLOB,
		      "FDT_ERR_BADMAGIC");

	memcpy(bad, good, size);
	put32(bad + 20, 1); /* version 1 */
	check_refused("version 1", bad, size, -DT_E_BAD_BLOB,
		      "FDT_ERR_BADVERSION");

	/* The root's first property token (after BEGIN_NODE and its empty
	 * name) becomes an unknown token. */
	memcpy(bad, good, size);
	REQUIRE(CHECK_EQ_UINT(3, get32(bad + off_struct + 8)));
	put32(bad + off_struct + 8, 7);
	check_refused("bad token", bad, size, -DT_E_MALFORMED,
		      "FDT_ERR_BADSTRUCTURE");

	/* Its name offset points far outside the strings block. */
	memcpy(bad, good, size);
	put32(bad + off_struct + 16, 0xfffff);
	check_refused("bad name offset", bad, size, -DT_E_MALFORMED,
		      "FDT_ERR_BADOFFSET");

	/* The strings block said to reach past the blob's end. */
	memcpy(bad, good, size);
	put32(bad + 32, (uint32_t)size - off_strings + 64);
	check_refused("strings past the end", bad, size, -DT_E_BAD_BLOB,
		      "FDT_ERR_TRUNCATED");

	/* A good blob after all that is accepted again. */
	CHECK_EQ_INT(DT_OK, dt_init(&dt, good, size));
	CHECK_EQ_PTR(good, dt.fdt);
	free(bad);
	free(good);
}

/* Every question a driver asks, of every node: on a blob dt_init
 * accepted, each returns a value or an error, never a fault. */
static unsigned int ask_everything(const struct dt *dt)
{
	unsigned int nodes = 0;
	uint32_t len;

	(void)dt_stdout(dt);
	(void)dt_find_compatible(dt, "arm,pl011");
	(void)dt_by_phandle(dt, 1);
	for (int node = dt->root; node >= 0 && nodes < 10000;
	     node = dt_next_node(dt, node), nodes++) {
		(void)strlen(dt_name(dt, node));
		(void)dt_parent(dt, node);
		(void)dt_is_enabled(dt, node);
		(void)dt_is_compatible(dt, node, "arm,gic-400");
		(void)dt_prop_string(dt, node, "compatible");
		(void)dt_prop(dt, node, "reg", &len);
		for (unsigned int i = 0; i < 3; i++) {
			(void)dt_reg(dt, node, i);
			(void)dt_irq(dt, node, i);
		}
	}
	return nodes;
}

TEST(dt_random_corruption_never_faults)
{
	unsigned int accepted = 0, refused = 0;
	uint8_t *blobs[sizeof(boards) / sizeof(boards[0])];
	size_t sizes[sizeof(boards) / sizeof(boards[0])];

	for (size_t i = 0; i < sizeof(boards) / sizeof(boards[0]); i++)
		blobs[i] = load(boards[i].name, &sizes[i]);
	srand(1234);
	for (unsigned int round = 0; round < 3000; round++) {
		size_t b = (size_t)rand() % 4, size = sizes[b];
		uint8_t *data;
		struct dt dt;

		if (round % 3 == 0)
			size = (size_t)rand() % size;
		data = malloc(size ? size : 1);
		memcpy(data, blobs[b], size);
		if (round % 3)
			for (int n = 1 + rand() % 4; n > 0; n--)
				data[(size_t)rand() % size] = (uint8_t)rand();
		if (dt_init(&dt, data, size) == DT_OK) {
			accepted++;
			CHECK(ask_everything(&dt) > 0);
		} else {
			refused++;
			CHECK(strncmp(dt_libfdt_error(&dt), "FDT_ERR_", 8) ==
			      0);
		}
		free(data);
	}
	/* Both kinds happened: the test saw accepted and refused blobs. */
	CHECK(accepted > 100);
	CHECK(refused > 100);
	for (size_t i = 0; i < sizeof(boards) / sizeof(boards[0]); i++)
		free(blobs[i]);
}
