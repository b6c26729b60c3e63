// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ramfs server's request handling (Documentation/ramfs.rst,
 * <libsys/ramfs.h>): the file table of fs.c behind the "ramfs" endpoint,
 * bulk data through each client's pair of rings. main.c serves the
 * endpoint with it; tests/unit/test_ramfs_server.c links it on the host.
 *
 * The clients are whoever the manifest gave a pair of rings: resources
 * "<client>.wr" (the client produces, we consume) and "<client>.rd" (we
 * produce), both carrying the badge that client's endpoint capability
 * has. A caller whose badge has no such pair is refused everything; one
 * that has gets its own descriptor table. Nothing a client puts in its
 * message or its rings is trusted: lengths are clamped by the ring code,
 * data is copied out of shared memory once before it is checked, and
 * every loop over a ring is bounded by its slot count, so a client that
 * rewrites the ring indices behind our back hurts only itself.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/syscalls.h>
#include <libsys/component.h>
#include <libsys/ramfs.h>
#include "fs.h"
#include "server.h"

_Static_assert(FS_NAME_MAX == RAMFS_NAME_MAX, "name length");
_Static_assert(FS_O_READ == RAMFS_O_READ && FS_O_WRITE == RAMFS_O_WRITE &&
		       FS_O_CREATE == RAMFS_O_CREATE &&
		       FS_O_TRUNC == RAMFS_O_TRUNC &&
		       FS_O_APPEND == RAMFS_O_APPEND,
	       "open flags");
_Static_assert(FS_NAME_BUF == 5 * sizeof(kaal_word_t), "names fill mr1..mr5");

/* One WRITE's data is copied here from the ring before anything is
 * checked: the client could change the slots while we look at them. A
 * client's "wr" ring must not hold more (checked at start-up). */
#define STAGING_SIZE (16 * 1024)

static struct server_client clients[SERVER_MAX_CLIENTS];
static unsigned int nr_clients;
static uint8_t staging[STAGING_SIZE];

static uint64_t ring_capacity(const struct ring *r)
{
	return (uint64_t)(r->mask + 1) * ring_payload(r);
}

static const struct sys_resource *find_ring(const struct sys_component_info *ci,
					    const char *prefix, size_t len,
					    const char *suffix)
{
	char name[SYS_NAME_LEN + 1];

	if (len + strlen(suffix) > SYS_NAME_LEN)
		return NULL;
	memcpy(name, prefix, len);
	memcpy(name + len, suffix, strlen(suffix) + 1);
	return sys_resource(ci, name, SYS_RES_RING);
}

static struct server_client *client_by_badge(kaal_word_t badge)
{
	for (unsigned int i = 0; i < nr_clients; i++)
		if (clients[i].fs.badge == badge)
			return &clients[i];
	return NULL;
}

void server_find_clients(const struct sys_component_info *ci)
{
	uint32_t n = ci->nr_resources < SYS_MAX_RESOURCES ? ci->nr_resources :
							    SYS_MAX_RESOURCES;

	for (uint32_t i = 0; i < n; i++) {
		const struct sys_resource *wr = &ci->res[i], *rd;
		size_t len = strnlen(wr->name, SYS_NAME_LEN);
		struct server_client *c;

		if (wr->type != SYS_RES_RING || len < 4 ||
		    strncmp(wr->name + len - 3, ".wr", 3))
			continue;
		len -= 3;
		rd = find_ring(ci, wr->name, len, ".rd");
		if (!rd || rd->badge != wr->badge || !wr->badge ||
		    client_by_badge(wr->badge)) {
			printf("ramfs: ring %.*s.wr: no matching .rd ring or a "
			       "bad badge, client ignored\n",
			       (int)len, wr->name);
			continue;
		}
		if (nr_clients == SERVER_MAX_CLIENTS) {
			printf("ramfs: more than %u clients, %.*s ignored\n",
			       SERVER_MAX_CLIENTS, (int)len, wr->name);
			continue;
		}
		c = &clients[nr_clients];
		if (ring_attach(&c->wr, (void *)wr->vaddr, wr->size) ||
		    ring_attach(&c->rd, (void *)rd->vaddr, rd->size) ||
		    ring_capacity(&c->wr) > STAGING_SIZE) {
			printf("ramfs: rings of %.*s unusable, client ignored\n",
			       (int)len, wr->name);
			continue;
		}
		fs_client_init(&c->fs, wr->badge);
		memcpy(c->name, wr->name, len);
		c->name[len] = '\0';
		nr_clients++;
	}
}

