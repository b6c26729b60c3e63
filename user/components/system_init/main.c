// SPDX-License-Identifier: BSD-2-Clause
/*
 * system_init (Documentation/components.rst): started by the root task
 * with the untyped memory delegated to it, it builds the components of
 * the manifest from the boot archive, each with only what the manifest
 * grants, starts those marked autostart and then serves them all as
 * capability broker and memory manager (broker.c), and learns of their
 * faults and exits on the same endpoint.
 */
#include <stdio.h>
#include <string.h>
#include "sysinit.h"

struct kaal_alloc sysinit_alloc;
const struct kaal_bootinfo *sysinit_bi;
struct devmem sysinit_devmem;
struct dt sysinit_dt;
bool sysinit_have_dt;
const void *sysinit_archive;
size_t sysinit_archive_size;
kaal_cptr_t sysinit_files_cnode;
size_t sysinit_files_size;
kaal_cptr_t sysinit_ep;
struct component components[MAX_COMPONENTS];
unsigned int nr_components;

static int setup(struct kaal_bootinfo *bi)
{
	const struct sys_init_args *args =
		(const void *)((const char *)bi + SYS_INIT_ARGS_OFFSET);
	struct kaal_cap_ret ep;
	int err;

	if (bi->magic != KAAL_BOOTINFO_MAGIC ||
	    args->magic != SYS_INIT_ARGS_MAGIC) {
		printf("system_init: not started by the system root task\n");
		return 1;
	}
	sysinit_bi = bi;
	sysinit_archive = (const void *)args->archive_vaddr;
	sysinit_archive_size = args->archive_size;
	sysinit_files_cnode = args->files_cnode;
	sysinit_files_size = args->files_size;
	kaal_alloc_init(&sysinit_alloc, bi);
	devmem_init(&sysinit_devmem, &sysinit_alloc);
	err = dt_init(&sysinit_dt, (const void *)bi->dtb_vaddr, bi->dtb_size);
	if (err)
		printf("system_init: devicetree: %s (libfdt: %s): no devices "
		       "to hand out\n",
		       sys_strerror(err), dt_libfdt_error(&sysinit_dt));
	sysinit_have_dt = !err;
	ep = kaal_alloc_object(&sysinit_alloc, KAAL_OBJ_ENDPOINT, 0);
	if (ep.error) {
		printf("system_init: endpoint: %s\n", sys_strerror(ep.error));
		return 1;
	}
	sysinit_ep = ep.cap;
	return 0;
}

int main(struct kaal_bootinfo *bi)
{
	unsigned int started = 0;
	unsigned long err;

	if (setup(bi))
		return 1;
	nr_components = manifest_size < MAX_COMPONENTS ? manifest_size :
							 MAX_COMPONENTS;
	for (unsigned int i = 0; i < nr_components; i++) {
		components[i].m = &manifest[i];
		components[i].id = i + 1;
	}
	err = service_endpoints();
	if (err) {
		printf("system_init: service endpoints: %s\n",
		       sys_strerror(err));
		return 1;
	}
	for (unsigned int i = 0; i < nr_components; i++)
		if (components[i].m->autostart || components[i].m->prebuilt)
			component_build(&components[i]);
	if (channels_connect() || qchans_connect())
		return 1;
	for (unsigned int i = 0; i < nr_components; i++) {
		struct component *c = &components[i];

		if (c->m->autostart && c->state == SYS_STATE_STOPPED &&
		    !component_start(c))
			started++;
	}
	printf("system_init: %u of %u components started, %lu KiB used\n",
	       started, nr_components,
	       (unsigned long)(sysinit_alloc.bytes / 1024));
	broker_serve();
	return 0;
}
