// SPDX-License-Identifier: BSD-2-Clause
/* Component start-up and resources (libsys/component.h). */
#include <stdio.h>
#include <string.h>
#include <libkaal/console.h>
#include <libkaal/exit.h>
#include <libsys/broker.h>
#include <libsys/console.h>

static kaal_cptr_t console_ep;

static void console_ipc_write(const char *s, size_t len)
{
	if (console_write(console_ep, s, len))
		kaal_console_debug_write(s, len); /* console gone */
}

/* Tell system_init, which stops this thread and does not answer. */
static void component_exit(int status)
{
	kaal_word_t w = (kaal_word_t)status;

	broker_call(BROKER_EXIT, &w, 1);
	kaal_thread_suspend(SYS_CAP_TCB);
}

const struct sys_resource *sys_resource(const struct sys_component_info *ci,
					const char *name, uint32_t type)
{
	uint32_t n = ci->nr_resources < SYS_MAX_RESOURCES ? ci->nr_resources :
							    SYS_MAX_RESOURCES;

	for (uint32_t i = 0; i < n; i++) {
		const struct sys_resource *r = &ci->res[i];

		if (r->type == type && !strncmp(r->name, name, SYS_NAME_LEN))
			return r;
	}
	return NULL;
}

long sys_service_call(kaal_cptr_t ep, kaal_word_t label, unsigned int caps,
		      const kaal_word_t *in, unsigned int len,
		      kaal_word_t out[KAAL_MSG_REG_WORDS])
{
	struct kaal_msg m = { kaal_msginfo(label, caps, len), { 0 } };
	struct kaal_recv_ret r;

	if (len > KAAL_MSG_REG_WORDS)
		return -SYS_E_PROTOCOL;
	for (unsigned int i = 0; i < len; i++)
		m.mr[i] = in[i];
	r = kaal_call(ep, &m);
	if (r.error)
		return -(long)r.error;
	if (out)
		memcpy(out, r.msg.mr, sizeof(r.msg.mr));
	return -(long)kaal_msginfo_label(r.msg.info);
}

const struct sys_component_info *sys_component_init(void *x0)
{
	const struct sys_component_info *ci = x0;
	const struct sys_resource *con;

	if (!ci || ci->magic != SYS_INFO_MAGIC) {
		printf("component: no component info page at %p\n", x0);
		return NULL;
	}
	kaal_exit_set_handler(component_exit);
	con = sys_resource(ci, "console", SYS_RES_CLIENT);
	if (con) {
		console_ep = con->cap;
		kaal_console_set(console_ipc_write);
	}
	return ci;
}
