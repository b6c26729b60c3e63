// SPDX-License-Identifier: BSD-2-Clause
/*
 * Building components from the manifest: process, fixed capabilities,
 * resources (services, devicetree, rings) and the info page.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/vspace.h>
#include <libsys/cpio.h>
#include <libsys/queue.h>
#include <libsys/ring.h>
#include "sysinit.h"

/* The endpoint of each service, made before any component, so clients
 * can be built in any order. */
static struct {
	const char *name;
	kaal_cptr_t ep;
} services[MAX_COMPONENTS];
static unsigned int nr_services;

struct component *component_by_name(const char *name)
{
	for (unsigned int i = 0; i < nr_components; i++)
		if (!strcmp(components[i].m->name, name))
			return &components[i];
	return NULL;
}

struct component *component_by_id(unsigned long id)
{
	return id >= 1 && id <= nr_components ? &components[id - 1] : NULL;
}

static kaal_cptr_t service_ep(const char *name)
{
	for (unsigned int i = 0; i < nr_services; i++)
		if (!strcmp(services[i].name, name))
			return services[i].ep;
	return 0;
}

long service_endpoints(void)
{
	for (unsigned int i = 0; i < manifest_size; i++) {
		struct kaal_cap_ret ep;

		if (!manifest[i].serves)
			continue;
		ep = kaal_alloc_object(&sysinit_alloc, KAAL_OBJ_ENDPOINT, 0);
		if (ep.error)
			return -(long)ep.error;
		services[nr_services].name = manifest[i].serves;
		services[nr_services++].ep = ep.cap;
	}
	return 0;
}

/* The component of the manifest that serves @service, or NULL. */
struct component *service_server(const char *service)
{
	for (unsigned int i = 0; i < nr_components; i++)
		if (components[i].m->serves &&
		    !strcmp(components[i].m->serves, service))
			return &components[i];
	return NULL;
}

/*
 * @c stopped for good (crashed, exited, killed): the service it served
 * goes with it, the seL4 way. Revoking our endpoint capability deletes
 * every copy derived from it (each client's, the server's own); deleting
 * ours, the last, destroys the endpoint, and the kernel wakes every
 * caller still queued on it with KAAL_E_DELETED. A client's later call
 * fails at once on its empty slot (KAAL_E_MISSING_CAP) instead of
 * waiting for a receiver that will never come. The queue channels it had
 * a side in are marked gone and their other sides signalled, so that a
 * server lets go of what it kept for it (the network's sockets).
 */
void service_withdraw(struct component *c)
{
	service_withdraw_quiet(c, false);
	qchans_gone(c);
}

void service_withdraw_quiet(struct component *c, bool quiet)
{
	for (unsigned int i = 0; c->m->serves && i < nr_services; i++) {
		unsigned long err;

		if (strcmp(services[i].name, c->m->serves) || !services[i].ep)
			continue;
		err = kaal_cap_revoke(KAAL_CAP_INIT_CNODE, services[i].ep,
				      KAAL_WORD_BITS);
		if (!err)
			err = kaal_cap_delete(KAAL_CAP_INIT_CNODE,
					      services[i].ep, KAAL_WORD_BITS);
		if (err) {
			printf("system_init: withdrawing service %s: %s\n",
			       services[i].name, sys_strerror((long)err));
			continue;
		}
		services[i].ep = 0;
		if (!quiet)
			printf("system_init: service %s withdrawn: its clients' "
			       "calls fail from now on\n",
			       services[i].name);
	}
}

/* A name into a SYS_NAME_LEN field, cut and NUL-terminated. */
static void copy_name(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n > SYS_NAME_LEN - 1)
		n = SYS_NAME_LEN - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

unsigned long component_pages(const struct component *c)
{
	return c->proc.pages + c->heap_pages + c->untyped_pages;
}

unsigned int component_cnode_bits(const struct component *c)
{
	return c->m->cnode_bits ? c->m->cnode_bits : SYS_CNODE_BITS;
}

/* The CPU @c runs on: the manifest's, if it pinned one the machine has;
 * else the next in turn, so that the components of the manifest spread
 * over every CPU (on one CPU: CPU 0). */
