/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver kit: everything a device driver component does besides
 * touching its device's registers (Documentation/user-drivers.rst, "The
 * driver kit").
 *
 * A driver is a struct kit_driver: the compatible strings it drives, the
 * name of the endpoint it serves and three callbacks. main() hands it to
 * kit_run(), which
 *
 *  1. chooses the device: the devicetree node drv->select() names (with
 *     the component's "devicetree" resource), else the first device of
 *     the first compatible string the broker grants;
 *  2. claims it from the capability broker (broker_device): its first
 *     register block mapped, an IRQHandler capability for its interrupt;
 *     with drv->probe(), the instances in turn until probe() takes one,
 *     giving back the others (broker_device_release); with
 *     drv->virtio_id, the virtio-mmio slot holding such a device
 *     (broker_virtio_device);
 *  3. takes a notification from the broker, has the kernel signal it
 *     when the interrupt fires (irq_handler_set_ntfn) and binds it to the
 *     component's own thread (tcb_bind_notification), so one receive on
 *     the endpoint waits for requests and interrupts alike;
 *  4. calls drv->start(), with the line still masked, then drv->irq()
 *     once for whatever arrived before, then unmasks the line (the first
 *     irq_handler_ack);
 *  5. loops: a receive woken by the notification calls drv->irq() and
 *     acknowledges the interrupt; a message goes to drv->request(), whose
 *     reply goes back with reply_recv.
 *
 * A component drives one device, so a driver's state is usually static;
 * struct kit holds what the kit found (k->dev.regs, k->dev.irq, the
 * matching table entry, the devicetree).
 */
#ifndef LIBDRIVER_KIT_H
#define LIBDRIVER_KIT_H

#include <stdbool.h>
#include <stddef.h>
#include <libkaal/syscalls.h>
#include <libsys/broker.h>
#include <libsys/component.h>
#include <libdriver/dt.h>

struct kit;

/* One kind of device the driver drives; a table of them ends with an
 * entry whose compatible is NULL. */
struct kit_match {
	const char *compatible; /* devicetree compatible string */
	const void *data;	/* the driver's: its code for this kind */
};

/* A request, the whole message in one array (the words past mr5 copied
 * from the IPC buffer). */
struct kit_request {
	kaal_word_t label;
	kaal_word_t badge; /* the client's badge */
	unsigned int len;  /* words in mr[] */
	kaal_word_t mr[KAAL_MSG_MAX_WORDS];
};

/* The reply the request callback fills in; its label is the callback's
 * return value (0 or an error of <libsys/error.h>). */
struct kit_reply {
	unsigned int len; /* words in mr[]; 0 to start with */
	kaal_word_t mr[KAAL_MSG_MAX_WORDS];
};

struct kit_driver {
	const char *name;   /* in messages: "console" */
	const char *device; /* what probe() looks for, in messages: "block
			     * device" (NULL: "device") */
	const struct kit_match *match;
	/*
	 * The devicetree node to drive (k->dt is set up), or a negative
	 * number for "the first device of any compatible string in match".
	 * NULL, or no "devicetree" resource: the first device.
	 */
	int (*select)(struct kit *k);
	/*
	 * Is the claimed device (k->dev, k->match) the driver's? 0: drive
	 * it; nonzero: the kit gives it back to the broker and claims the
	 * next instance (for buses whose nodes say nothing of the device
	 * behind them, as virtio-mmio's). May be NULL: every device is.
	 * Used only when select() names no node; "<name>: no device" when
	 * none is taken.
	 */
	int (*probe)(struct kit *k);
	/*
	 * A virtio driver: the device ID it drives (VIRTIO_ID_*, <hw/
	 * virtio-mmio.h>). The kit then asks the broker for the first
	 * virtio-mmio slot holding such a device (broker_virtio_device;
	 * match[0] must be "virtio,mmio"), instead of claiming slot after
	 * slot with probe; "<name>: no <device>" when there is none. 0: not
	 * a virtio driver.
	 */
	uint32_t virtio_id;

	/* The SYS_RES_SERVER resource to serve, or NULL: interrupts only. */
	const char *server;
	/* Set the device up; the registers are mapped, the interrupt is
	 * still masked. Nonzero: give up (after saying why). May be NULL. */
	int (*start)(struct kit *k);
	/* The device interrupted (or might have: the first call comes
	 * before any interrupt, and a line may be shared). The kit
	 * acknowledges the interrupt after it returns. May be NULL. */
	void (*irq)(struct kit *k);
	/* Serve one request: fill in @rp, return 0 or -E; the reply's
	 * label carries E (<libsys/error.h>). NULL: every request gets
	 * SYS_E_PROTOCOL. */
	long (*request)(struct kit *k, const struct kit_request *rq,
			struct kit_reply *rp);
	/*
	 * A driver that also serves queue channels (<libsys/queue.h>): the
	 * kit waits on the component's own notification ("notify", which
	 * the channels' peers signal with the bits of the channels'
	 * resources) instead of one of the interrupt's own, binds it to the
	 * thread and has the interrupt signal it with KIT_IRQ_BADGE (a
	 * capability from BROKER_NOTIFY). A wake-up with that bit calls
	 * irq(), the other bits go here; the first call, after start(),
	 * has every bit but KIT_IRQ_BADGE set. NULL: the interrupt has a
	 * notification of its own.
	 */
	void (*signal)(struct kit *k, kaal_word_t bits);
};

/* The interrupt's badge on the component's notification (signal). */
#define KIT_IRQ_BADGE (1ul << 63)

struct kit {
	const struct kit_driver *drv;
	const struct sys_component_info *ci;
	const struct kit_match *match; /* the entry the device fits */
	struct broker_device dev;      /* its registers and interrupt */
	struct dt dt;		       /* valid when has_dt */
	bool has_dt;
	kaal_cptr_t ep;		      /* the served endpoint, or 0 */
	kaal_cptr_t ntfn;	      /* the interrupt's notification, or 0 */
	unsigned long irqs, requests; /* for statistics */
	struct kit_request rq;
	struct kit_reply rp;
};

/*
 * Run @drv for component @ci (what sys_component_init returned; NULL is
 * reported). Returns only when the driver cannot run, with 1 after
 * printing why, so main() can end with "return kit_run(&drv, ci);"; with
 * 0 after "<name>: no <device>" when drv->probe() took no device (a
 * machine without one: nothing to drive, no failure).
 */
int kit_run(const struct kit_driver *drv, const struct sys_component_info *ci);

/*
 * Claim one more device from the broker, e.g. a companion register
 * block: the devicetree node @node (which must be compatible with
 * @compat), or the first device of @compat when @node is negative or
 * there is no devicetree. 0 or -E (<libsys/error.h>).
 */
long kit_claim(struct kit *k, const char *compat, int node,
	       struct broker_device *dev);

/* @bytes bytes of the request from word @first on, or NULL when the
 * message is shorter than that. */
const void *kit_request_data(const struct kit_request *rq, unsigned int first,
			     size_t bytes);

#endif /* LIBDRIVER_KIT_H */
