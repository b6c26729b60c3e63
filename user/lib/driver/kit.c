// SPDX-License-Identifier: BSD-2-Clause
/* The driver kit: device, interrupt and event loop of a driver component
 * (libdriver/kit.h). */
#include <stdio.h>
#include <string.h>
#include <libsys/error.h>
#include <libsys/server.h>
#include <libdriver/kit.h>
#include <libdriver/virtio.h>

#define KIT_NO_DEVICE 2 /* kit_find_device: probe() took none */

static int kit_fail(const struct kit *k, const char *what, long err)
{
	printf("%s: %s: %s\n", k->drv->name, what, sys_strerror(err));
	return 1;
}

/* Which device of @compat @node is, counting as the broker does: enabled
 * nodes in document order. */
static int dt_instance(const struct dt *dt, const char *compat, int node)
{
	int n = 0;

	for (int i = dt->root; i >= 0; i = dt_next_node(dt, i)) {
		if (!dt_is_compatible(dt, i, compat) || !dt_is_enabled(dt, i))
			continue;
		if (i == node)
			return n;
		n++;
	}
	return -DT_E_NOT_FOUND;
}

long kit_claim(struct kit *k, const char *compat, int node,
	       struct broker_device *dev)
{
	int instance = 0;
	long err;

	if (node >= 0 && k->has_dt) {
		instance = dt_instance(&k->dt, compat, node);
		if (instance < 0)
			return -SYS_E_NOT_FOUND;
	}
	err = broker_device(compat, (unsigned int)instance, dev);
	if (err)
		return err;
	/* The broker numbers nodes as dt_instance does; if it ever did
	 * not, this device is not the one asked for. */
	if (node >= 0 && k->has_dt && dev->node >= 0 && dev->node != node) {
		printf("%s: %s: the broker gave node %d, not %d\n",
		       k->drv->name, compat, dev->node, node);
		return -SYS_E_NOT_FOUND;
	}
	return 0;
}

/*
 * The first device of @m that drv->probe() takes, trying each instance
 * the broker grants and giving back those it does not (a virtio-mmio
 * slot holds any kind of device, or none). 0, or -E: -SYS_E_NOT_FOUND
 * when no instance is the driver's.
 */
static long kit_probe(struct kit *k, const struct kit_match *m)
{
	for (unsigned int i = 0;; i++) {
		long err = broker_device(m->compatible, i, &k->dev);

		if (err == -SYS_E_EXISTS)
			continue; /* another component's */
		if (err)
			return err;
		k->match = m;
		if (!k->drv->probe(k))
			return 0;
		err = broker_device_release(k->dev.node);
		if (err)
			return err;
	}
}

static int kit_no_device(const struct kit *k)
{
	printf("%s: no %s\n", k->drv->name,
	       k->drv->device ? k->drv->device : "device");
	return KIT_NO_DEVICE;
}

/* A virtio driver's slot must be a modern (virtio 1.x) device; a legacy
 * one is reported and left alone, as if there were none. */
static int kit_virtio_modern(struct kit *k)
{
	struct virtio v;
	long err = virtio_probe(&v, k->dev.regs, k->dev.size);

	if (!err)
		return 0;
	printf("%s: virtio-mmio at 0x%lx: %s\n", k->drv->name,
	       (unsigned long)k->dev.paddr, sys_strerror(err));
	broker_device_release(k->dev.node);
	return kit_no_device(k);
}

/* The devicetree node's match entry, or the first the broker grants. */
static int kit_find_device(struct kit *k)
{
	int node = k->has_dt && k->drv->select ? k->drv->select(k) : -1;
	long err = -SYS_E_NOT_FOUND;

	if (k->drv->virtio_id) {
		/* The broker knows what each virtio-mmio slot holds. */
		err = broker_virtio_device(k->drv->virtio_id, 0, &k->dev);
		if (err == -SYS_E_NOT_FOUND)
			return kit_no_device(k);
		if (err)
			return kit_fail(k, "virtio device", err);
		k->match = k->drv->match;
		return kit_virtio_modern(k);
	}

	if (k->drv->probe && node < 0) {
		for (const struct kit_match *m = k->drv->match; m->compatible;
		     m++)
			if (!(err = kit_probe(k, m)))
				return 0;
		if (err != -SYS_E_NOT_FOUND)
			return kit_fail(k, "probe", err);
		return kit_no_device(k);
	}

	for (const struct kit_match *m = k->drv->match; m->compatible; m++) {
		if (node >= 0 && !dt_is_compatible(&k->dt, node, m->compatible))
			continue;
		err = kit_claim(k, m->compatible, node, &k->dev);
		if (!err) {
			k->match = m;
			return 0;
		}
		if (node >= 0)
			break;
	}
	return kit_fail(k,
			node >= 0 ? dt_name(&k->dt, node) : "no device granted",
			err);
}