static unsigned int component_cpu(const struct component *c)
{
	static unsigned int spread;
	unsigned int n = sysinit_bi->config.nr_cpus ?: 1;

	if (!c->m->pinned)
		return spread++ % n;
	if (c->m->cpu < n)
		return c->m->cpu;
	printf("system_init: %s: no CPU %u (%u online); on CPU 0\n", c->m->name,
	       c->m->cpu, n);
	return 0;
}

/* Add a resource; with @src, a capability of ours is copied (or minted
 * with @mint_badge) into the next resource slot. */
static struct sys_resource *add_resource(struct component *c, const char *name,
					 uint32_t type, kaal_cptr_t src,
					 kaal_word_t mint_badge, long *err)
{
	struct sys_component_info *ci = c->info;
	struct sys_resource *r;

	if (ci->nr_resources >= SYS_MAX_RESOURCES ||
	    c->next_res_slot >= SYS_CAP_FIRST_FREE) {
		*err = -SYS_E_NO_SPACE;
		return NULL;
	}
	r = &ci->res[ci->nr_resources];
	memset(r, 0, sizeof(*r));
	copy_name(r->name, name);
	r->type = type;
	if (src) {
		*err = process_give(&c->proc, c->next_res_slot, src,
				    KAAL_RIGHTS_ALL, mint_badge);
		if (*err)
			return NULL;
		r->cap = c->next_res_slot++;
	}
	ci->nr_resources++;
	*err = 0;
	return r;
}

static long give_devicetree(struct component *c)
{
	const struct kaal_bootinfo *bi = sysinit_bi;
	long err = 0;
	unsigned int i = 0;
	struct sys_resource *r;

	for (kaal_cptr_t f = bi->image_frames.start;
	     f < bi->image_frames.end && !err; f++, i++)
		err = process_map_copy(&c->proc, &sysinit_alloc, f,
				       SYS_DTB_VADDR + i * KAAL_PAGE_SIZE,
				       KAAL_MAP_READ);
	if (err)
		return err;
	r = add_resource(c, "devicetree", SYS_RES_DEVICETREE, 0, 0, &err);
	if (r) {
		r->vaddr =
			SYS_DTB_VADDR + (bi->dtb_paddr & (KAAL_PAGE_SIZE - 1));
		r->size = bi->dtb_size;
	}
	return err;
}

/* Untyped memory of its own, moved (an untyped capability cannot be
 * copied): the component makes its own objects with it. */
static long give_untyped(struct component *c, unsigned int bits)
{
	struct kaal_cap_ret u =
		kaal_alloc_object(&sysinit_alloc, KAAL_OBJ_UNTYPED, bits);
	struct sys_resource *r;
	long err;

	if (u.error)
		return -(long)u.error;
	r = add_resource(c, "untyped", SYS_RES_UNTYPED, 0, 0, &err);
	if (!r)
		return err;
	if (c->next_res_slot >= SYS_CAP_FIRST_FREE)
		return -SYS_E_NO_SPACE;
	err = -(long)kaal_cap_move(c->proc.cnode, c->next_res_slot,
				   KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE, u.cap,
				   KAAL_WORD_BITS);
	if (err)
		return err;
	r->cap = c->next_res_slot++;
	r->size = 1ull << bits;
	c->untyped_pages = (1ul << bits) / KAAL_PAGE_SIZE;
	return 0;
}

/* The Linux personality's archive: a copy of the CNode of its frames. */
static long give_files(struct component *c)
{
	struct sys_resource *r;
	long err;

	if (!sysinit_files_cnode)
		return 0; /* a root task without one: no resource */
	r = add_resource(c, "files", SYS_RES_FILES, sysinit_files_cnode, 0,
			 &err);
	if (r)
		r->size = sysinit_files_size;
	return r ? 0 : err;
}

