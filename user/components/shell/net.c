// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell's commands on the network service (<libsys/net.h>,
 * Documentation/networking.rst): net, ping, and nc on sockets
 * (<libsys/socket.h>). Output formats are
 * documented in Documentation/shell.rst and matched by the tests: change
 * them together.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/counter.h>
#include <libsys/error.h>
#include <libsys/socket.h>
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
	if (!(err = stats(NET_STATS_SOCKETS, w)))
		printf("sockets: %lu clients, %lu open, %lu descriptors "
		       "refused\n",
		       w[0], w[1], w[2]);
	else
		shell_error("net", "sockets", err);
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

/* --- nc: sockets (<libsys/socket.h>). ---------------------------------- */

#define NC_CONNECT_NS 5000000000ull  /* for a connection or an answer */
#define NC_IDLE_NS    10000000000ull /* with nothing received */
#define NC_LISTEN_NS  60000000000ull /* for a client to connect */
#define NC_STEP_NS    100000000ull   /* Ctrl-C is looked at as often */

static struct sock_client sc;
static long sc_error = 1; /* sock_client_open's; 1: not tried yet */

static bool sockets_ready(void)
{
	struct timer_client *t;

	if (!net_up("nc"))
		return false;
	if (sc_error > 0) {
		t = shell_timer("nc");
		if (!t)
			return false;
		sc_error = sock_client_open(&sc, shell.ci, t->ntfn, t);
	}
	if (sc_error)
		shell_error("nc", "sockets", sc_error);
	return !sc_error;
}

/*
 * Run @op (a socket call taking a deadline) in steps of NC_STEP_NS until
 * it is done, @ns passed, or Ctrl-C: its result, -NET_E_TIMEOUT, or
 * -SYS_E_STATE for Ctrl-C.
 */
#define NC_WAIT(ns, call)                                                  \
	({                                                                 \
		uint64_t end_ = counter_ns() + (ns);                       \
		long r_;                                                   \
		do {                                                       \
			uint64_t deadline = counter_ticks() +              \
					    timer_ns_to_ticks(NC_STEP_NS); \
			r_ = (call);                                       \
			if (r_ == -NET_E_TIMEOUT && shell_interrupted())   \
				r_ = -SYS_E_STATE;                         \
		} while (r_ == -NET_E_TIMEOUT && counter_ns() < end_);     \
		r_;                                                        \
	})

/* Print what @s receives until the peer closes (or NC_IDLE_NS of
 * silence, or Ctrl-C): the bytes, or -E. */
static long nc_print(unsigned int s)
{
	static char buf[512];
	long total = 0;

	for (;;) {
		long n = NC_WAIT(NC_IDLE_NS,
				 sock_recv(&sc, s, buf, sizeof(buf), deadline));

		if (n <= 0)
			return n < 0 ? n : total;
		fwrite(buf, 1, (size_t)n, stdout);
		total += n;
	}
}

static void nc_end(const char *what, long err, unsigned long sent,
		   long received)
{
	if (err < 0)
		printf("nc: %s: %s\n", what, sys_strerror(err));
	printf("nc: %lu bytes sent, %ld received\n", sent,
	       received < 0 ? 0 : received);
}

/* nc <a.b.c.d> <port> [text]: connect, send the text and a newline,
 * print what comes back until the server closes. */
static void nc_tcp(uint32_t ip, uint16_t port, const char *text)
{
	long s = sock_socket(&sc, NET_SOCK_TCP), err, got = 0;
	unsigned long sent = 0;

	if (s < 0) {
		shell_error("nc", "socket", s);
		return;
	}
	err = NC_WAIT(NC_CONNECT_NS,
		      sock_connect(&sc, (unsigned int)s, ip, port, deadline));
	if (err) {
		nc_end("connect", err, 0, 0);
		sock_close(&sc, (unsigned int)s);
		return;
	}
	if (*text) {
		size_t len = strlen(text);

		err = sock_send(&sc, (unsigned int)s, text, len, 0);
		if (err >= 0)
			err = sock_send(&sc, (unsigned int)s, "\n", 1, 0);
		sent = err >= 0 ? len + 1 : 0;
	}
	if (err >= 0)
		err = sock_shutdown(&sc, (unsigned int)s);
	if (err >= 0)
		err = got = nc_print((unsigned int)s);
	nc_end("receive", err, sent, got);
	sock_close(&sc, (unsigned int)s);
}

