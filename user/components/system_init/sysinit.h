/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * system_init's own declarations: the manifest (manifest.c), the
 * components it builds (build.c) and the requests it serves (broker.c).
 */
#ifndef USER_COMPONENTS_SYSTEM_INIT_SYSINIT_H
#define USER_COMPONENTS_SYSTEM_INIT_SYSINIT_H

#include <stdbool.h>
#include <libkaal/alloc.h>
#include <libdriver/devmem.h>
#include <libdriver/dt.h>
#include <libsys/broker.h>
#include <libsys/process.h>

#define MAX_USES       8
#define MAX_DEVICES    4
#define MAX_COMPONENTS 16
#define MAX_GRANTS     32

/* One component of the system, as the manifest describes it. */
struct manifest_component {
	const char *name; /* also its name in the boot archive */
	unsigned int priority;
	bool autostart;		    /* started at boot, else by SYSINFO_START */
	bool sysinfo;		    /* may use the SYSINFO_* requests */
	bool devicetree;	    /* the blob mapped read-only */
	unsigned int quota_pages;   /* BROKER_ALLOC_PAGES limit */
	const char *serves;	    /* the service it serves, or NULL */
	const char *uses[MAX_USES]; /* services it is a client of */
	const char *devices[MAX_DEVICES]; /* compatibles it may claim */
	/* For a component that builds processes of its own (the Linux
	 * personality); 0 for the defaults. */
	unsigned int cnode_bits;   /* its CNode: 2^n slots, else
				    * SYS_CNODE_BITS */
	unsigned int mcp;	   /* the highest priority it may give */
	unsigned int untyped_bits; /* an untyped region of 2^n bytes
				    * moved to it ("untyped") */
	bool files;		   /* the Linux archive's CNode ("files") */
	bool prebuilt; /* not autostart, but built at boot (so that the
			* channels reach it) and started once on demand */
	bool optional; /* not in the boot archive: left out silently (a
			* configuration without it) */
	/* The CPU its thread runs on (Documentation/smp.rst): with pinned,
	 * cpu (a CPU the machine lacks: CPU 0, with a message); else the
	 * components are spread over the CPUs in manifest order. */
	bool pinned;
	unsigned int cpu;
};

/* A shared-memory ring between two components started at boot. */
struct manifest_channel {
	const char *producer, *producer_res;
	const char *consumer, *consumer_res;
	uint32_t slot_size;
	unsigned int pages;
};

/* A zero-copy queue channel (<libsys/queue.h>) between two components
 * started at boot: the lower side (a driver) fills the receive buffers
 * and sends the transmit ones, the upper side owns them all. With dma,
 * the data region is physically contiguous and the lower side learns
 * its address, for a device to reach. */
struct manifest_qchan {
	const char *lower, *lower_res;
	const char *upper, *upper_res;
	uint32_t nr_entries, buf_size, nr_rx, nr_tx;
	bool dma;
};

extern const struct manifest_component manifest[];
extern const unsigned int manifest_size;
extern const struct manifest_channel channels[];
extern const unsigned int nr_channels;
extern const struct manifest_qchan qchans[];
extern const unsigned int nr_qchans;
#define SYSINIT_MAX_QCHANS 16 /* qchans[] may list no more */

struct component {
	const struct manifest_component *m;
	unsigned int id;    /* index in the manifest + 1 */
	unsigned int state; /* enum sys_component_state */
	unsigned int cpu;   /* the CPU its thread runs on */
	bool started;	    /* component_start ran */
	struct process proc;
	struct sys_component_info *info; /* system_init's view of its page */
	kaal_cptr_t fault_cap;		 /* minted, in system_init's CSpace */
	kaal_cptr_t notify;		 /* its notification, ours */
	kaal_word_t next_res_slot; /* resources: from SYS_CAP_FIRST_RESOURCE */
	kaal_word_t next_slot;	   /* broker objects: SYS_CAP_FIRST_FREE */
	kaal_word_t heap_next, device_next, shm_next;
	unsigned long heap_pages, objects;
	unsigned long untyped_pages; /* its "untyped" resource */
	uint64_t fault_addr, fault_pc;
	unsigned long fault_type;
};

/* system_init's state (main.c). */
extern struct kaal_alloc sysinit_alloc;
extern const struct kaal_bootinfo *sysinit_bi;
extern struct devmem sysinit_devmem;
extern struct dt sysinit_dt;
extern bool sysinit_have_dt;
extern const void *sysinit_archive;
extern size_t sysinit_archive_size;
extern kaal_cptr_t sysinit_files_cnode; /* linux.cpio's frames, or 0 */
extern size_t sysinit_files_size;
extern kaal_cptr_t sysinit_ep;
extern struct component components[MAX_COMPONENTS];
extern unsigned int nr_components;

/* build.c */
struct component *component_by_name(const char *name);
struct component *component_by_id(unsigned long id);
long service_endpoints(void);
long component_build(struct component *c);
long channels_connect(void);
long qchans_connect(void);
/* @c ended: the other sides of its queue channels are told. */
void qchans_gone(struct component *c);
long need_notify(struct component *c);
long component_start(struct component *c);
unsigned long component_pages(const struct component *c);
unsigned int component_cnode_bits(const struct component *c);
struct component *service_server(const char *service);
void service_withdraw(struct component *c);
void service_withdraw_quiet(struct component *c, bool quiet);

/* broker.c */
void broker_serve(void);

#endif /* USER_COMPONENTS_SYSTEM_INIT_SYSINIT_H */
