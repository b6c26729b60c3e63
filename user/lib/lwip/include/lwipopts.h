/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lwIP's configuration for KaaL's network component (Documentation/
 * networking.rst, "lwIP"). Every option not named here keeps lwIP's
 * default (src/include/lwip/opt.h of the fetched source).
 *
 * NO_SYS: one thread, lwIP's raw (callback) API, no sockets or netconn
 * layer and no locking; the component's event loop calls lwIP, lwIP
 * calls back. Time is sys_now() (sys_arch.c: the generic timer's virtual
 * count, which EL0 reads); the loop asks the timer service to wake it
 * when sys_timeouts_sleeptime() says the next lwIP timer is due.
 *
 * Memory: the heap (tcp_write copies, PBUF_RAM) lives in pages the
 * component gets from the broker (LWIP_RAM_HEAP_POINTER, set before
 * lwip_init), the pools in the component's .bss. Received frames are not
 * copied into lwIP's memory: each is a custom pbuf over its buffer of the
 * queues' shared data region (LWIP_SUPPORT_CUSTOM_PBUF), given back to
 * the driver when lwIP frees it.
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS		     1
#define LWIP_SOCKET	     0
#define LWIP_NETCONN	     0
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TIMERS	     1

/* Memory. */
extern void *lwip_kaal_heap; /* sys_arch.c; MEM_SIZE bytes */
#define MEM_ALIGNMENT		 8
#define MEM_SIZE		 (512 * 1024)
#define LWIP_RAM_HEAP_POINTER	 lwip_kaal_heap
#define MEMP_NUM_PBUF		 64
#define MEMP_NUM_RAW_PCB	 2
#define MEMP_NUM_UDP_PCB	 8
#define MEMP_NUM_TCP_PCB	 32
#define MEMP_NUM_TCP_PCB_LISTEN	 8
#define MEMP_NUM_TCP_SEG	 512
#define MEMP_NUM_SYS_TIMEOUT	 (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 4)
#define PBUF_POOL_SIZE		 32
#define LWIP_SUPPORT_CUSTOM_PBUF 1

/* Protocols: IPv4 with ARP, ICMP (ping both ways), DHCP, UDP, TCP. */
#define LWIP_IPV4	    1
#define LWIP_IPV6	    0
#define LWIP_ARP	    1
#define LWIP_ETHERNET	    1
#define LWIP_ICMP	    1
#define LWIP_RAW	    1
#define LWIP_DHCP	    1
#define DHCP_DOES_ARP_CHECK 0 /* QEMU's user network has no rivals */
#define LWIP_AUTOIP	    0
#define LWIP_IGMP	    0
#define LWIP_DNS	    0
#define LWIP_UDP	    1
#define LWIP_TCP	    1
#define IP_REASSEMBLY	    1
#define IP_FRAG		    1

/* TCP: a window and send buffer of 16 full segments per connection. */
#define TCP_MSS		   1460
#define TCP_WND		   (16 * TCP_MSS)
#define TCP_SND_BUF	   (16 * TCP_MSS)
#define TCP_SND_QUEUELEN   (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ	   0 /* no received buffers held out of order */
#define LWIP_TCP_KEEPALIVE 1

/* The interface: one, Ethernet, with a hostname for DHCP. */
#define LWIP_SINGLE_NETIF	   1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK   1
#define LWIP_NETIF_HOSTNAME	   1
#define LWIP_NETIF_TX_SINGLE_PBUF  1
#define ETH_PAD_SIZE		   0

/* No statistics tables (the component counts what it reports), no
 * debug output. */
#define LWIP_STATS	   0
#define LWIP_STATS_DISPLAY 0

#endif /* LWIPOPTS_H */