static long give_resources(struct component *c)
{
	const struct manifest_component *m = c->m;
	kaal_word_t badge = c->id | (m->sysinfo ? SYS_BADGE_SYSINFO : 0);
	long err;

	err = process_give(&c->proc, SYS_CAP_BROKER, sysinit_ep,
			   KAAL_RIGHTS_ALL & ~KAAL_RIGHT_GRANT, badge);
	if (err)
		return err;
	if (m->serves && !add_resource(c, m->serves, SYS_RES_SERVER,
				       service_ep(m->serves), 0, &err))
		return err;
	for (unsigned int i = 0; i < MAX_USES && m->uses[i]; i++) {
		kaal_cptr_t ep = service_ep(m->uses[i]);
		struct sys_resource *r;

		if (!ep) {
			printf("system_init: %s: no component serves \"%s\"\n",
			       m->name, m->uses[i]);
			continue;
		}
		r = add_resource(c, m->uses[i], SYS_RES_CLIENT, ep, c->id,
				 &err);
		if (!r)
			return err;
		r->badge = c->id;
	}
	if (m->devicetree && (err = give_devicetree(c)))
		return err;
	if (m->untyped_bits && (err = give_untyped(c, m->untyped_bits)))
		return err;
	return m->files ? give_files(c) : 0;
}

static void fill_info(struct component *c)
{
	struct sys_component_info *ci = c->info;

	memset(ci, 0, sizeof(*ci));
	ci->magic = SYS_INFO_MAGIC;
	copy_name(ci->name, c->m->name);
	ci->id = c->id;
	ci->ipc_buffer = SYS_IPC_BUFFER_VADDR;
	ci->stack_top = SYS_STACK_TOP;
	ci->debug_syscalls = sysinit_bi->config.debug_syscalls;
	ci->cnode_bits = component_cnode_bits(c);
	ci->nr_cpus = sysinit_bi->config.nr_cpus;
	ci->cpu = c->cpu;
	memcpy(ci->board, sysinit_bi->board, sizeof(ci->board));
}

long component_build(struct component *c)
{
	struct cpio_file f;
	struct kaal_cap_ret fault = kaal_alloc_slot(&sysinit_alloc);
	long err;

	c->state = SYS_STATE_FAILED;
	if (cpio_find(sysinit_archive, sysinit_archive_size, c->m->name, &f)) {
		if (!c->m->optional)
			printf("system_init: %s: not in the boot archive "
			       "(CONFIG_SYSTEM_COMPONENTS)\n",
			       c->m->name);
		/* Nobody will ever serve it: its clients' calls fail at
		 * once instead of waiting for ever. */
		service_withdraw_quiet(c, c->m->optional);
		return -SYS_E_NOT_FOUND;
	}
	/* Its faults come to us, badged with its id; it never holds this. */
	err = -(long)fault.error;
	if (!err)
		err = -(long)kaal_cap_mint(KAAL_CAP_INIT_CNODE, fault.cap,
					   KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE,
					   sysinit_ep, KAAL_WORD_BITS,
					   KAAL_RIGHTS_ALL,
					   c->id | SYS_BADGE_FAULT);
	if (err)
		return err;
	c->fault_cap = fault.cap;
	err = process_create(&c->proc, &sysinit_alloc, f.data, f.size,
			     component_cnode_bits(c), c->fault_cap,
			     c->m->priority);
	if (!err && c->m->mcp) {
		c->proc.failed = "maximum controlled priority";
		err = -(long)kaal_tcb_set_mcp(c->proc.tcb, KAAL_CAP_INIT_TCB,
					      c->m->mcp);
	}
	if (!err) {
		c->proc.failed = "CPU";
		c->cpu = component_cpu(c);
		err = -(long)kaal_tcb_set_affinity(c->proc.tcb,
						   KAAL_CAP_INIT_TCB, c->cpu);
	}
	if (err) {
		printf("system_init: %s: %s: %s\n", c->m->name, c->proc.failed,
		       sys_strerror(err));
		return err;
	}
	c->info = c->proc.info;
	c->next_res_slot = SYS_CAP_FIRST_RESOURCE;
	c->next_slot = SYS_CAP_FIRST_FREE;
	c->heap_next = SYS_HEAP_BASE;
	c->device_next = SYS_DEVICE_BASE;
	c->shm_next = SYS_SHM_BASE;
	fill_info(c);
	err = give_resources(c);
	if (err) {
		printf("system_init: %s: resources: %s\n", c->m->name,
		       sys_strerror(err));
		return err;
	}
	c->state = SYS_STATE_STOPPED;
	return 0;
}

