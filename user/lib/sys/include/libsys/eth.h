/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An Ethernet driver's small service beside its queue channel
 * (Documentation/networking.rst): the frames themselves go through the
 * zero-copy queues of <libsys/queue.h>; what the network stack asks the
 * driver by IPC, on its "eth" endpoint, is only this:
 *
 *   ETH_INFO  -   mr0 MAC address (bytes 0..5 in bits 0..47, as they go
 *                 on the wire), mr1 flags (ETH_F_*), mr2 frames received,
 *                 mr3 frames sent, mr4 frames dropped (received with a
 *                 bad length, or not sent), mr5 interrupts
 */
#ifndef LIBSYS_ETH_H
#define LIBSYS_ETH_H

#include <stdint.h>

enum eth_request {
	ETH_INFO = 1,
};

#define ETH_F_LINK_UP 1ul /* the device reports a link */
#define ETH_F_BROKEN  2ul /* the device or the channel misbehaved */

/* The six bytes of the MAC address in @w. */
static inline void eth_mac_bytes(uint64_t w, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)(w >> (8 * i));
}

#endif /* LIBSYS_ETH_H */
