// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ramfs server's request handling (user/components/ramfs/server.c)
 * and the client library (user/lib/sys/ramfs.c) on the host: server.c is
 * linked into this program, and kaal_call() (tests/unit/stubs) hands
 * each request straight to server_handle() with the badge the kernel would
 * deliver, so the client library, the rings (real shared memory, ring.c)
 * and the server run as on the target, minus the kernel. The tests also
 * play the malicious client: wrong byte counts, lying slot lengths, ring
 * indices moved under the server, unknown labels and short messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktest.h"

#include <libsys/ramfs.h>
#include "server.h"

#define RING_BYTES     16384
#define EP_SHELL       100 /* the client's endpoint capabilities */
#define EP_TWO	       101
#define EP_STRANGER    102 /* badge without rings */
#define EP_LIAR	       103 /* a server that lies, see below */
#define BADGE_SHELL    5
#define BADGE_TWO      6
#define BADGE_STRANGER 9

static const kaal_word_t ep_badge[] = { BADGE_SHELL, BADGE_TWO,
					BADGE_STRANGER };
static unsigned int nr_calls;

/* ---- the stand-ins for the kernel and libsys's component.c ----------- */

/* A server that answers a read of n bytes with a full slot and the
 * count liar_says; the client library must stay inside its buffer. */
static struct ring *liar_rd;
static kaal_word_t liar_says;

static struct kaal_recv_ret liar(const struct kaal_msg *msg)
{
	struct kaal_recv_ret r = { 0 };
	static uint8_t slot[RAMFS_SLOT_SIZE - 4];

	(void)msg;
	memset(slot, 'L', sizeof(slot));
	ring_push(liar_rd, slot, sizeof(slot));
	r.msg.info = KAAL_MSGINFO(0, 0, 1);
	r.msg.mr[0] = liar_says;
	return r;
}

struct kaal_recv_ret kaal_call(kaal_cptr_t ep, const struct kaal_msg *msg)
{
	struct kaal_recv_ret r = { 0 };

	nr_calls++;
	if (ep == EP_LIAR)
		return liar(msg);
	if (ep < EP_SHELL || ep > EP_STRANGER) {
		r.error = KAAL_E_MISSING_CAP;
		return r;
	}
	r.msg = server_handle(ep_badge[ep - EP_SHELL], msg);
	return r;
}

struct kaal_recv_ret kaal_recv(kaal_cptr_t ep)
{
	(void)ep;
	abort(); /* the server loop is not run here */
}