/* The component's own notification, made on first need. */
long need_notify(struct component *c)
{
	struct kaal_cap_ret n;
	long err;

	if (c->notify)
		return 0;
	n = kaal_alloc_object(&sysinit_alloc, KAAL_OBJ_NOTIFICATION, 0);
	if (n.error)
		return -(long)n.error;
	c->notify = n.cap;
	return add_resource(c, "notify", SYS_RES_NOTIFICATION, n.cap, 0, &err) ?
		       0 :
		       err;
}

static kaal_cptr_t notify_slot(const struct component *c)
{
	const struct sys_resource *r =
		sys_resource(c->info, "notify", SYS_RES_NOTIFICATION);
	return r ? r->cap : 0;
}

/*
 * One side of a channel: the ring's pages mapped at the component's next
 * shared address, a capability to signal the peer (badged with the bit
 * of the peer's own ring resource) and its own notification.
 */
static long ring_side(struct component *c, const char *name,
		      struct component *peer, unsigned int peer_bit,
		      const kaal_cptr_t *frames, unsigned int pages)
{
	struct sys_resource *r;
	long err = 0;
	kaal_word_t va = c->shm_next;

	for (unsigned int i = 0; i < pages && !err; i++)
		err = process_map_copy(&c->proc, &sysinit_alloc, frames[i],
				       va + i * KAAL_PAGE_SIZE,
				       KAAL_MAP_READ | KAAL_MAP_WRITE);
	if (err)
		return err;
	c->shm_next += (pages + 1) * KAAL_PAGE_SIZE; /* and a gap */
	r = add_resource(c, name, SYS_RES_RING, peer->notify, 1ull << peer_bit,
			 &err);
	if (!r)
		return err;
	r->ntfn = notify_slot(c);
	r->vaddr = va;
	r->size = pages * KAAL_PAGE_SIZE;
	r->badge = peer->id;
	return 0;
}