/* nc -l <port>: take one connection, print what it sends until it
 * closes, answer "received N bytes", close. */
static void nc_listen(uint16_t port)
{
	long l = sock_socket(&sc, NET_SOCK_TCP), s = -1, err, got = 0;
	unsigned long sent = 0;
	uint32_t peer = 0;
	uint16_t peer_port = 0;
	char ip[16], answer[48];

	if (l < 0) {
		shell_error("nc", "socket", l);
		return;
	}
	err = sock_bind(&sc, (unsigned int)l, port);
	if (!err)
		err = sock_listen(&sc, (unsigned int)l);
	if (!err) {
		printf("nc: listening on TCP port %u\n", port);
		s = err = NC_WAIT(NC_LISTEN_NS,
				  sock_accept(&sc, (unsigned int)l, &peer,
					      &peer_port, deadline));
	}
	sock_close(&sc, (unsigned int)l);
	if (err < 0) {
		nc_end("listen", err, 0, 0);
		return;
	}
	ip_text(ip, sizeof(ip), peer);
	printf("nc: connection from %s:%u\n", ip, peer_port);
	err = got = nc_print((unsigned int)s);
	if (err >= 0) {
		int n = snprintf(answer, sizeof(answer), "received %ld bytes\n",
				 got);

		err = sock_send(&sc, (unsigned int)s, answer, (size_t)n, 0);
		sent = err > 0 ? (unsigned long)err : 0;
	}
	nc_end("connection", err, sent, got);
	sock_close(&sc, (unsigned int)s);
}

/* nc -u <a.b.c.d> <port> <text>: one datagram, and the answer. */
static void nc_udp(uint32_t ip, uint16_t port, const char *text)
{
	static char buf[512];
	long s = sock_socket(&sc, NET_SOCK_UDP), err;
	uint32_t from = 0;
	uint16_t from_port = 0;
	char addr[16];

	if (s < 0) {
		shell_error("nc", "socket", s);
		return;
	}
	err = sock_sendto(&sc, (unsigned int)s, text, strlen(text), ip, port,
			  0);
	if (err >= 0)
		err = NC_WAIT(NC_CONNECT_NS,
			      sock_recvfrom(&sc, (unsigned int)s, buf,
					    sizeof(buf) - 1, &from, &from_port,
					    deadline));
	if (err < 0) {
		nc_end("udp", err, strlen(text), 0);
	} else {
		buf[err] = 0;
		ip_text(addr, sizeof(addr), from);
		printf("nc: %ld bytes from %s:%u: %s\n", err, addr, from_port,
		       buf);
	}
	sock_close(&sc, (unsigned int)s);
}

static bool port_of(const char *w, uint16_t *port)
{
	unsigned long p;
	char extra;

	if (!w || sscanf(w, "%lu%c", &p, &extra) != 1 || !p || p > 0xffff)
		return false;
	*port = (uint16_t)p;
	return true;
}

/* nc <a.b.c.d> <port> [text...] | nc -l <port> | nc -u <a.b.c.d> <port>
 * <text...> */
void cmd_nc(char *args)
{
	char *w = shell_word(&args);
	bool listen = w && !strcmp(w, "-l"), udp = w && !strcmp(w, "-u");
	uint32_t ip = 0;
	uint16_t port;

	if (listen || udp)
		w = shell_word(&args);
	if (listen ? !port_of(w, &port) || *args :
		     !w || net_parse_ip4(w, &ip) ||
			     !port_of(shell_word(&args), &port) ||
			     (udp && !*args)) {
		printf("usage: nc <a.b.c.d> <port> [text...] | nc -l <port> | "
		       "nc -u <a.b.c.d> <port> <text...>\n");
		return;
	}
	if (!sockets_ready())
		return;
	if (listen)
		nc_listen(port);
	else if (udp)
		nc_udp(ip, port, args);
	else
		nc_tcp(ip, port, args);
}
