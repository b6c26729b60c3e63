/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio over MMIO, version 2 ("modern") register layout, and the split
 * virtqueue format (Virtual I/O Device (VIRTIO) Version 1.1, OASIS,
 * sections 4.2.2 "MMIO Device Register Layout", 2.1 "Device Status
 * Field", 2.6 "Split Virtqueues", 6 "Reserved Feature Bits"). Offsets
 * from the base of a device's register block; every field is
 * little-endian, as AArch64 is. Plain constants and the ring layouts,
 * for the driver kit's transport (user/lib/driver/virtio.c) and its
 * tests.
 */
#ifndef HW_VIRTIO_MMIO_H
#define HW_VIRTIO_MMIO_H

#include <stdint.h>

#define VIRTIO_MMIO_MAGIC_VALUE		0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION		0x004 /* 2: modern, 1: legacy */
#define VIRTIO_MMIO_DEVICE_ID		0x008 /* 0: no device in the slot */
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010 /* 32 bits, selected by: */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080 /* descriptor table */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090 /* available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0 /* used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100 /* device-specific */

#define VIRTIO_MMIO_MAGIC 0x74726976u /* "virt", little-endian */

/* Device IDs (5 "Device Types"). */
#define VIRTIO_ID_NET	  1
#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_ID_CONSOLE 3

/* Device status (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	 1u
#define VIRTIO_STATUS_DRIVER		 2u
#define VIRTIO_STATUS_DRIVER_OK		 4u
#define VIRTIO_STATUS_FEATURES_OK	 8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED		 128u

/* InterruptStatus bits (4.2.2). */
#define VIRTIO_MMIO_INT_VRING  1u /* a used buffer */
#define VIRTIO_MMIO_INT_CONFIG 2u /* the configuration changed */

/* Reserved feature bits (6). */
#define VIRTIO_F_VERSION_1 32 /* a virtio 1.x device, not legacy */

/* Split virtqueues (2.6.5, 2.6.6, 2.6.8). */
#define VIRTQ_DESC_F_NEXT  1u /* the chain goes on at 'next' */
#define VIRTQ_DESC_F_WRITE 2u /* the device writes this buffer */

struct virtq_desc {
	uint64_t addr; /* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx; /* where the driver puts the next entry */
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;  /* head of the chain the device used */
	uint32_t len; /* bytes it wrote into the chain */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx; /* where the device puts the next entry */
	struct virtq_used_elem ring[];
};

_Static_assert(sizeof(struct virtq_desc) == 16, "2.6.5");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "2.6.8");

/* Alignments (2.6, table of parts): descriptor table 16, available
 * ring 2, used ring 4. */
#define VIRTQ_DESC_ALIGN  16
#define VIRTQ_AVAIL_ALIGN 2
#define VIRTQ_USED_ALIGN  4

/* virtio-blk (5.2): the configuration space starts with the capacity in
 * 512-byte sectors; a request is a header, the data, a status byte. */
#define VIRTIO_BLK_CFG_CAPACITY 0x00 /* 64 bits */
#define VIRTIO_BLK_SECTOR_SIZE	512
#define VIRTIO_BLK_F_RO		5 /* the disk is read-only */
#define VIRTIO_BLK_T_IN		0 /* read */
#define VIRTIO_BLK_T_OUT	1 /* write */
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

_Static_assert(sizeof(struct virtio_blk_req_hdr) == 16, "5.2.6");

/* virtio-net (5.1): queue 0 receives, queue 1 transmits; the
 * configuration space starts with the MAC address and the link status.
 * With VIRTIO_F_VERSION_1 every frame is preceded by the 12-byte header
 * below (5.1.6), num_buffers included. */
#define VIRTIO_NET_F_MAC	5    /* the device has a MAC address */
#define VIRTIO_NET_F_STATUS	16   /* the status field is there */
#define VIRTIO_NET_CFG_MAC	0x00 /* 6 bytes */
#define VIRTIO_NET_CFG_STATUS	0x06 /* 16 bits */
#define VIRTIO_NET_S_LINK_UP	1u
#define VIRTIO_NET_RX_QUEUE	0
#define VIRTIO_NET_TX_QUEUE	1
#define VIRTIO_NET_HDR_GSO_NONE 0

struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

_Static_assert(sizeof(struct virtio_net_hdr) == 12, "5.1.6");

#endif /* HW_VIRTIO_MMIO_H */