struct kaal_recv_ret kaal_reply_recv(kaal_cptr_t ep, const struct kaal_msg *msg)
{
	(void)ep;
	(void)msg;
	abort();
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

const struct sys_component_info *sys_component_init(void *x0)
{
	return x0;
}

/* ---- a system of one server and its clients -------------------------- */

static struct sys_component_info server_ci, shell_ci, two_ci;
static struct ramfs_client shell, two;
static void *mem[SYS_MAX_RESOURCES];
static unsigned int nr_mem;

static void *ring_mem(size_t size, bool format)
{
	void *p = aligned_alloc(64, size);
	struct ring r;

	memset(p, 0x5a, size);
	if (format)
		REQUIRE(CHECK_EQ_INT(RING_OK, ring_format(&r, p, size,
							  RAMFS_SLOT_SIZE)));
	mem[nr_mem++] = p;
	return p;
}

static void add(struct sys_component_info *ci, const char *name, uint32_t type,
		uint32_t badge, kaal_cptr_t cap, void *vaddr, uint64_t size)
{
	struct sys_resource *r = &ci->res[ci->nr_resources++];

	memset(r, 0, sizeof(*r));
	strncpy(r->name, name, SYS_NAME_LEN);
	r->type = type;
	r->badge = badge;
	r->cap = cap;
	r->vaddr = (uint64_t)(uintptr_t)vaddr;
	r->size = size;
}

/* A client @name with badge @badge, its rings in both info pages. */
static void add_client(struct sys_component_info *ci, const char *name,
		       uint32_t badge, kaal_cptr_t ep)
{
	void *wr = ring_mem(RING_BYTES, true), *rd = ring_mem(RING_BYTES, true);
	char n[SYS_NAME_LEN + 1];

	snprintf(n, sizeof(n), "%s.wr", name);
	add(&server_ci, n, SYS_RES_RING, badge, 0, wr, RING_BYTES);
	snprintf(n, sizeof(n), "%s.rd", name);
	add(&server_ci, n, SYS_RES_RING, badge, 0, rd, RING_BYTES);
	memset(ci, 0, sizeof(*ci));
	add(ci, "ramfs", SYS_RES_CLIENT, badge, ep, NULL, 0);
	add(ci, "ramfs.wr", SYS_RES_RING, badge, 0, wr, RING_BYTES);
	add(ci, "ramfs.rd", SYS_RES_RING, badge, 0, rd, RING_BYTES);
}

static void teardown(void)
{
	while (nr_mem)
		free(mem[--nr_mem]);
}

/* The default system: the server with the shell and a second client. */
static void setup(void)
{
	teardown();
	memset(&server_ci, 0, sizeof(server_ci));
	server_reset();
	nr_calls = 0;
	add(&server_ci, "ramfs", SYS_RES_SERVER, 0, 1, NULL, 0);
	add_client(&shell_ci, "shell", BADGE_SHELL, EP_SHELL);
	add_client(&two_ci, "two", BADGE_TWO, EP_TWO);
	fs_init();
	server_find_clients(&server_ci);
	REQUIRE(CHECK_EQ_UINT(2, server_nr_clients()));
	REQUIRE(CHECK_EQ_INT(0, ramfs_connect(&shell, &shell_ci)));
	REQUIRE(CHECK_EQ_INT(0, ramfs_connect(&two, &two_ci)));
}

/* A raw request from @badge. */
static struct kaal_msg req(kaal_word_t badge, kaal_word_t label,
			   unsigned int len, kaal_word_t mr0, kaal_word_t mr1,
			   const char *name)
{
	struct kaal_msg m = { KAAL_MSGINFO(label, 0, len), { mr0, mr1 } };

	if (name)
		memcpy(&m.mr[1], name, strnlen(name, FS_NAME_BUF));
	return server_handle(badge, &m);
}

static long err_of(struct kaal_msg reply)
{
	return (long)KAAL_MSGINFO_LABEL(reply.info);
}

/* ---- tests ------------------------------------------------------------ */

TEST(clients_from_the_manifest)
{
	struct sys_component_info unused;

	setup();
	/* Pairs that must not become clients. */
	add(&server_ci, "lone.wr", SYS_RES_RING, 7, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	add(&server_ci, "odd.wr", SYS_RES_RING, 8, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	add(&server_ci, "odd.rd", SYS_RES_RING, 10, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	add(&server_ci, "zero.wr", SYS_RES_RING, 0, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	add(&server_ci, "zero.rd", SYS_RES_RING, 0, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	add(&server_ci, "bad.wr", SYS_RES_RING, 11, 0,
	    ring_mem(RING_BYTES, false), RING_BYTES);
	add(&server_ci, "bad.rd", SYS_RES_RING, 11, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	/* More than the staging buffer holds. */
	add(&server_ci, "big.wr", SYS_RES_RING, 12, 0, ring_mem(65536, true),
	    65536);
	add(&server_ci, "big.rd", SYS_RES_RING, 12, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	/* The shell's badge again, under another name. */
	add(&server_ci, "dup.wr", SYS_RES_RING, BADGE_SHELL, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	add(&server_ci, "dup.rd", SYS_RES_RING, BADGE_SHELL, 0,
	    ring_mem(RING_BYTES, true), RING_BYTES);
	REQUIRE(CHECK_EQ_UINT(SYS_MAX_RESOURCES, server_ci.nr_resources));
	server_reset();
	server_find_clients(&server_ci);
	CHECK_EQ_UINT(2, server_nr_clients());
	CHECK_EQ_STR("shell", server_client(0)->name);
	CHECK_EQ_UINT(BADGE_SHELL, server_client(0)->fs.badge);
	CHECK_EQ_STR("two", server_client(1)->name);
	/* Whoever has no rings is refused everything. */
	for (kaal_word_t label = 0; label <= 8; label++)
		CHECK_EQ_INT(SYS_E_DENIED, err_of(req(7, label, 6, 0, 0, "f")));
	CHECK_EQ_INT(SYS_E_DENIED, err_of(req(0, RAMFS_LIST, 1, 0, 0, NULL)));
	CHECK_EQ_INT(SYS_E_DENIED,
		     err_of(req(BADGE_STRANGER, RAMFS_STAT, 6, 0, 0, "f")));
	/* A component without the resources cannot connect. */
	memset(&unused, 0, sizeof(unused));
	add(&unused, "ramfs", SYS_RES_CLIENT, 3, 7, NULL, 0);
	CHECK_EQ_INT(-SYS_E_DENIED, ramfs_connect(&shell, &unused));
	teardown();
}

TEST(library_round_trip)
{
	size_t size = 100 * 1024 + 7;
	uint8_t *in = malloc(size), *out = malloc(size + 100);
	char name[RAMFS_NAME_MAX + 1];
	unsigned int calls;
	long fd;

	setup();
	for (size_t i = 0; i < size; i++)
		in[i] = (uint8_t)(i ^ (i >> 9));
	fd = ramfs_open(&shell, "data", RAMFS_O_WRITE | RAMFS_O_CREATE);
	CHECK_EQ_INT(0, fd);
	calls = nr_calls;
	CHECK_EQ_INT((long)size, ramfs_write(&shell, (int)fd, in, size));
	/* One ring (32 slots of 252 bytes) per call. */
	CHECK_EQ_UINT((size + 32 * 252 - 1) / (32 * 252), nr_calls - calls);
	CHECK(ring_empty(&shell.wr));
	CHECK_EQ_INT(0, ramfs_close(&shell, (int)fd));
	CHECK_EQ_INT((long)size, ramfs_stat(&shell, "data"));

	/* The other client reads it, whole and in odd pieces. */
	fd = ramfs_open(&two, "data", RAMFS_O_READ);
	CHECK_EQ_INT(0, fd);
	CHECK_EQ_INT((long)size, ramfs_read(&two, (int)fd, out, size + 100));
	CHECK(!memcmp(in, out, size));
	CHECK_EQ_INT(0, ramfs_read(&two, (int)fd, out, 10)); /* EOF */
	CHECK_EQ_INT(0, ramfs_close(&two, (int)fd));
	fd = ramfs_open(&two, "data", RAMFS_O_READ);
	memset(out, 0, size);
	for (size_t off = 0; off < size; off += 3001) {
		size_t len = size - off < 3001 ? size - off : 3001;

		REQUIRE(CHECK_EQ_INT((long)len, ramfs_read(&two, (int)fd,
							   out + off, 3001)));
	}
	CHECK(!memcmp(in, out, size));

	CHECK_EQ_INT((long)size, ramfs_list(&shell, 0, name));
	CHECK_EQ_STR("data", name);
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, ramfs_list(&shell, 1, name));
	CHECK_EQ_INT(0, ramfs_unlink(&shell, "data"));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, ramfs_stat(&two, "data"));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, ramfs_read(&two, (int)fd, out, 1));
	free(in);
	free(out);
	teardown();
}

/* Directories through the library and the wire: a path walked one
 * name at a time, as the Linux personality does. */
TEST(library_directories)
{
	struct ramfs_stat st;
	char name[RAMFS_NAME_MAX + 1], buf[8];
	long dir, fd;

	setup();
	dir = ramfs_mkdir(&shell, RAMFS_ROOT, "tmp");
	CHECK(dir > 0);
	CHECK_EQ_INT(-SYS_E_EXISTS, ramfs_mkdir(&two, RAMFS_ROOT, "tmp"));
	CHECK_EQ_INT(0, ramfs_stat_at(&two, RAMFS_ROOT, "tmp", &st));
	CHECK_EQ_UINT(RAMFS_TYPE_DIR, st.type);
	CHECK_EQ_UINT((uint32_t)dir, st.handle);
	fd = ramfs_open_at(&two, st.handle, "x",
			   RAMFS_O_WRITE | RAMFS_O_CREATE);
	CHECK_EQ_INT(0, fd);
	CHECK_EQ_INT(6, ramfs_write(&two, (int)fd, "abcdef", 6));
	/* Seek, truncate, read back. */
	CHECK_EQ_INT(2, ramfs_seek(&two, (int)fd, 2, 0));
	CHECK_EQ_INT(6, ramfs_seek(&two, (int)fd, 0, 2));
	CHECK_EQ_INT(0, ramfs_truncate(&two, (int)fd, 4));
	CHECK_EQ_INT(0, ramfs_close(&two, (int)fd));
	CHECK_EQ_INT(0, ramfs_stat_at(&shell, (uint32_t)dir, "x", &st));
	CHECK_EQ_UINT(4, st.size);
	CHECK_EQ_UINT(RAMFS_TYPE_FILE, st.type);
	CHECK_EQ_UINT(1, st.nlink);
	CHECK_EQ_INT(4, ramfs_list_at(&shell, (uint32_t)dir, 0, name));
	CHECK_EQ_STR("x", name);
	/* Renamed into the root; the old name is gone. */
	CHECK_EQ_INT(0, ramfs_rename(&shell, st.handle, RAMFS_ROOT, "y"));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND,
		     ramfs_stat_at(&shell, (uint32_t)dir, "x", &st));
	fd = ramfs_open(&shell, "y", RAMFS_O_READ);
	CHECK_EQ_INT(4, ramfs_read(&shell, (int)fd, buf, sizeof(buf)));
	CHECK_EQ_MEM("abcd", buf, 4);
	ramfs_close(&shell, (int)fd);
	/* The old flat calls see the root: a directory listed, not read. */
	CHECK_EQ_INT(-SYS_E_IS_DIR, ramfs_open(&shell, "tmp", RAMFS_O_READ));
	CHECK_EQ_INT(-SYS_E_IS_DIR, ramfs_unlink(&shell, "tmp"));
	CHECK_EQ_INT(0, ramfs_rmdir(&shell, RAMFS_ROOT, "tmp"));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND,
		     ramfs_open_at(&two, (uint32_t)dir, "x", RAMFS_O_READ));
	CHECK_EQ_INT(0, ramfs_unlink_at(&shell, RAMFS_ROOT, "y"));
	teardown();
}

TEST(library_errors)
{
	char name[64];
	long fd;

	setup();
	/* Names the protocol cannot carry are refused before any call. */
	memset(name, 'n', sizeof(name));
	name[RAMFS_NAME_MAX + 1] = '\0';
	CHECK_EQ_INT(-SYS_E_NAME, ramfs_open(&shell, name, RAMFS_O_READ));
	CHECK_EQ_INT(-SYS_E_NAME, ramfs_stat(&shell, ""));
	CHECK_EQ_INT(-SYS_E_NAME, ramfs_unlink(&shell, name));
	CHECK_EQ_UINT(0, nr_calls);
	name[RAMFS_NAME_MAX] = '\0';
	CHECK_EQ_INT(0,
		     ramfs_open(&shell, name, RAMFS_O_WRITE | RAMFS_O_CREATE));
	/* The server's errors come back negated. */
	CHECK_EQ_INT(-SYS_E_NOT_FOUND,
		     ramfs_open(&shell, "none", RAMFS_O_READ));
	CHECK_EQ_INT(-SYS_E_BAD_FD, ramfs_write(&shell, 5, "x", 1));
	CHECK_EQ_INT(-SYS_E_BAD_FD, ramfs_write(&shell, -1, "", 0));
	CHECK_EQ_INT(-SYS_E_BAD_FD, ramfs_read(&shell, 5, name, 1));
	CHECK_EQ_INT(-SYS_E_BAD_FD, ramfs_close(&shell, 5));
	CHECK_EQ_INT(-SYS_E_PROTOCOL, ramfs_open(&shell, "f", 0));
	/* A failed write leaves nothing in the ring for the next one. */
	CHECK(ring_empty(&shell.wr));
	/* One client's descriptors mean nothing to the other. */
	CHECK_EQ_INT(-SYS_E_BAD_FD, ramfs_close(&two, 0));
	CHECK_EQ_INT(0, ramfs_write(&shell, 0, "", 0));
	CHECK_EQ_INT(2, ramfs_write(&shell, 0, "ok", 2));
	/* The kernel's errors too. */
	shell.ep = 55;
	CHECK_EQ_INT(-KAAL_E_MISSING_CAP, ramfs_stat(&shell, "f"));
	/* Leftovers in "rd" do not end up in the next read. */
	shell.ep = EP_SHELL;
	fd = ramfs_open(&shell, name, RAMFS_O_READ);
	CHECK_EQ_INT(1, fd);
	CHECK_EQ_INT(RING_OK, ring_push(&server_client(0)->rd, "junk", 4));
	memset(name, 0, sizeof(name));
	CHECK_EQ_INT(2, ramfs_read(&shell, (int)fd, name, sizeof(name)));
	CHECK_EQ_STR("ok", name);
	teardown();
}

TEST(bad_requests)
{
	char name[FS_NAME_BUF];

	setup();
	CHECK_EQ_INT(0, err_of(req(BADGE_SHELL, RAMFS_OPEN, 6,
				   RAMFS_O_WRITE | RAMFS_O_CREATE, 0, "f")));
	const kaal_word_t labels[] = { 0, RAMFS_TRUNCATE + 1, 100,
				       KAAL_LABEL_NOTIFICATION, 1ull << 40 };
	for (unsigned int i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		CHECK_EQ_INT(SYS_E_PROTOCOL,
			     err_of(req(BADGE_SHELL, labels[i], 6, 0, 0, "f")));
	/* Short messages: the registers past the length are not the
	 * client's words. */
	CHECK_EQ_INT(SYS_E_PROTOCOL, err_of(req(BADGE_SHELL, RAMFS_OPEN, 5,
						RAMFS_O_READ, 0, "f")));
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_STAT, 1, 0, 0, "f")));
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_READ, 1, 0, 0, NULL)));
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_CLOSE, 0, 0, 0, NULL)));
	/* A short write still empties the ring. */
	CHECK_EQ_INT(RING_OK, ring_push(&shell.wr, "abc", 3));
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_WRITE, 1, 0, 3, NULL)));
	CHECK(ring_empty(&shell.wr));
	/* A name filling all 40 bytes has no NUL. */
	memset(name, 'a', sizeof(name));
	struct kaal_msg m = { KAAL_MSGINFO(RAMFS_OPEN, 0, 6),
			      { RAMFS_O_WRITE | RAMFS_O_CREATE } };
	memcpy(&m.mr[1], name, sizeof(name));
	CHECK_EQ_INT(SYS_E_NAME, err_of(server_handle(BADGE_SHELL, &m)));
	CHECK_EQ_UINT(1, fs_nr_files());
	/* The request is still served after all that. */
	CHECK_EQ_INT(0, ramfs_stat(&shell, "f"));
	teardown();
}