/*
 * The interrupt signals a notification of our own, bound to our thread:
 * a receive on the endpoint then returns for an interrupt as well as for
 * a message (KAAL_LABEL_NOTIFICATION).
 */
static int kit_bind_irq(struct kit *k)
{
	const struct sys_resource *notify;
	kaal_cptr_t irq_ntfn = 0;
	struct broker_ret r;
	enum kaal_error err;

	if (k->drv->signal) {
		/* One notification for the device and the channels. */
		notify = sys_resource(k->ci, "notify", SYS_RES_NOTIFICATION);
		if (!notify)
			return kit_fail(k, "notify", -SYS_E_DENIED);
		k->ntfn = notify->cap;
		if (k->dev.irq_handler) {
			r = broker_notify(KIT_IRQ_BADGE);
			if (r.error)
				return kit_fail(k, "notification", r.error);
			irq_ntfn = r.mr[0];
		}
	} else {
		if (!k->dev.irq_handler)
			return 0; /* no interrupt: requests only */
		r = broker_alloc_object(KAAL_OBJ_NOTIFICATION);
		if (r.error)
			return kit_fail(k, "notification", r.error);
		k->ntfn = irq_ntfn = r.mr[0];
	}
	if (k->dev.irq_handler) {
		err = kaal_irq_handler_set_ntfn(k->dev.irq_handler, irq_ntfn);
		if (err)
			return kit_fail(k, "irq_handler_set_ntfn", -(long)err);
	}
	err = kaal_tcb_bind_notification(SYS_CAP_TCB, k->ntfn);
	if (err)
		return kit_fail(k, "tcb_bind_notification", -(long)err);
	return 0;
}

/* Let the driver look at its device, then unmask the line. A new handler
 * starts masked, so the first ack is the first unmask. */
static int kit_interrupt(struct kit *k)
{
	enum kaal_error err;

	if (k->drv->irq)
		k->drv->irq(k);
	if (!k->dev.irq_handler)
		return 0;
	err = kaal_irq_handler_ack(k->dev.irq_handler);
	return err ? kit_fail(k, "irq_handler_ack", -(long)err) : 0;
}

const void *kit_request_data(const struct kit_request *rq, unsigned int first,
			     size_t bytes)
{
	if (first > rq->len || bytes > (size_t)(rq->len - first) * 8)
		return NULL;
	return &rq->mr[first];
}

/* Copy the message into k->rq: mr0..5 came in registers, the rest is in
 * the IPC buffer, which the driver may overwrite while it serves. */
static void kit_take(struct kit *k, const struct kaal_recv_ret *r)
{
	const struct kaal_ipc_buffer *ipc = (const void *)k->ci->ipc_buffer;
	struct kit_request *rq = &k->rq;

	rq->label = KAAL_MSGINFO_LABEL(r->msg.info);
	rq->badge = r->badge;
	rq->len = KAAL_MSGINFO_LEN(r->msg.info);
	if (rq->len > KAAL_MSG_MAX_WORDS)
		rq->len = KAAL_MSG_MAX_WORDS;
	memcpy(rq->mr, r->msg.mr, sizeof(r->msg.mr));
	if (rq->len > KAAL_MSG_REG_WORDS)
		memcpy(&rq->mr[KAAL_MSG_REG_WORDS],
		       &ipc->mr[KAAL_MSG_REG_WORDS],
		       (rq->len - KAAL_MSG_REG_WORDS) * sizeof(kaal_word_t));
}

