// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell's commands on the network service (<libsys/net.h>,
 * Documentation/networking.rst): net and ping. Output formats are
 * documented in Documentation/shell.rst and matched by the tests: change
 * them together.
 */
#include <stdio.h>
#include <libkaal/counter.h>
#include <libsys/error.h>
#include "shell.h"

#define PING_MAX     10
#define PING_WAIT_NS 1000000000ull /* for an answer, and between requests */

static bool net_up(const char *cmd)
{
	if (shell.net_error) {
		shell_error(cmd, "net", shell.net_error);
		return false;
	}
	return shell_service_up(cmd, "net");
}

static void ip_text(char *buf, size_t n, kaal_word_t ip)
{
	snprintf(buf, n, "%u.%u.%u.%u", (unsigned int)(ip & 0xff),
		 (unsigned int)(ip >> 8 & 0xff),
		 (unsigned int)(ip >> 16 & 0xff),
		 (unsigned int)(ip >> 24 & 0xff));
}

static long stats(kaal_word_t group, kaal_word_t out[KAAL_MSG_REG_WORDS])
{
	return net_call(&shell.net, NET_STATS, &group, 1, out);
}

/* net: the address, the link, and the counters of the queues, the driver
 * and the echo servers. */
void cmd_net(char *args)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS];
	char ip[16], mask[16], gw[16];
	long err;

	(void)args;
	if (!net_up("net"))
		return;
	err = net_call(&shell.net, NET_INFO, NULL, 0, w);
	if (err) {
		shell_error("net", "info", err);
		return;
	}
	ip_text(ip, sizeof(ip), w[0]);
	ip_text(mask, sizeof(mask), w[1]);
	ip_text(gw, sizeof(gw), w[2]);
	printf("net: %s netmask %s gateway %s (%s), link %s, MAC "
	       "%02x:%02x:%02x:%02x:%02x:%02x\n",
	       ip, mask, gw,
	       !(w[3] & NET_F_UP) ? "no address" :
	       w[3] & NET_F_DHCP  ? "DHCP" :
				    "fixed",
	       w[3] & NET_F_LINK_UP ? "up" : "down",
	       (unsigned int)(w[4] & 0xff), (unsigned int)(w[4] >> 8 & 0xff),
	       (unsigned int)(w[4] >> 16 & 0xff),
	       (unsigned int)(w[4] >> 24 & 0xff),
	       (unsigned int)(w[4] >> 32 & 0xff),
	       (unsigned int)(w[4] >> 40 & 0xff));
	if (!(err = stats(NET_STATS_QUEUES, w)))
		printf("queues: rx.free %lu rx.active %lu tx.active %lu "
		       "tx.free %lu refused %lu tx-full %lu\n",
		       w[0], w[1], w[2], w[3], w[4], w[5]);
	else
		shell_error("net", "queues", err);
	if (!(err = stats(NET_STATS_DRIVER, w)))
		printf("driver: received %lu sent %lu dropped %lu interrupts "
		       "%lu\n",
		       w[0], w[1], w[2], w[3]);
	else
		shell_error("net", "driver", err);
	if (!(err = stats(NET_STATS_ECHO, w)))
		printf("echo: tcp %lu connections %lu bytes, udp %lu "
		       "datagrams, icmp %lu requests\n",
		       w[0], w[1], w[2], w[3]);
	else
		shell_error("net", "echo", err);
}

/* The answer to request @seq, waiting up to PING_WAIT_NS (Ctrl-C stops
 * it): 0 with *rtt, or -E. */
static long ping_wait(kaal_word_t seq, kaal_word_t *rtt)
{
	uint64_t end = counter_ns() + PING_WAIT_NS;

	for (;;) {
		kaal_word_t w[KAAL_MSG_REG_WORDS];
		long err = net_call(&shell.net, NET_PING_STATUS, &seq, 1, w);

		if (err != -SYS_E_STATE) {
			*rtt = w[0];
			return err;
		}
		if (counter_ns() >= end || shell_interrupted())
			return -NET_E_TIMEOUT;
		kaal_yield();
	}
}

/* ping <a.b.c.d> [count]: ICMP echo requests, one at a time. */
void cmd_ping(char *args)
{
	char *addr = shell_word(&args), *count = shell_word(&args);
	unsigned long n = 3, answered = 0;
	uint32_t ip;

	if (!addr || net_parse_ip4(addr, &ip) || shell_word(&args) ||
	    (count && (sscanf(count, "%lu", &n) != 1 || !n || n > PING_MAX))) {
		printf("usage: ping <a.b.c.d> [count, 1 to %d]\n", PING_MAX);
		return;
	}
	if (!net_up("ping"))
		return;
	for (unsigned long i = 0; i < n && !shell_interrupted(); i++) {
		kaal_word_t in = ip, w[KAAL_MSG_REG_WORDS], rtt;
		uint64_t start = counter_ns();
		long err = net_call(&shell.net, NET_PING, &in, 1, w);

		if (!err)
			err = ping_wait(w[0], &rtt);
		if (err) {
			printf("ping %s: seq %lu: %s\n", addr, i + 1,
			       sys_strerror(err));
		} else {
			answered++;
			printf("ping %s: seq %lu: answer in %lu.%03lu ms\n",
			       addr, i + 1, (unsigned long)(rtt / 1000000),
			       (unsigned long)(rtt / 1000 % 1000));
		}
		/* One request a second, as ping(8). */
		while (i + 1 < n && counter_ns() - start < PING_WAIT_NS &&
		       !shell_interrupted())
			kaal_yield();
	}
	printf("ping %s: %lu of %lu answered\n", addr, answered, n);
}