/* Bytes in "wr" that do not match the count: refused, nothing written,
 * the ring emptied. */
TEST(write_count_must_match_ring)
{
	struct kaal_msg r;

	setup();
	CHECK_EQ_INT(0,
		     ramfs_open(&shell, "f", RAMFS_O_WRITE | RAMFS_O_CREATE));
	CHECK_EQ_INT(RING_OK, ring_push(&shell.wr, "hello", 5));
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_WRITE, 2, 0, 6, NULL)));
	CHECK(ring_empty(&shell.wr));
	CHECK_EQ_INT(RING_OK, ring_push(&shell.wr, "hello", 5));
	CHECK_EQ_INT(RING_OK, ring_push(&shell.wr, "world", 5));
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_WRITE, 2, 0, 5, NULL)));
	CHECK(ring_empty(&shell.wr));
	/* Nothing in the ring at all. */
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_WRITE, 2, 0, 1, NULL)));
	CHECK_EQ_INT(0, ramfs_stat(&shell, "f"));
	/* A bad descriptor with the right count: the data is dropped too. */
	CHECK_EQ_INT(RING_OK, ring_push(&shell.wr, "hello", 5));
	CHECK_EQ_INT(SYS_E_BAD_FD,
		     err_of(req(BADGE_SHELL, RAMFS_WRITE, 2, 3, 5, NULL)));
	CHECK(ring_empty(&shell.wr));
	/* And the right count on a good one. */
	CHECK_EQ_INT(RING_OK, ring_push(&shell.wr, "hello", 5));
	r = req(BADGE_SHELL, RAMFS_WRITE, 2, 0, 5, NULL);
	CHECK_EQ_INT(0, err_of(r));
	CHECK_EQ_UINT(5, r.mr[0]);
	CHECK_EQ_INT(5, ramfs_stat(&shell, "f"));
	teardown();
}

