// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ramfs service's client side (libsys/ramfs.h, Documentation/
 * ramfs.rst). Requests are calls; the bytes of a read or write travel
 * through the two rings, at most one ring's worth per call, so large
 * transfers loop. The calls are synchronous: the server fills or drains
 * a ring while we wait in kaal_call, so neither side needs to signal the
 * other's notification.
 */
#include <string.h>
#include <libsys/broker.h>
#include <libsys/ramfs.h>

long ramfs_connect(struct ramfs_client *c, const struct sys_component_info *ci)
{
	const struct sys_resource *ep, *wr, *rd;

	ep = sys_resource(ci, "ramfs", SYS_RES_CLIENT);
	wr = sys_resource(ci, "ramfs.wr", SYS_RES_RING);
	rd = sys_resource(ci, "ramfs.rd", SYS_RES_RING);
	if (!ep || !wr || !rd)
		return -SYS_E_DENIED;
	if (ring_attach(&c->wr, (void *)wr->vaddr, wr->size) ||
	    ring_attach(&c->rd, (void *)rd->vaddr, rd->size))
		return -SYS_E_PROTOCOL;
	c->ep = ep->cap;
	return 0;
}

/*
 * Call with label @req and @len words of @w; the reply's six words are
 * left in @w (which must hold KAAL_MSG_REG_WORDS). 0 or minus the error.
 */
static long ramfs_call(struct ramfs_client *c, kaal_word_t req, kaal_word_t *w,
		       unsigned int len)
{
	struct kaal_msg m = { KAAL_MSGINFO(req, 0, len), { 0 } };
	struct kaal_recv_ret r;
	kaal_word_t err;

	memcpy(m.mr, w, len * sizeof(*w));
	r = kaal_call(c->ep, &m);
	if (r.error)
		return -(long)r.error;
	err = KAAL_MSGINFO_LABEL(r.msg.info);
	if (err)
		return err < SYS_E_MAX ? -(long)err : -SYS_E_PROTOCOL;
	memcpy(w, r.msg.mr, sizeof(r.msg.mr));
	return 0;
}

/* A name for mr1..mr5, refused rather than cut short. */
static long pack_name(kaal_word_t *w, const char *name)
{
	size_t n = strnlen(name, RAMFS_NAME_MAX + 1);

	if (!n || n > RAMFS_NAME_MAX)
		return -SYS_E_NAME;
	sys_pack_string(w, KAAL_MSG_REG_WORDS - 1, name);
	return 0;
}

static long clamp_result(kaal_word_t v)
{
	return v > (kaal_word_t)__LONG_MAX__ ? -SYS_E_PROTOCOL : (long)v;
}

long ramfs_open_at(struct ramfs_client *c, uint32_t dir, const char *name,
		   unsigned int flags)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { flags | RAMFS_DIR(dir) };
	long err = pack_name(&w[1], name);

	if (!err)
		err = ramfs_call(c, RAMFS_OPEN, w, KAAL_MSG_REG_WORDS);
	return err ? err : clamp_result(w[0]);
}

long ramfs_open(struct ramfs_client *c, const char *name, unsigned int flags)
{
	return ramfs_open_at(c, RAMFS_ROOT, name, flags);
}

/* A request of a name in a directory: mr0 @w0, mr1..5 the name. */
static long name_call(struct ramfs_client *c, kaal_word_t req, kaal_word_t w0,
		      const char *name, kaal_word_t *w)
{
	long err = pack_name(&w[1], name);

	w[0] = w0;
	return err ? err : ramfs_call(c, req, w, KAAL_MSG_REG_WORDS);
}

long ramfs_stat_at(struct ramfs_client *c, uint32_t dir, const char *name,
		   struct ramfs_stat *st)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { 0 };
	long err = name_call(c, RAMFS_STAT, RAMFS_DIR(dir), name, w);

	if (err)
		return err;
	st->size = w[0];
	st->type = (uint32_t)w[1];
	st->handle = (uint32_t)w[2];
	st->mtime = w[3];
	st->nlink = (uint32_t)w[4];
	return 0;
}

long ramfs_unlink_at(struct ramfs_client *c, uint32_t dir, const char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS];

	return name_call(c, RAMFS_UNLINK, RAMFS_DIR(dir), name, w);
}

long ramfs_mkdir(struct ramfs_client *c, uint32_t dir, const char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS];
	long err = name_call(c, RAMFS_MKDIR, RAMFS_DIR(dir), name, w);

	return err ? err : clamp_result(w[0]);
}

long ramfs_rmdir(struct ramfs_client *c, uint32_t dir, const char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS];

	return name_call(c, RAMFS_RMDIR, RAMFS_DIR(dir), name, w);
}

long ramfs_rename(struct ramfs_client *c, uint32_t node, uint32_t dir,
		  const char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS];

	return name_call(c, RAMFS_RENAME, node | RAMFS_DIR(dir), name, w);
}

