// SPDX-License-Identifier: BSD-2-Clause
/* The network service's client side (libsys/net.h). */
#include <string.h>
#include <libsys/error.h>
#include <libsys/net.h>

long net_connect(struct net_client *n, const struct sys_component_info *ci)
{
	const struct sys_resource *r = sys_resource(ci, "net", SYS_RES_CLIENT);

	if (!r)
		return -SYS_E_NOT_FOUND;
	n->ep = r->cap;
	return 0;
}

long net_call(struct net_client *n, kaal_word_t label, const kaal_word_t *in,
	      unsigned int len, kaal_word_t out[KAAL_MSG_REG_WORDS])
{
	return sys_service_call(n->ep, label, 0, in, len, out);
}

int net_parse_ip4(const char *s, uint32_t *ip)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned int octet = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			octet = octet * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || octet > 255)
			return -1;
		v |= (uint32_t)octet << (8 * i);
		if (i < 3 && *s++ != '.')
			return -1;
	}
	if (*s)
		return -1;
	*ip = v;
	return 0;
}