/* A client that writes lengths and indices of its choosing into its
 * "wr" ring: the server reads only inside the ring, at most one ring's
 * worth, and its count check still decides. */
TEST(malicious_write_ring)
{
	struct ring_shared *s;
	struct kaal_msg r;
	uint32_t lie = 0xffffffffu;

	setup();
	s = server_client(0)->wr.s;
	CHECK_EQ_INT(0,
		     ramfs_open(&shell, "f", RAMFS_O_WRITE | RAMFS_O_CREATE));
	/* One slot claiming 4 GiB: taken as one slot's payload. */
	memcpy(s->slots + (s->head & 31) * RAMFS_SLOT_SIZE, &lie, 4);
	s->head++;
	r = req(BADGE_SHELL, RAMFS_WRITE, 2, 0, RAMFS_SLOT_SIZE - 4, NULL);
	CHECK_EQ_INT(0, err_of(r));
	CHECK_EQ_INT(RAMFS_SLOT_SIZE - 4, ramfs_stat(&shell, "f"));
	/* head 2^31 slots ahead: one ring's worth, no more, then refused
	 * because the count is not what the ring held. */
	s->head = s->tail + 0x80000000u;
	CHECK_EQ_INT(SYS_E_PROTOCOL,
		     err_of(req(BADGE_SHELL, RAMFS_WRITE, 2, 0, ~0ull, NULL)));
	CHECK_EQ_UINT(32, s->tail - (s->head - 0x80000000u));
	/* The same with the count the server will find: 32 lying slots. */
	for (uint32_t i = 0; i < 32; i++)
		memcpy(s->slots + i * RAMFS_SLOT_SIZE, &lie, 4);
	r = req(BADGE_SHELL, RAMFS_WRITE, 2, 0, 32 * (RAMFS_SLOT_SIZE - 4),
		NULL);
	CHECK_EQ_INT(0, err_of(r));
	CHECK_EQ_INT(33 * (RAMFS_SLOT_SIZE - 4), ramfs_stat(&shell, "f"));
	teardown();
}

