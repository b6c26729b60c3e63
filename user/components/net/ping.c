// SPDX-License-Identifier: BSD-2-Clause
/*
 * ICMP echo requests for the NET_PING request (the shell's ping),
 * Documentation/networking.rst. lwIP answers other hosts' echo requests
 * itself (icmp.c); a raw pcb sees every ICMP message first, takes the
 * answers to ours (identifier PING_ID) and passes everything else on.
 *
 * The last PING_SLOTS requests are remembered, each with the client that
 * sent it: a client can ask only about its own.
 */
#include <string.h>
#include <libkaal/counter.h>
#include <libsys/error.h>
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip4.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"
#include "net.h"

#define PING_ID		0x4b61 /* "Ka" */
#define PING_DATA	56
#define PING_SLOTS	8
#define PING_TIMEOUT_NS 5000000000ull

static struct {
	unsigned long client; /* 0: free */
	uint16_t seq;
	uint64_t sent_ns, rtt_ns; /* rtt 0: no answer yet */
} pings[PING_SLOTS];
static struct raw_pcb *ping_pcb;
static uint16_t ping_seq;

static u8_t ping_recv(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		      const ip_addr_t *addr)
{
	struct icmp_echo_hdr echo;
	u16_t hlen;

	(void)arg;
	(void)pcb;
	(void)addr;
	if (p->len < IP_HLEN)
		return 0;
	hlen = (u16_t)(IPH_HL_BYTES((struct ip_hdr *)p->payload));
	if (pbuf_copy_partial(p, &echo, sizeof(echo), hlen) != sizeof(echo))
		return 0;
	if (echo.type == ICMP_ECHO) {
		net.icmp_seen++;
		return 0; /* lwIP answers it */
	}
	if (echo.type != ICMP_ER || lwip_ntohs(echo.id) != PING_ID)
		return 0;
	for (unsigned int i = 0; i < PING_SLOTS; i++)
		if (pings[i].client && pings[i].seq == lwip_ntohs(echo.seqno) &&
		    !pings[i].rtt_ns)
			pings[i].rtt_ns = counter_ns() - pings[i].sent_ns + 1;
	pbuf_free(p);
	return 1;
}

void ping_init(void)
{
	ping_pcb = raw_new(IP_PROTO_ICMP);
	if (ping_pcb) {
		raw_recv(ping_pcb, ping_recv, NULL);
		raw_bind(ping_pcb, IP_ADDR_ANY);
	}
}

long ping_send(unsigned long client, uint32_t addr, kaal_word_t *seq)
{
	struct icmp_echo_hdr *echo;
	unsigned int slot = ping_seq % PING_SLOTS;
	ip_addr_t to;
	struct pbuf *p;
	err_t err;

	if (!ping_pcb)
		return -SYS_E_STATE;
	if (!(net.netif.flags & NETIF_FLAG_UP) ||
	    ip4_addr_isany_val(*netif_ip4_addr(&net.netif)))
		return -NET_E_UNREACHABLE;
	p = pbuf_alloc(PBUF_IP, sizeof(*echo) + PING_DATA, PBUF_RAM);
	if (!p)
		return -SYS_E_NO_SPACE;
	echo = p->payload;
	ICMPH_TYPE_SET(echo, ICMP_ECHO);
	ICMPH_CODE_SET(echo, 0);
	echo->id = lwip_htons(PING_ID);
	echo->seqno = lwip_htons(++ping_seq);
	for (unsigned int i = 0; i < PING_DATA; i++)
		((uint8_t *)(echo + 1))[i] = (uint8_t)i;
	echo->chksum = 0;
	echo->chksum = inet_chksum(echo, sizeof(*echo) + PING_DATA);
	ip_addr_set_ip4_u32(&to, addr);
	pings[slot].client = client;
	pings[slot].seq = ping_seq;
	pings[slot].rtt_ns = 0;
	pings[slot].sent_ns = counter_ns();
	err = raw_sendto(ping_pcb, p, &to);
	pbuf_free(p);
	if (err != ERR_OK) {
		pings[slot].client = 0;
		return err == ERR_RTE ? -NET_E_UNREACHABLE : -SYS_E_NO_SPACE;
	}
	*seq = ping_seq;
	return 0;
}

long ping_status(unsigned long client, kaal_word_t seq, kaal_word_t *rtt_ns)
{
	for (unsigned int i = 0; i < PING_SLOTS; i++) {
		if (pings[i].client != client || pings[i].seq != seq ||
		    seq > 0xffff)
			continue;
		if (pings[i].rtt_ns) {
			*rtt_ns = pings[i].rtt_ns - 1;
			return 0;
		}
		if (counter_ns() - pings[i].sent_ns > PING_TIMEOUT_NS)
			return -NET_E_TIMEOUT;
		return -SYS_E_STATE;
	}
	return -SYS_E_NOT_FOUND;
}
