// SPDX-License-Identifier: BSD-2-Clause
/*
 * The block service's client side (libsys/blk.h). The calls are
 * synchronous: the server drains "wr" or fills "rd" while we wait in
 * kaal_call, so neither side signals the other.
 */
#include <string.h>
#include <libsys/blk.h>

long blk_connect(struct blk_client *c, const struct sys_component_info *ci)
{
	const struct sys_resource *ep, *wr, *rd;

	ep = sys_resource(ci, "blk", SYS_RES_CLIENT);
	wr = sys_resource(ci, "blk.wr", SYS_RES_RING);
	rd = sys_resource(ci, "blk.rd", SYS_RES_RING);
	if (!ep || !wr || !rd)
		return -SYS_E_DENIED;
	if (ring_attach(&c->wr, (void *)wr->vaddr, wr->size) ||
	    ring_attach(&c->rd, (void *)rd->vaddr, rd->size) ||
	    ring_payload(&c->wr) < BLK_SECTOR_SIZE ||
	    ring_payload(&c->rd) < BLK_SECTOR_SIZE)
		return -SYS_E_PROTOCOL;
	c->ep = ep->cap;
	return 0;
}

/* Call with label @req and mr0 mr1; the reply's words in @w. */
static long blk_call(struct blk_client *c, kaal_word_t req, kaal_word_t *w)
{
	struct kaal_msg m = { KAAL_MSGINFO(req, 0, 2), { w[0], w[1] } };
	struct kaal_recv_ret r = kaal_call(c->ep, &m);
	kaal_word_t err;

	if (r.error)
		return -(long)r.error;
	err = KAAL_MSGINFO_LABEL(r.msg.info);
	if (err)
		return err < SYS_E_MAX ? -(long)err : -SYS_E_PROTOCOL;
	memcpy(w, r.msg.mr, 3 * sizeof(*w));
	return 0;
}

long blk_info(struct blk_client *c, struct blk_info *info)
{
	kaal_word_t w[3] = { 0, 0, 0 };
	long err = blk_call(c, BLK_INFO, w);

	if (err)
		return err;
	info->sectors = w[0];
	info->sector_size = (uint32_t)w[1];
	info->flags = (uint32_t)w[2];
	return 0;
}

long blk_read(struct blk_client *c, uint64_t sector, unsigned int count,
	      void *buf)
{
	kaal_word_t w[3] = { sector, count, 0 };
	long err;

	if (!count || count > BLK_MAX_SECTORS)
		return -SYS_E_PROTOCOL;
	/* What an earlier, interrupted exchange left would be taken for
	 * this one's sectors. */
	while (ring_consume_begin(&c->rd, &(uint32_t){ 0 }))
		ring_consume_commit(&c->rd);
	err = blk_call(c, BLK_READ, w);
	if (err)
		return err;
	if (w[0] != count)
		return -SYS_E_PROTOCOL;
	for (unsigned int i = 0; i < count; i++)
		if (ring_pop(&c->rd, (uint8_t *)buf + i * BLK_SECTOR_SIZE,
			     BLK_SECTOR_SIZE) != BLK_SECTOR_SIZE)
			return -SYS_E_PROTOCOL;
	return 0;
}

long blk_write(struct blk_client *c, uint64_t sector, unsigned int count,
	       const void *buf)
{
	kaal_word_t w[3] = { sector, count, 0 };

	if (!count || count > BLK_MAX_SECTORS)
		return -SYS_E_PROTOCOL;
	if (c->wr.mask + 1 - ring_count(&c->wr) < count)
		return -SYS_E_NO_SPACE;
	for (unsigned int i = 0; i < count; i++)
		if (ring_push(&c->wr,
			      (const uint8_t *)buf + i * BLK_SECTOR_SIZE,
			      BLK_SECTOR_SIZE))
			return -SYS_E_NO_SPACE;
	return blk_call(c, BLK_WRITE, w);
}