static long connect(const struct manifest_channel *ch)
{
	struct component *p = component_by_name(ch->producer);
	struct component *q = component_by_name(ch->consumer);
	kaal_cptr_t frames[16];
	kaal_word_t va;
	struct ring ring;
	unsigned int pbit, qbit;
	long err;

	if (!p || !q || p->state != SYS_STATE_STOPPED ||
	    q->state != SYS_STATE_STOPPED || ch->pages > 16)
		return -SYS_E_NOT_FOUND;
	err = need_notify(p);
	if (!err)
		err = need_notify(q);
	if (err)
		return err;
	/* The shared pages, formatted here before either side runs. */
	va = kaal_alloc_vaddr(&sysinit_alloc, ch->pages);
	for (unsigned int i = 0; i < ch->pages; i++) {
		struct kaal_cap_ret f = kaal_vspace_new_page(
			&sysinit_alloc, KAAL_CAP_INIT_VSPACE,
			va + i * KAAL_PAGE_SIZE,
			KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (f.error)
			return -(long)f.error;
		frames[i] = f.cap;
	}
	if (ring_format(&ring, (void *)va, ch->pages * KAAL_PAGE_SIZE,
			ch->slot_size))
		return -SYS_E_PROTOCOL;
	p->heap_pages += ch->pages;
	/* Each side's ring resource is about to be its next entry: that
	 * index is the badge bit its peer signals. */
	pbit = p->info->nr_resources;
	qbit = q->info->nr_resources;
	err = ring_side(p, ch->producer_res, q, qbit, frames, ch->pages);
	if (!err)
		err = ring_side(q, ch->consumer_res, p, pbit, frames,
				ch->pages);
	return err;
}

/* At most: a channel's queue pages and data pages. */
#define QCHAN_MAX_QPAGES 16
#define QCHAN_MAX_DPAGES 256

/*
 * @n frames for a channel's data region, in @frames: with @contiguous,
 * retyped from one fresh untyped region in address order (checked, as
 * BROKER_ALLOC_DMA does) and the first's physical address in *@paddr.
 */
static long data_frames(unsigned int n, bool contiguous, kaal_cptr_t *frames,
			uint64_t *paddr)
{
	unsigned int bits = KAAL_PAGE_BITS;
	struct kaal_cap_ret ut = { 0, 0 };

	if (contiguous) {
		while ((1ul << bits) < (unsigned long)n * KAAL_PAGE_SIZE)
			bits++;
		ut = kaal_alloc_object(&sysinit_alloc, KAAL_OBJ_UNTYPED, bits);
		if (ut.error)
			return -(long)ut.error;
	}
	for (unsigned int i = 0; i < n; i++) {
		struct kaal_cap_ret p =
			contiguous ? kaal_alloc_slot(&sysinit_alloc) :
				     kaal_alloc_object(&sysinit_alloc,
						       KAAL_OBJ_PAGE, 0);
		struct kaal_word_ret pa = { p.error, 0 };

		if (!pa.error && contiguous)
			pa.error = kaal_retype(ut.cap, KAAL_OBJ_PAGE, 0,
					       KAAL_CAP_INIT_CNODE,
					       KAAL_WORD_BITS, p.cap, 1);
		if (!pa.error && contiguous)
			pa = kaal_page_address(p.cap);
		if (pa.error)
			return -(long)pa.error;
		if (contiguous && !i)
			*paddr = pa.value;
		else if (contiguous && pa.value != *paddr + i * KAAL_PAGE_SIZE)
			return -SYS_E_STATE; /* not contiguous: never seen */
		frames[i] = p.cap;
	}
	return 0;
}

/* One side of a queue channel: the queue pages then the data pages at
 * the component's next shared address, its resource. */
static long qchan_side(struct component *c, const char *name,
		       struct component *peer, unsigned int peer_bit,
		       const kaal_cptr_t *qf, unsigned int qpages,
		       const kaal_cptr_t *df, unsigned int dpages,
		       uint64_t paddr)
{
	kaal_word_t va = c->shm_next;
	struct sys_resource *r;
	long err = 0;

	for (unsigned int i = 0; i < qpages + dpages && !err; i++)
		err = process_map_copy(&c->proc, &sysinit_alloc,
				       i < qpages ? qf[i] : df[i - qpages],
				       va + i * KAAL_PAGE_SIZE,
				       KAAL_MAP_READ | KAAL_MAP_WRITE);
	if (err)
		return err;
	c->shm_next += (qpages + dpages + 1) * KAAL_PAGE_SIZE; /* a gap */
	r = add_resource(c, name, SYS_RES_QCHAN, peer->notify, 1ull << peer_bit,
			 &err);
	if (!r)
		return err;
	r->ntfn = notify_slot(c);
	r->vaddr = va;
	r->size = (uint64_t)(qpages + dpages) * KAAL_PAGE_SIZE;
	r->paddr = paddr;
	r->badge = peer->id;
	return 0;
}

/* Each channel made: its header (mapped here) and, per side, the
 * component and a capability to its notification badged with the
 * channel's bit there, to tell it the other side is gone. */
static struct live_qchan {
	void *hdr;
	struct component *side[2];
	kaal_cptr_t tell[2];
} live_qchans[SYSINIT_MAX_QCHANS];
static unsigned int nr_live_qchans;

void qchans_gone(struct component *c)
{
	for (unsigned int i = 0; i < nr_live_qchans; i++) {
		struct live_qchan *q = &live_qchans[i];

		for (unsigned int s = 0; s < 2; s++) {
			if (q->side[s] != c)
				continue;
			qchan_mark_gone(q->hdr, (enum qchan_side)s);
			kaal_signal(q->tell[!s]);
		}
	}
}

/* A capability to @c's notification that says bit @bit when signalled,
 * or 0. */
static kaal_cptr_t badged_notify(struct component *c, unsigned int bit)
{
	struct kaal_cap_ret s = kaal_alloc_slot(&sysinit_alloc);

	if (s.error ||
	    kaal_cap_mint(KAAL_CAP_INIT_CNODE, s.cap, KAAL_WORD_BITS,
			  KAAL_CAP_INIT_CNODE, c->notify, KAAL_WORD_BITS,
			  KAAL_RIGHT_WRITE, 1ull << bit))
		return 0;
	return s.cap;
}

static long qchan_connect(const struct manifest_qchan *ch)
{
	struct component *lo = component_by_name(ch->lower);
	struct component *up = component_by_name(ch->upper);
	static kaal_cptr_t qf[QCHAN_MAX_QPAGES], df[QCHAN_MAX_DPAGES];
	size_t qbytes = qchan_queues_size(ch->nr_entries, KAAL_PAGE_SIZE);
	uint64_t dbytes = ((uint64_t)ch->nr_rx + ch->nr_tx) * ch->buf_size;
	unsigned int qpages = (unsigned int)(qbytes / KAAL_PAGE_SIZE);
	unsigned int dpages =
		(unsigned int)((dbytes + KAAL_PAGE_SIZE - 1) / KAAL_PAGE_SIZE);
	uint64_t paddr = 0;
	kaal_word_t va;
	unsigned int lbit, ubit;
	long err;

	if (!lo || !up || lo->state != SYS_STATE_STOPPED ||
	    up->state != SYS_STATE_STOPPED || !lo->info || !up->info)
		return -SYS_E_NOT_FOUND; /* an end not built */
	if (qpages > QCHAN_MAX_QPAGES || !dpages || dpages > QCHAN_MAX_DPAGES)
		return -SYS_E_NO_SPACE;
	err = need_notify(lo);
	if (!err)
		err = need_notify(up);
	/* The queue pages, formatted here before either side runs. */
	va = kaal_alloc_vaddr(&sysinit_alloc, qpages);
	for (unsigned int i = 0; i < qpages && !err; i++) {
		struct kaal_cap_ret f = kaal_vspace_new_page(
			&sysinit_alloc, KAAL_CAP_INIT_VSPACE,
			va + i * KAAL_PAGE_SIZE,
			KAAL_MAP_READ | KAAL_MAP_WRITE);

		err = -(long)f.error;
		qf[i] = f.cap;
	}
	if (!err)
		err = data_frames(dpages, ch->dma, df, &paddr);
	if (!err && qchan_format((void *)va, ch->nr_entries, ch->buf_size,
				 ch->nr_rx, ch->nr_tx, qbytes))
		err = -SYS_E_PROTOCOL;
	if (err)
		return err;
	up->heap_pages += qpages + dpages; /* the owner's */
	lbit = lo->info->nr_resources;
	ubit = up->info->nr_resources;
	err = qchan_side(lo, ch->lower_res, up, ubit, qf, qpages, df, dpages,
			 ch->dma ? paddr : 0);
	if (!err)
		err = qchan_side(up, ch->upper_res, lo, lbit, qf, qpages, df,
				 dpages, 0);
	if (!err) {
		struct live_qchan *q = &live_qchans[nr_live_qchans++];

		*q = (struct live_qchan){ (void *)va, { lo, up }, { 0, 0 } };
		q->tell[QCHAN_LOWER] = badged_notify(lo, lbit);
		q->tell[QCHAN_UPPER] = badged_notify(up, ubit);
	}
	return err;
}

long qchans_connect(void)
{
	if (nr_qchans > SYSINIT_MAX_QCHANS) {
		printf("system_init: the manifest lists %u queue channels, "
		       "SYSINIT_MAX_QCHANS is %u\n",
		       nr_qchans, SYSINIT_MAX_QCHANS);
		return -SYS_E_NO_SPACE;
	}
	for (unsigned int i = 0; i < nr_qchans; i++) {
		long err = qchan_connect(&qchans[i]);

		if (err == -SYS_E_NOT_FOUND)
			continue; /* an end is missing or failed */
		if (err) {
			printf("system_init: queues %s -> %s: %s\n",
			       qchans[i].lower, qchans[i].upper,
			       sys_strerror(err));
			return err;
		}
	}
	return 0;
}

long channels_connect(void)
{
	for (unsigned int i = 0; i < nr_channels; i++) {
		long err = connect(&channels[i]);

		if (err == -SYS_E_NOT_FOUND)
			continue; /* an end is missing or failed */
		if (err) {
			printf("system_init: channel %s -> %s: %s\n",
			       channels[i].producer, channels[i].consumer,
			       sys_strerror(err));
			return err;
		}
	}
	return 0;
}

long component_start(struct component *c)
{
	long err = process_start(&c->proc, SYS_INFO_VADDR);

	if (err) {
		printf("system_init: %s: start: %s\n", c->m->name,
		       sys_strerror(err));
		c->state = SYS_STATE_FAILED;
		return err;
	}
	c->state = SYS_STATE_RUNNING;
	c->started = true;
	return 0;
}