/* Consume every slot of the client's "wr" ring (at most one ring's worth:
 * the client may be refilling it as we go) into staging[]; the bytes. */
static uint64_t take_write_data(struct server_client *c)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i <= c->wr.mask; i++) {
		uint32_t len;
		const void *p = ring_consume_begin(&c->wr, &len);

		if (!p)
			break;
		if (len > STAGING_SIZE - total)
			len = (uint32_t)(STAGING_SIZE - total);
		memcpy(staging + total, p, len);
		total += len;
		ring_consume_commit(&c->wr);
	}
	return total;
}

/*
 * RAMFS_WRITE: the request's data is whatever the client put in "wr",
 * which must be exactly the byte count it names. The ring is emptied
 * whatever the outcome, so data of a failed write can never be taken for
 * the next one's.
 */
static long do_write(struct server_client *c, kaal_word_t fd, kaal_word_t bytes)
{
	uint64_t have = take_write_data(c);

	if (have != bytes)
		return -SYS_E_PROTOCOL;
	return fs_write(&c->fs, fd, staging, (size_t)have);
}

/*
 * RAMFS_READ: up to @max bytes into "rd", as many slots as are free; the
 * byte count (0 at the end of the file).
 */
static long do_read(struct server_client *c, kaal_word_t fd, kaal_word_t max)
{
	uint64_t total = 0;
	long err;

	/* The descriptor first, so that a bad one is reported as such and
	 * not as a full ring. */
	err = fs_read(&c->fs, fd, NULL, 0);
	if (err < 0)
		return err;
	if (max && ring_full(&c->rd))
		return -SYS_E_STATE; /* the client did not take the last */
	for (uint32_t i = 0; i <= c->rd.mask && total < max; i++) {
		void *p = ring_produce_begin(&c->rd);
		uint64_t want = max - total;
		long n;

		if (!p)
			break;
		if (want > ring_payload(&c->rd))
			want = ring_payload(&c->rd);
		n = fs_read(&c->fs, fd, p, (size_t)want);
		if (n <= 0)
			break;
		ring_produce_commit(&c->rd, (uint32_t)n);
		total += (uint64_t)n;
	}
	return (long)total;
}

/* The minimum message length (words) of each request. */
static const unsigned int request_words[] = {
	[RAMFS_OPEN] = 6,   [RAMFS_READ] = 2,  [RAMFS_WRITE] = 2,
	[RAMFS_CLOSE] = 1,  [RAMFS_LIST] = 1,  [RAMFS_UNLINK] = 6,
	[RAMFS_STAT] = 6,   [RAMFS_MKDIR] = 6, [RAMFS_RMDIR] = 6,
	[RAMFS_RENAME] = 6, [RAMFS_SEEK] = 3,  [RAMFS_TRUNCATE] = 2,
};

/* A directory or node handle: the high or low 32 bits of mr0. */
#define DIR_OF(w) ((uint32_t)((w) >> 32))
#define LOW_OF(w) ((uint32_t)(w))

struct kaal_msg server_handle(kaal_word_t badge, const struct kaal_msg *m)
{
	struct kaal_msg reply = { 0, { 0 } };
	kaal_word_t label = KAAL_MSGINFO_LABEL(m->info);
	struct server_client *c = client_by_badge(badge);
	char name[FS_NAME_BUF];
	struct fs_stat st;
	unsigned int words = 1;
	long ret;