/* Serve k->rq and build the reply; words past mr5 go to the IPC buffer. */
static void kit_serve(struct kit *k, struct kaal_msg *reply)
{
	struct kaal_ipc_buffer *ipc = (void *)k->ci->ipc_buffer;
	struct kit_reply *rp = &k->rp;
	long ret = -SYS_E_PROTOCOL;
	kaal_word_t label;

	k->requests++;
	rp->len = 0;
	if (k->drv->request)
		ret = k->drv->request(k, &k->rq, rp);
	label = (kaal_word_t)-ret; /* E on the wire */
	if (rp->len > KAAL_MSG_MAX_WORDS)
		rp->len = KAAL_MSG_MAX_WORDS;
	reply->info = KAAL_MSGINFO(label, 0, rp->len);
	memcpy(reply->mr, rp->mr, sizeof(reply->mr));
	if (rp->len > KAAL_MSG_REG_WORDS)
		memcpy(&ipc->mr[KAAL_MSG_REG_WORDS],
		       &rp->mr[KAAL_MSG_REG_WORDS],
		       (rp->len - KAAL_MSG_REG_WORDS) * sizeof(kaal_word_t));
}

/* The notification said @bits: the interrupt, or (signal mode) the
 * interrupt's badge and the channels' bits. */
static int kit_event(struct kit *k, kaal_word_t bits)
{
	if (!k->drv->signal || (bits & KIT_IRQ_BADGE)) {
		k->irqs++;
		if (kit_interrupt(k))
			return 1;
	}
	if (k->drv->signal && (bits & ~KIT_IRQ_BADGE))
		k->drv->signal(k, bits & ~KIT_IRQ_BADGE);
	return 0;
}

/* A driver without an endpoint only waits for its notification. */
static int kit_irq_loop(struct kit *k)
{
	if (!k->ntfn) {
		printf("%s: neither an endpoint nor an interrupt\n",
		       k->drv->name);
		return 1;
	}
	for (;;) {
		struct kaal_word_ret w = kaal_wait(k->ntfn);

		if (w.error)
			return kit_fail(k, "wait", -(long)w.error);
		if (kit_event(k, w.value))
			return 1;
	}
}

/*
 * The endpoint's queue of senders is served before a pending bound
 * notification (kernel/endpoint.c, endpoint_recv), so under a steady
 * stream of requests the interrupt would wait, and a small receive FIFO
 * overflow: after each request the notification is polled as well.
 */
static int kit_handle(struct sys_server *srv, const struct kaal_recv_ret *r,
		      struct kaal_msg *reply)
{
	struct kit *k = srv->ctx;

	kaal_word_t bits;

	if (KAAL_MSGINFO_LABEL(r->msg.info) == KAAL_LABEL_NOTIFICATION &&
	    !KAAL_MSGINFO_LEN(r->msg.info) && k->ntfn)
		return kit_event(k, r->badge) ? -1 : SYS_SERVE_NO_REPLY;
	kit_take(k, r);
	kit_serve(k, reply);
	if (k->ntfn && (bits = kaal_poll(k->ntfn).value) && kit_event(k, bits))
		return -1;
	return SYS_SERVE_REPLY;
}

static int kit_recv_failed(struct sys_server *srv, long err)
{
	kit_fail(srv->ctx, "receive", err);
	return -1;
}

static int kit_loop(struct kit *k)
{
	struct sys_server srv = {
		.ep = k->ep,
		.handle = kit_handle,
		.recv_failed = kit_recv_failed,
		.ctx = k,
	};

	return sys_serve(&srv) ? 1 : 0;
}

int kit_run(const struct kit_driver *drv, const struct sys_component_info *ci)
{
	static struct kit kit;
	struct kit *k = &kit;
	const struct sys_resource *res;
	int err;

	if (!ci)
		return 1; /* sys_component_init said why */
	k->drv = drv;
	k->ci = ci;
	res = sys_resource(ci, "devicetree", SYS_RES_DEVICETREE);
	if (res) {
		err = dt_init(&k->dt, (const void *)res->vaddr, res->size);
		if (err)
			printf("%s: devicetree: %s (libfdt: %s)\n", drv->name,
			       sys_strerror(err), dt_libfdt_error(&k->dt));
		k->has_dt = !err;
	}
	if (drv->server) {
		res = sys_resource(ci, drv->server, SYS_RES_SERVER);
		if (!res)
			return kit_fail(k, drv->server, -SYS_E_DENIED);
		k->ep = res->cap;
	}
	err = kit_find_device(k);
	if (err == KIT_NO_DEVICE)
		return 0; /* nothing to drive is no failure */
	if (err || kit_bind_irq(k))
		return 1;
	if (drv->start && drv->start(k))
		return 1;
	if (kit_interrupt(k))
		return 1;
	if (drv->signal)
		drv->signal(k, ~KIT_IRQ_BADGE);
	return k->ep ? kit_loop(k) : kit_irq_loop(k);
}
