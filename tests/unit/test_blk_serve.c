// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtio_blk component's request handling
 * (user/components/virtio_blk/serve.c) on the host, the device replaced
 * by an array (blk_dev_io below). The test plays the hostile client:
 * unknown labels and badges, short messages, bad counts, sectors past
 * the end (with sums that would wrap), too few or wrong-sized slots,
 * ring indices moved under the server. Each gets its error, no device
 * request is made for it and the disk is unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "ktest.h"

#include <hw/virtio-mmio.h>

#include "serve.h"

#define SECTORS	   64
#define RING_BYTES 16384
#define BADGE	   5

static uint8_t disk[SECTORS * BLK_SECTOR_SIZE];
static unsigned int nr_io;

/* The device: copies between the disk and blk_disk.data. */
long blk_dev_io(uint32_t type, uint64_t sector, unsigned int count)
{
	size_t off = sector * BLK_SECTOR_SIZE, n = count * BLK_SECTOR_SIZE;

	nr_io++;
	if (sector >= SECTORS || count > SECTORS - sector)
		abort(); /* the server let a bad range through */
	if (type == VIRTIO_BLK_T_IN)
		memcpy(blk_disk.data, disk + off, n);
	else
		memcpy(disk + off, blk_disk.data, n);
	return 0;
}

const struct sys_resource *sys_resource(const struct sys_component_info *ci,
					const char *name, uint32_t type)
{
	for (uint32_t i = 0; i < ci->nr_resources && i < SYS_MAX_RESOURCES; i++)
		if (ci->res[i].type == type &&
		    !strncmp(ci->res[i].name, name, SYS_NAME_LEN))
			return &ci->res[i];
	return NULL;
}

static struct sys_component_info ci;
static struct ring wr, rd; /* the client's ends */
static void *wr_mem, *rd_mem;

static void add(const char *name, uint32_t badge, void *mem)
{
	struct sys_resource *r = &ci.res[ci.nr_resources++];

	memset(r, 0, sizeof(*r));
	strncpy(r->name, name, SYS_NAME_LEN);
	r->type = SYS_RES_RING;
	r->badge = badge;
	r->vaddr = (uint64_t)(uintptr_t)mem;
	r->size = RING_BYTES;
}

/* Once: the server and one client's rings, a disk of a pattern. */
static void setup(void)
{
	static bool done;

	for (size_t i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i * 7 + i / BLK_SECTOR_SIZE);
	nr_io = 0;
	blk_disk.read_only = false;
	if (done) {
		while (ring_consume_begin(&rd, &(uint32_t){ 0 }))
			ring_consume_commit(&rd);
		return;
	}
	done = true;
	wr_mem = aligned_alloc(64, RING_BYTES);
	rd_mem = aligned_alloc(64, RING_BYTES);
	REQUIRE(CHECK_EQ_INT(RING_OK, ring_format(&wr, wr_mem, RING_BYTES,
						  BLK_SLOT_SIZE)));
	REQUIRE(CHECK_EQ_INT(RING_OK, ring_format(&rd, rd_mem, RING_BYTES,
						  BLK_SLOT_SIZE)));
	add("shell.wr", BADGE, wr_mem);
	add("shell.rd", BADGE, rd_mem);
	add("lone.wr", BADGE + 1, wr_mem); /* no .rd: ignored */
	blk_disk.capacity = SECTORS;
	blk_disk.data = malloc(BLK_MAX_SECTORS * BLK_SECTOR_SIZE);
	blk_serve_attach(&ci);
}

static long call(kaal_word_t label, unsigned int len, kaal_word_t sector,
		 kaal_word_t count, struct kit_reply *rp)
{
	struct kit_request rq = { label, BADGE, len, { sector, count } };

	rp->len = 0;
	return blk_serve(&rq, rp);
}

static void push(unsigned int n, uint32_t len, uint8_t fill)
{
	uint8_t buf[BLK_SECTOR_SIZE];

	memset(buf, fill, sizeof(buf));
	for (unsigned int i = 0; i < n; i++)
		REQUIRE(CHECK_EQ_INT(RING_OK, ring_push(&wr, buf, len)));
}

TEST(info_read_write)
{
	struct kit_reply rp;
	uint8_t buf[BLK_SECTOR_SIZE], want[BLK_SECTOR_SIZE];

	setup();
	CHECK_EQ_INT(0, call(BLK_INFO, 0, 0, 0, &rp));
	CHECK_EQ_UINT(SECTORS, rp.mr[0]);
	CHECK_EQ_UINT(BLK_SECTOR_SIZE, rp.mr[1]);
	push(2, BLK_SECTOR_SIZE, 0xab);
	CHECK_EQ_INT(0, call(BLK_WRITE, 2, 10, 2, &rp));
	CHECK_EQ_UINT(2, rp.mr[0]);
	CHECK(ring_empty(&wr));
	memset(want, 0xab, sizeof(want));
	CHECK(!memcmp(disk + 11 * BLK_SECTOR_SIZE, want, sizeof(want)));
	CHECK_EQ_INT(0, call(BLK_READ, 2, SECTORS - 1, 1, &rp));
	CHECK_EQ_INT(BLK_SECTOR_SIZE, ring_pop(&rd, buf, sizeof(buf)));
	CHECK(!memcmp(buf, disk + (SECTORS - 1) * BLK_SECTOR_SIZE,
		      sizeof(buf)));
	CHECK_EQ_UINT(2, nr_io);
}