	memcpy(name, &m->mr[1], sizeof(name));
	if (!c) {
		ret = -SYS_E_DENIED;
	} else if (label < RAMFS_OPEN || label > RAMFS_TRUNCATE) {
		ret = -SYS_E_PROTOCOL;
	} else if (KAAL_MSGINFO_LEN(m->info) < request_words[label]) {
		/* Short: the missing registers hold whatever was there. A
		 * short write still empties "wr", as any write does. */
		if (label == RAMFS_WRITE)
			take_write_data(c);
		ret = -SYS_E_PROTOCOL;
	} else {
		switch (label) {
		case RAMFS_OPEN:
			ret = fs_open_at(&c->fs, DIR_OF(m->mr[0]), name,
					 LOW_OF(m->mr[0]));
			break;
		case RAMFS_READ:
			ret = do_read(c, m->mr[0], m->mr[1]);
			break;
		case RAMFS_WRITE:
			ret = do_write(c, m->mr[0], m->mr[1]);
			break;
		case RAMFS_CLOSE:
			ret = fs_close(&c->fs, m->mr[0]);
			break;
		case RAMFS_LIST:
			ret = fs_list_at(DIR_OF(m->mr[0]), LOW_OF(m->mr[0]),
					 name);
			if (ret >= 0) {
				memcpy(&reply.mr[1], name, sizeof(name));
				words = 6;
			}
			break;
		case RAMFS_UNLINK:
			ret = fs_unlink_at(DIR_OF(m->mr[0]), name);
			break;
		case RAMFS_STAT:
			ret = fs_stat_at(DIR_OF(m->mr[0]), name, &st);
			if (!ret) {
				ret = (long)st.size;
				reply.mr[1] = st.dir ? RAMFS_TYPE_DIR :
						       RAMFS_TYPE_FILE;
				reply.mr[2] = st.handle;
				reply.mr[3] = st.mtime;
				reply.mr[4] = st.nlink;
				words = 5;
			}
			break;
		case RAMFS_MKDIR:
			ret = fs_mkdir_at(DIR_OF(m->mr[0]), name);
			break;
		case RAMFS_RMDIR:
			ret = fs_rmdir_at(DIR_OF(m->mr[0]), name);
			break;
		case RAMFS_RENAME:
			ret = fs_rename(LOW_OF(m->mr[0]), DIR_OF(m->mr[0]),
					name);
			break;
		case RAMFS_SEEK:
			ret = fs_seek(&c->fs, m->mr[0], (int64_t)m->mr[1],
				      m->mr[2]);
			break;
		default: /* RAMFS_TRUNCATE */
			ret = fs_truncate(&c->fs, m->mr[0], m->mr[1]);
			break;
		}
	}
	if (ret < 0) {
		reply.info = KAAL_MSGINFO(-ret, 0, 0);
		return reply;
	}
	reply.mr[0] = (kaal_word_t)ret;
	reply.info = KAAL_MSGINFO(0, 0, words);
	return reply;
}

void server_banner(void)
{
	char names[SERVER_MAX_CLIENTS * (SYS_NAME_LEN + 1) + 1] = "";
	size_t len = 0;

	for (unsigned int i = 0; i < nr_clients; i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
					"%s%s", i ? " " : "", clients[i].name);
	printf("ramfs: serving %u clients (%s), %u KiB for %u files\n",
	       nr_clients, names, (unsigned int)(FS_MAX_SIZE / 1024),
	       FS_MAX_FILES);
}

struct server_client *server_client(unsigned int i)
{
	return i < nr_clients ? &clients[i] : NULL;
}

unsigned int server_nr_clients(void)
{
	return nr_clients;
}

void server_reset(void)
{
	memset(clients, 0, sizeof(clients));
	nr_clients = 0;
}
