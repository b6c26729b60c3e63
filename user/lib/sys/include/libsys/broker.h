/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capability broker and memory manager: system_init's service,
 * reached through the SYS_CAP_BROKER endpoint every component holds
 * (Documentation/components.rst has the whole protocol).
 *
 * Requests are calls on SYS_CAP_BROKER with the request in the label;
 * the reply's label is 0 or an error (<libsys/error.h>), its words the
 * results. The badge tells the broker who asks, so a component can only
 * ever get what its manifest grants it, charged to its own quota.
 *
 *   BROKER_PING            -                       -
 *   BROKER_ALLOC_PAGES     mr0 pages               mr0 vaddr
 *       fresh zeroed pages, mapped read-write at the next free address of
 *       the caller's heap region (SYS_HEAP_BASE up)
 *   BROKER_ALLOC_OBJECT    mr0 enum kaal_object_type (ENDPOINT or
 *                          NOTIFICATION)           mr0 slot
 *       a new object in the next free slot of the caller's CNode
 *   BROKER_DEVICE          mr0 instance | irq index << 32,
 *                          mr1..5 compatible string
 *                          mr0 vaddr, mr1 size, mr2 paddr, mr3 irq (or
 *                          BROKER_NO_IRQ), mr4 IRQ handler slot (0: none),
 *                          mr5 devicetree node offset
 *       the instance-th (0..) enabled devicetree node with that compatible
 *       string: its first reg region mapped (Device memory, read-write)
 *       and an IRQHandler capability for its interrupt of that index
 *       (0: the first) placed in the caller's CNode. A node without
 *       registers (the architected timer) gives only the interrupt (mr0,
 *       mr1, mr2 0) and needs it. Only compatible strings the caller's
 *       manifest lists; each node at most once in the whole system
 *       (SYS_E_EXISTS).
 *   BROKER_ALLOC_DMA       mr0 pages (1..BROKER_DMA_MAX_PAGES)
 *                          mr0 vaddr, mr1 paddr
 *       fresh zeroed pages for a device to reach by DMA: physically
 *       contiguous from paddr, mapped read-write (Normal cacheable
 *       memory) at the next free addresses of the caller's heap region,
 *       charged to its quota as BROKER_ALLOC_PAGES is
 *   BROKER_DEVICE_RELEASE  mr0 devicetree node offset   -
 *       give back a device the caller claimed (a driver probed it and it
 *       is not its kind): its interrupt capability is revoked from the
 *       caller and the node can be claimed again; the register page stays
 *       the caller's. SYS_E_NOT_FOUND for a node the caller does not hold
 *   BROKER_VIRTIO_DEVICE   mr0 virtio device id (VIRTIO_ID_*), mr1 instance
 *                          the six words of BROKER_DEVICE
 *       the instance-th (0..) virtio-mmio slot ("virtio,mmio" node, which
 *       the caller's manifest must list) holding a device of that id:
 *       system_init reads every slot's DeviceID once, at the first such
 *       request, so a virtio driver claims its slot without probing the
 *       others. A register page holds eight slots; the drivers of slots
 *       in one page share it (each reaches the others' registers: the
 *       MMU cannot separate them). SYS_E_NOT_FOUND: no such device
 *   BROKER_NOTIFY          mr0 badge (nonzero)     mr0 slot
 *       a capability to the caller's own notification (its "notify"
 *       resource, made if it had none), badged, in its next free slot:
 *       an interrupt bound to it wakes the same wait as the caller's
 *       channels, and the badge tells them apart (the driver kit's
 *       notify mode); counts as an object
 *   BROKER_EXIT            mr0 status              (no reply)
 *       main() returned or exit() was called: the component is stopped
 *       and reported as exited (sys_component_init installs this as
 *       the exit handler)
 *
 * With SYS_BADGE_SYSINFO (the shell):
 *   SYSINFO_COMPONENT      mr0 index               mr0 id, mr1 state
 *                          (bits 31:0) and CPU (63:32), mr2 pages,
 *                          mr3 mr4 name, mr5 fault address
 *       SYS_E_NOT_FOUND past the last component
 *   SYSINFO_CAP            mr0 id, mr1 slot        mr0 slot, mr1 type,
 *                          mr2 rights, mr3 badge, mr4 size_bits
 *       the first occupied slot >= mr1 of that component's CNode;
 *       SYS_E_NOT_FOUND past the last one
 *   SYSINFO_MEMORY         -                       mr0 untyped bytes,
 *                          mr1 bytes used, mr2 components, mr3 faults
 *   SYSINFO_START          mr0 mr1 name            mr0 id
 *       start a manifest component that is not running yet
 *       (SYS_E_STATE in any other state: ask SYSINFO_COMPONENT why)
 *   SYSINFO_SERVICE        mr0 mr1 service name    mr0 server's id,
 *                          mr1 server's state
 *       who serves a service and whether it runs; SYS_E_NOT_FOUND when
 *       no component of the manifest serves it
 *   SYSINFO_STOP           mr0 mr1 name            mr0 id
 *       stop a running component for good (SYS_STATE_KILLED), as a
 *       crash does: its thread suspended, the services it serves
 *       withdrawn (SYS_E_STATE when it is not running)
 *
 * A service whose server crashed, exited or was stopped is withdrawn:
 * system_init revokes and deletes its endpoint, so that callers queued on
 * it wake with KAAL_E_DELETED and later calls fail at once
 * (KAAL_E_MISSING_CAP: the clients' copies are gone with it). A caller
 * the server had received from wakes with KAAL_E_NO_REPLY when the
 * server's thread is suspended.
 */
#ifndef LIBSYS_BROKER_H
#define LIBSYS_BROKER_H

#include <stdint.h>
#include <libkaal/syscalls.h>
#include <libsys/component.h>
#include <libsys/error.h>

enum broker_request {
	BROKER_PING = 1,
	BROKER_ALLOC_PAGES = 2,
	BROKER_ALLOC_OBJECT = 3,
	BROKER_DEVICE = 4,
	BROKER_EXIT = 5,
	BROKER_ALLOC_DMA = 6,
	BROKER_DEVICE_RELEASE = 7,
	BROKER_VIRTIO_DEVICE = 8,
	BROKER_NOTIFY = 9,
	SYSINFO_COMPONENT = 16,
	SYSINFO_CAP = 17,
	SYSINFO_MEMORY = 18,
	SYSINFO_START = 19,
	SYSINFO_SERVICE = 20,
	SYSINFO_STOP = 21,
};

#define BROKER_NO_IRQ		    (~0ul)
/* BROKER_DEVICE's mr0: the instance, and which of the node's interrupts. */
#define BROKER_DEVICE_INSTANCE_MASK 0xfffffffful
#define BROKER_DEVICE_IRQ_SHIFT	    32
#define BROKER_COMPAT_LEN	    40 /* mr1..mr5, NUL included */
#define BROKER_DMA_MAX_PAGES	    16

enum sys_component_state {
	SYS_STATE_STOPPED = 0, /* in the manifest, not started */
	SYS_STATE_RUNNING = 1,
	SYS_STATE_CRASHED = 2, /* faulted; suspended, reported */
	SYS_STATE_EXITED = 3,  /* main() returned */
	SYS_STATE_FAILED = 4,  /* could not be built */
	SYS_STATE_KILLED = 5,  /* stopped by SYSINFO_STOP */
};

/* What the broker calls return: the error and up to six words. */
struct broker_ret {
	long error; /* 0 or -E (<libsys/error.h>) */
	kaal_word_t mr[KAAL_MSG_REG_WORDS];
};

/* Call the broker with label @req and @len words of @w. */
struct broker_ret broker_call(kaal_word_t req, const kaal_word_t *w,
			      unsigned int len);

/* Pages and objects. */
struct broker_ret broker_alloc_pages(unsigned int pages);
struct broker_ret broker_alloc_object(enum kaal_object_type type);

struct broker_device {
	volatile uint8_t *regs; /* the mapped reg region */
	uint64_t size, paddr;
	unsigned long irq;	 /* BROKER_NO_IRQ: none */
	kaal_cptr_t irq_handler; /* 0: none */
	int node;		 /* devicetree node offset */
};

/* Device @instance of @compat, with its first interrupt; 0 or -E. */
long broker_device(const char *compat, unsigned int instance,
		   struct broker_device *dev);

/* The same with its interrupt of index @irq_index (0: the first). */
long broker_device_irq(const char *compat, unsigned int instance,
		       unsigned int irq_index, struct broker_device *dev);

/* The @instance-th virtio-mmio slot holding a device of @device_id
 * (VIRTIO_ID_*); 0 or -E. */
long broker_virtio_device(uint32_t device_id, unsigned int instance,
			  struct broker_device *dev);

/* A capability to our own notification, badged with @badge. */
struct broker_ret broker_notify(kaal_word_t badge);

/* Give back the device at devicetree node @node; 0 or -E. */
long broker_device_release(int node);

/* Memory a device may reach by DMA: @size bytes mapped at @vaddr, at
 * physical address @paddr on, contiguous. */
struct broker_dma {
	void *vaddr;
	uint64_t paddr;
	uint64_t size;
};

/* @pages pages of DMA memory; 0 or -E. */
long broker_alloc_dma(unsigned int pages, struct broker_dma *dma);

/* Pack / unpack a NUL-terminated string of at most @words * 8 - 1
 * characters into message words (what SYSINFO and ramfs use). */
void sys_pack_string(kaal_word_t *w, unsigned int words, const char *s);
void sys_unpack_string(char *s, const kaal_word_t *w, unsigned int words);

const char *sys_state_name(unsigned long state);

#endif /* LIBSYS_BROKER_H */