TEST(bad_requests_touch_nothing)
{
	static const struct {
		kaal_word_t label;
		unsigned int len;
		kaal_word_t sector, count;
		long err;
	} bad[] = {
		{ 99, 2, 0, 1, -SYS_E_PROTOCOL },
		{ BLK_READ, 1, 0, 1, -SYS_E_PROTOCOL },
		{ BLK_READ, 2, 0, 0, -SYS_E_PROTOCOL },
		{ BLK_READ, 2, 0, BLK_MAX_SECTORS + 1, -SYS_E_PROTOCOL },
		{ BLK_READ, 2, 0, ~0ull, -SYS_E_PROTOCOL },
		{ BLK_READ, 2, SECTORS, 1, -BLK_E_RANGE },
		{ BLK_READ, 2, SECTORS - 1, 2, -BLK_E_RANGE },
		{ BLK_READ, 2, ~0ull, 1, -BLK_E_RANGE },
		{ BLK_READ, 2, ~0ull - 1, 2, -BLK_E_RANGE },
		{ BLK_WRITE, 2, SECTORS, 1, -BLK_E_RANGE },
		{ BLK_WRITE, 2, ~0ull, 8, -BLK_E_RANGE },
	};
	uint8_t before[sizeof(disk)];
	struct kit_reply rp;
	struct kit_request rq = { BLK_INFO, BADGE + 40, 0, { 0 } };

	setup();
	memcpy(before, disk, sizeof(disk));
	CHECK_EQ_INT(-SYS_E_DENIED, blk_serve(&rq, &rp)); /* no rings */
	rq.badge = BADGE + 1; /* a .wr without its .rd */
	CHECK_EQ_INT(-SYS_E_DENIED, blk_serve(&rq, &rp));
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i].label == BLK_WRITE)
			push((unsigned int)bad[i].count, BLK_SECTOR_SIZE, 0xee);
		CHECK_EQ_INT(bad[i].err,
			     call(bad[i].label, bad[i].len, bad[i].sector,
				  bad[i].count, &rp));
		/* A refused write still takes the slots it named. */
		CHECK(ring_empty(&wr));
	}
	CHECK(ring_empty(&rd));
	CHECK_EQ_UINT(0, nr_io);
	CHECK(!memcmp(before, disk, sizeof(disk)));
}

TEST(lying_slots)
{
	uint8_t before[sizeof(disk)];
	struct kit_reply rp;

	setup();
	memcpy(before, disk, sizeof(disk));
	/* Fewer slots than sectors: refused, nothing taken. */
	push(1, BLK_SECTOR_SIZE, 1);
	CHECK_EQ_INT(-SYS_E_PROTOCOL, call(BLK_WRITE, 2, 0, 2, &rp));
	CHECK_EQ_UINT(1, ring_count(&wr));
	ring_consume_begin(&wr, &(uint32_t){ 0 });
	ring_consume_commit(&wr);
	/* A slot that is not one sector: refused, both taken. */
	push(1, BLK_SECTOR_SIZE, 2);
	push(1, 100, 3);
	CHECK_EQ_INT(-SYS_E_PROTOCOL, call(BLK_WRITE, 2, 0, 2, &rp));
	CHECK(ring_empty(&wr));
	/* A length word past the slot: clamped by the ring, refused. */
	{
		uint8_t *slot = ring_produce_begin(&wr);

		REQUIRE(CHECK_NOT_NULL(slot));
		ring_produce_commit(&wr, 0xffffffffu);
	}
	CHECK_EQ_INT(-SYS_E_PROTOCOL, call(BLK_WRITE, 2, 0, 1, &rp));
	CHECK_EQ_UINT(0, nr_io);
	CHECK(!memcmp(before, disk, sizeof(disk)));
	/* Read-only: refused, the slot taken. */
	blk_disk.read_only = true;
	push(1, BLK_SECTOR_SIZE, 4);
	CHECK_EQ_INT(-SYS_E_DENIED, call(BLK_WRITE, 2, 0, 1, &rp));
	CHECK(ring_empty(&wr));
	CHECK_EQ_UINT(0, nr_io);
}

TEST(read_without_room)
{
	struct ring_shared *s = rd_mem;
	struct kit_reply rp;

	setup();
	/* Fill "rd": no room for another sector. */
	for (uint32_t i = 0; i <= rd.mask; i++)
		CHECK_EQ_INT(RING_OK, ring_push(&rd, disk, BLK_SECTOR_SIZE));
	CHECK_EQ_INT(-SYS_E_NO_SPACE, call(BLK_READ, 2, 0, 1, &rp));
	CHECK_EQ_UINT(0, nr_io);
	/* A client that moves its tail past the head claims room it does
	 * not have: the server's pushes find the ring full and stop. */
	s->tail = s->head + 1000;
	CHECK(call(BLK_READ, 2, 0, 8, &rp) < 0);
	s->tail = s->head;
}