long ramfs_seek(struct ramfs_client *c, int fd, int64_t off, int whence)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { (kaal_word_t)(long)fd,
					      (kaal_word_t)off,
					      (kaal_word_t)(long)whence };
	long err = ramfs_call(c, RAMFS_SEEK, w, 3);

	return err ? err : clamp_result(w[0]);
}

long ramfs_truncate(struct ramfs_client *c, int fd, uint64_t size)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { (kaal_word_t)(long)fd, size };

	return ramfs_call(c, RAMFS_TRUNCATE, w, 2);
}

long ramfs_list_at(struct ramfs_client *c, uint32_t dir, unsigned int index,
		   char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { index | RAMFS_DIR(dir) };
	long err = ramfs_call(c, RAMFS_LIST, w, 1);

	if (err)
		return err;
	sys_unpack_string(name, &w[1], KAAL_MSG_REG_WORDS - 1);
	return clamp_result(w[0]);
}

long ramfs_close(struct ramfs_client *c, int fd)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { (kaal_word_t)(long)fd };

	return ramfs_call(c, RAMFS_CLOSE, w, 1);
}

long ramfs_unlink(struct ramfs_client *c, const char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { 0 };
	long err = pack_name(&w[1], name);

	return err ? err : ramfs_call(c, RAMFS_UNLINK, w, KAAL_MSG_REG_WORDS);
}

long ramfs_stat(struct ramfs_client *c, const char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { 0 };
	long err = pack_name(&w[1], name);

	if (!err)
		err = ramfs_call(c, RAMFS_STAT, w, KAAL_MSG_REG_WORDS);
	return err ? err : clamp_result(w[0]);
}

long ramfs_list(struct ramfs_client *c, unsigned int index, char *name)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = { index };
	long err = ramfs_call(c, RAMFS_LIST, w, 1);

	if (err)
		return err;
	sys_unpack_string(name, &w[1], KAAL_MSG_REG_WORDS - 1);
	return clamp_result(w[0]);
}

/* Bytes one call can move through @r: every slot full. */
static size_t ring_bytes(const struct ring *r)
{
	return (size_t)(r->mask + 1) * ring_payload(r);
}

long ramfs_read(struct ramfs_client *c, int fd, void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = 0;

	/* Slots left over from a read that went wrong would be taken for
	 * this one's data. */
	for (uint32_t i = 0; i <= c->rd.mask; i++) {
		uint32_t n;

		if (!ring_consume_begin(&c->rd, &n))
			break;
		ring_consume_commit(&c->rd);
	}
	if (len > (size_t)__LONG_MAX__)
		len = (size_t)__LONG_MAX__;

	do {
		kaal_word_t w[KAAL_MSG_REG_WORDS] = { (kaal_word_t)(long)fd };
		size_t want = len - done, got = 0;
		long err;

		if (want > ring_bytes(&c->rd))
			want = ring_bytes(&c->rd);
		w[1] = want;
		err = ramfs_call(c, RAMFS_READ, w, 2);
		if (err)
			return done ? (long)done : err;
		if (w[0] > want)
			return done ? (long)done : -SYS_E_PROTOCOL;
		while (got < w[0]) {
			uint32_t n;
			const void *p = ring_consume_begin(&c->rd, &n);

			if (!p) { /* fewer bytes than the server said */
				done += got;
				return done ? (long)done : -SYS_E_PROTOCOL;
			}
			if (n > w[0] - got)
				n = (uint32_t)(w[0] - got);
			memcpy(out + done + got, p, n);
			ring_consume_commit(&c->rd);
			got += n;
		}
		done += got;
		/* Short: the end of the file. */
		if (got < want)
			break;
	} while (done < len);
	return (long)done;
}

long ramfs_write(struct ramfs_client *c, int fd, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	size_t done = 0;

	if (len > (size_t)__LONG_MAX__)
		len = (size_t)__LONG_MAX__;

	/* Once even for len 0: the server checks the descriptor. */
	do {
		kaal_word_t w[KAAL_MSG_REG_WORDS] = { (kaal_word_t)(long)fd };
		size_t chunk = 0;
		long err;

		while (done + chunk < len) {
			void *p = ring_produce_begin(&c->wr);
			size_t n = len - done - chunk;

			if (!p)
				break;
			if (n > ring_payload(&c->wr))
				n = ring_payload(&c->wr);
			memcpy(p, in + done + chunk, n);
			ring_produce_commit(&c->wr, (uint32_t)n);
			chunk += n;
		}
		if (!chunk && len) /* the server left the ring full */
			return done ? (long)done : -SYS_E_STATE;
		w[1] = chunk;
		err = ramfs_call(c, RAMFS_WRITE, w, 2);
		if (err)
			return done ? (long)done : err;
		/* All of it or an error: anything else is not our server. */
		if (w[0] != chunk)
			return done ? (long)done : -SYS_E_PROTOCOL;
		done += chunk;
	} while (done < len);
	return (long)done;
}