TEST(read_into_the_ring)
{
	struct kaal_msg r;
	static uint8_t big[20000];
	uint8_t buf[RAMFS_SLOT_SIZE];
	long fd;

	setup();
	fd = ramfs_open(&shell, "f",
			RAMFS_O_READ | RAMFS_O_WRITE | RAMFS_O_CREATE);
	memset(big, 'b', sizeof(big));
	CHECK_EQ_INT((long)sizeof(big),
		     ramfs_write(&shell, (int)fd, big, sizeof(big)));
	CHECK_EQ_INT(0, ramfs_close(&shell, (int)fd));
	fd = ramfs_open(&shell, "f", RAMFS_O_READ);
	/* At most one ring's worth, whatever the client asks. */
	r = req(BADGE_SHELL, RAMFS_READ, 2, (kaal_word_t)fd, ~0ull, NULL);
	CHECK_EQ_INT(0, err_of(r));
	CHECK_EQ_UINT(32 * 252, r.mr[0]);
	CHECK(ring_full(&shell.rd));
	/* The client did not take it: refused, the descriptor checked
	 * first. */
	CHECK_EQ_INT(SYS_E_BAD_FD,
		     err_of(req(BADGE_SHELL, RAMFS_READ, 2, 7, 1, NULL)));
	CHECK_EQ_INT(SYS_E_STATE, err_of(req(BADGE_SHELL, RAMFS_READ, 2,
					     (kaal_word_t)fd, 1, NULL)));
	/* Asking for nothing is fine even then. */
	r = req(BADGE_SHELL, RAMFS_READ, 2, (kaal_word_t)fd, 0, NULL);
	CHECK_EQ_INT(0, err_of(r));
	CHECK_EQ_UINT(0, r.mr[0]);
	/* One slot taken: room for one slot's worth. */
	CHECK_EQ_INT(252, ring_pop(&shell.rd, buf, sizeof(buf)));
	r = req(BADGE_SHELL, RAMFS_READ, 2, (kaal_word_t)fd, 1000, NULL);
	CHECK_EQ_UINT(252, r.mr[0]);
	/* A client that moved the indices: the server writes only inside
	 * the ring, into the slots the indices say are free. */
	shell.rd.s->head = 0x9abcdef5u;
	shell.rd.s->tail = 0x9abcdef5u - 3;
	r = req(BADGE_SHELL, RAMFS_READ, 2, (kaal_word_t)fd, ~0ull, NULL);
	CHECK_EQ_INT(0, err_of(r));
	CHECK_EQ_UINT(29 * 252, r.mr[0]);
	CHECK(ring_full(&shell.rd));
	shell.rd.s->tail = shell.rd.s->head + 5; /* "more than full" */
	CHECK_EQ_INT(SYS_E_STATE, err_of(req(BADGE_SHELL, RAMFS_READ, 2,
					     (kaal_word_t)fd, 1, NULL)));
	teardown();
}

/* The client library trusts the server no more than the server trusts
 * it: a count beyond what was asked, or a slot beyond the count, never
 * writes past the caller's buffer (ASan watches the malloc'd one). */
TEST(library_survives_a_lying_server)
{
	uint8_t *buf = malloc(10);

	setup();
	liar_rd = &server_client(0)->rd;
	shell.ep = EP_LIAR;
	liar_says = 10; /* one 252-byte slot for 10 bytes */
	CHECK_EQ_INT(10, ramfs_read(&shell, 0, buf, 10));
	CHECK_EQ_UINT('L', buf[9]);
	liar_says = 11; /* more than asked */
	CHECK_EQ_INT(-SYS_E_PROTOCOL, ramfs_read(&shell, 0, buf, 10));
	liar_says = 300; /* more than it pushed, asked 1000 */
	free(buf);
	buf = malloc(1000);
	CHECK_EQ_INT(252, ramfs_read(&shell, 0, buf, 1000));
	free(buf);
	teardown();
}
