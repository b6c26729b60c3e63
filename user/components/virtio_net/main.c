// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtio-net driver component (Documentation/networking.rst, "The
 * driver"; user-drivers.rst, "virtio"): a network card behind a
 * virtio-mmio slot, its frames moved to and from the network component
 * through the zero-copy queue channel "eth" (<libsys/queue.h>), in which
 * this driver is the lower side.
 *
 * The device reads and writes the channel's buffers directly: system_init
 * made the data region physically contiguous and told this side its
 * address (the resource's paddr). Each frame is a chain of two
 * descriptors, the 12-byte virtio-net header (5.1.6) in a DMA page of the
 * driver's own and the frame in its buffer of the data region, so the
 * network component sees frames only, and nothing is copied:
 *
 *   rx: a buffer from rx.free -> the receive queue -> the device writes
 *       header and frame -> rx.active, with the frame's length
 *   tx: a buffer from tx.active -> the transmit queue (a zeroed header:
 *       no checksum offload, no segmentation) -> sent -> tx.free
 *
 * Trusted with nothing: every descriptor the network component puts on a
 * queue is checked against the data region by qchan_take_*() before its
 * physical address goes to the device, and every index, id and length
 * the device writes by the transport (virtq_used). A frame of impossible
 * length is dropped and its buffer given to the device again.
 *
 * Events: the kit waits on the component's own notification, which the
 * network component signals when it put something on tx.active or
 * rx.free and the interrupt signals with KIT_IRQ_BADGE; both end in
 * net_service(). The "eth" endpoint answers ETH_INFO (<libsys/eth.h>).
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/alloc.h>
#include <libsys/eth.h>
#include <libsys/queue.h>
#include <libdriver/kit.h>
#include <libdriver/virtio.h>

#define NET_QUEUE_SIZE 128 /* descriptors per virtqueue, 2 per frame */
#define HDR_SIZE       sizeof(struct virtio_net_hdr)
#define HDR_SLOT       16 /* bytes per header in the header page */

/* DMA memory: the receive queue, the transmit queue, the headers. */
#define DMA_RXQ	  0
#define DMA_TXQ	  KAAL_PAGE_SIZE
#define DMA_HDRS  (2 * KAAL_PAGE_SIZE)
#define DMA_PAGES 3

static struct virtio vdev;
static struct virtq rxq, txq;
static struct broker_dma dma;
static struct qchan chan;
static uint64_t data_paddr; /* the data region's physical address */
static kaal_cptr_t peer;    /* signals the network component */
static uint8_t mac[6];
static bool link_up, broken;
/* The buffer of each chain in flight, by the chain's head id. */
static struct queue_desc rx_chain[NET_QUEUE_SIZE], tx_chain[NET_QUEUE_SIZE];
static unsigned long rx_frames, tx_frames, dropped;

_Static_assert(NET_QUEUE_SIZE *HDR_SLOT <= KAAL_PAGE_SIZE / 2,
	       "the rx and tx headers share a page");

static const struct kit_match net_match[] = {
	{ "virtio,mmio", NULL },
	{ NULL, NULL },
};

/* The header of the chain with head @head, on the device's side. */
static uint64_t hdr_paddr(bool tx, long head)
{
	return dma.paddr + DMA_HDRS + (tx ? KAAL_PAGE_SIZE / 2 : 0) +
	       (uint64_t)head * HDR_SLOT;
}

static void *hdr(bool tx, long head)
{
	return (uint8_t *)dma.vaddr + DMA_HDRS + (tx ? KAAL_PAGE_SIZE / 2 : 0) +
	       (size_t)head * HDR_SLOT;
}

static void read_status(void)
{
	link_up = !(vdev.features & (1ull << VIRTIO_NET_F_STATUS)) ||
		  (virtio_config32(&vdev, VIRTIO_NET_CFG_MAC + 4) >> 16) &
			  VIRTIO_NET_S_LINK_UP;
}

static int net_start(struct kit *k)
{
	const struct sys_resource *res =
		sys_resource(k->ci, "eth", SYS_RES_QCHAN);
	long err = virtio_probe(&vdev, k->dev.regs, k->dev.size);
	uint64_t m;

	if (!err && vdev.device_id != VIRTIO_ID_NET)
		err = -VIRTIO_E_DEVICE;
	if (!err && (!res || !res->paddr))
		err = -SYS_E_DENIED; /* no channel, or not one for DMA */
	if (!err)
		err = qchan_attach(&chan, (void *)res->vaddr, res->size,
				   QCHAN_LOWER);
	if (!err)
		err = virtio_negotiate(&vdev, 0,
				       1ull << VIRTIO_NET_F_MAC |
					       1ull << VIRTIO_NET_F_STATUS);
	if (!err)
		err = broker_alloc_dma(DMA_PAGES, &dma);
	if (!err)
		err = virtq_init(&rxq, &vdev, VIRTIO_NET_RX_QUEUE,
				 NET_QUEUE_SIZE, (uint8_t *)dma.vaddr + DMA_RXQ,
				 dma.paddr + DMA_RXQ, KAAL_PAGE_SIZE);
	if (!err)
		err = virtq_init(&txq, &vdev, VIRTIO_NET_TX_QUEUE,
				 NET_QUEUE_SIZE, (uint8_t *)dma.vaddr + DMA_TXQ,
				 dma.paddr + DMA_TXQ, KAAL_PAGE_SIZE);
	if (err) {
		if (err != -SYS_E_DENIED)
			virtio_fail(&vdev);
		printf("virtio_net: virtio-mmio at 0x%lx: %s\n",
		       (unsigned long)k->dev.paddr, sys_strerror(err));
		return 1;
	}
	data_paddr = res->paddr;
	peer = res->cap;
	if (vdev.features & (1ull << VIRTIO_NET_F_MAC)) {
		m = virtio_config64(&vdev, VIRTIO_NET_CFG_MAC);
		eth_mac_bytes(m, mac);
	} else {
		/* A locally administered address of our own. */
		memcpy(mac,
		       (const uint8_t[]){ 0x02, 0x4b, 0x61, 0x61, 0x4c, 1 }, 6);
	}
	virtio_driver_ok(&vdev);
	read_status();
	printf("virtio_net: virtio-mmio at 0x%lx irq %ld: MAC "
	       "%02x:%02x:%02x:%02x:%02x:%02x, link %s, %u+%u buffers of %u "
	       "bytes at 0x%lx\n",
	       (unsigned long)k->dev.paddr, (long)k->dev.irq, mac[0], mac[1],
	       mac[2], mac[3], mac[4], mac[5], link_up ? "up" : "down",
	       chan.nr_buf[QCHAN_RX], chan.nr_buf[QCHAN_TX], chan.buf_size,
	       (unsigned long)data_paddr);
	return 0;
}

/* The queue or the device misbehaved: stop moving frames. */
static void net_broken(const char *what, long err)
{
	if (!broken)
		printf("virtio_net: %s: %s; no more frames\n", what,
		       sys_strerror(err));
	broken = true;
}

/* Received frames: to rx.active, their length the frame's. */
static bool harvest_rx(void)
{
	bool moved = false;
	uint32_t len;
	long head;

	while ((head = virtq_used(&rxq, &len)) >= 0) {
		struct queue_desc d = rx_chain[head];
		struct virtq_buf b[2];
		long again;

		if (len > HDR_SIZE && len - HDR_SIZE <= chan.buf_size) {
			d.len = (uint32_t)(len - HDR_SIZE);
			if (!qchan_put_active(&chan, QCHAN_RX, d)) {
				rx_frames++;
				moved = true;
				continue;
			}
		}
		/* An empty or impossible frame: the buffer goes back to the
		 * device (into the chain just freed). */
		dropped++;
		b[0] = (struct virtq_buf){ hdr_paddr(false, rxq.free_head),
					   HDR_SIZE, true };
		b[1] = (struct virtq_buf){ data_paddr + d.offset, chan.buf_size,
					   true };
		again = virtq_submit(&rxq, b, 2);
		if (again < 0) {
			net_broken("receive queue", again);
			return moved;
		}
		rx_chain[again] = d;
	}
	if (head != -RING_E_EMPTY)
		net_broken("receive queue", head);
	return moved;
}

/* Sent frames: their buffers back on tx.free. */
static bool harvest_tx(void)
{
	bool moved = false;
	uint32_t len;
	long head;

	while ((head = virtq_used(&txq, &len)) >= 0) {
		if (qchan_put_free(&chan, QCHAN_TX, tx_chain[head]))
			net_broken("tx.free", -QUEUE_E_FULL);
		tx_frames++;
		moved = true;
	}
	if (head != -RING_E_EMPTY)
		net_broken("transmit queue", head);
	return moved;
}

/* Empty buffers from rx.free to the device, while it has room. */
static bool refill_rx(void)
{
	bool posted = false;

	while (rxq.nr_free >= 2) {
		struct queue_desc d;
		struct virtq_buf b[2];
		long head, err = qchan_take_free(&chan, QCHAN_RX, &d);

		if (err == -QUEUE_E_EMPTY)
			break;
		if (err == -QUEUE_E_PEER && !chan.free[QCHAN_RX].broken)
			continue; /* a bad descriptor, dropped */
		if (err) {
			net_broken("rx.free", err);
			break;
		}
		b[0] = (struct virtq_buf){ hdr_paddr(false, rxq.free_head),
					   HDR_SIZE, true };
		b[1] = (struct virtq_buf){ data_paddr + d.offset, chan.buf_size,
					   true };
		head = virtq_submit(&rxq, b, 2);
		if (head < 0) {
			net_broken("receive queue", head);
			break;
		}
		rx_chain[head] = d;
		posted = true;
	}
	return posted;
}

/* Frames from tx.active to the device, while it has room. */
static bool transmit(void)
{
	bool posted = false;

	while (txq.nr_free >= 2) {
		struct queue_desc d;
		struct virtq_buf b[2];
		long head, err = qchan_take_active(&chan, QCHAN_TX, &d);

		if (err == -QUEUE_E_EMPTY)
			break;
		if (err == -QUEUE_E_PEER && !chan.active[QCHAN_TX].broken)
			continue; /* a bad descriptor, dropped */
		if (err) {
			net_broken("tx.active", err);
			break;
		}
		if (!d.len) {
			/* Nothing to send: straight back. */
			dropped++;
			qchan_put_free(&chan, QCHAN_TX, d);
			continue;
		}
		memset(hdr(true, txq.free_head), 0, HDR_SIZE);
		b[0] = (struct virtq_buf){ hdr_paddr(true, txq.free_head),
					   HDR_SIZE, false };
		b[1] = (struct virtq_buf){ data_paddr + d.offset, d.len,
					   false };
		head = virtq_submit(&txq, b, 2);
		if (head < 0) {
			net_broken("transmit queue", head);
			break;
		}
		tx_chain[head] = d;
		posted = true;
	}
	return posted;
}

/*
 * Move everything that can move, then ask the network component for a
 * signal on the queues we wait for, and look at them once more (what
 * arrived in between would otherwise wait for the next signal).
 */
static void net_service(void)
{
	struct queue *txa = &chan.active[QCHAN_TX], *rxf = &chan.free[QCHAN_RX];

	while (!broken) {
		bool to_peer = harvest_rx() | harvest_tx();
		bool rx_posted = refill_rx(), tx_posted = transmit();

		if (rx_posted)
			virtio_notify(&rxq);
		if (tx_posted)
			virtio_notify(&txq);
		if (to_peer && (queue_signal_needed(&chan.active[QCHAN_RX]) |
				queue_signal_needed(&chan.free[QCHAN_TX])))
			kaal_signal(peer);
		queue_want_signal(txa);
		queue_want_signal(rxf);
		if ((txq.nr_free >= 2 && queue_count(txa)) ||
		    (rxq.nr_free >= 2 && queue_count(rxf))) {
			queue_cancel_signal(txa);
			queue_cancel_signal(rxf);
			continue;
		}
		break;
	}
	if (!broken && virtio_needs_reset(&vdev))
		net_broken("device", -VIRTIO_E_DEVICE);
}

static void net_irq(struct kit *k)
{
	uint32_t status = virtio_irq_ack(&vdev);

	(void)k;
	if (status & VIRTIO_MMIO_INT_CONFIG)
		read_status();
	net_service();
}

static void net_signal(struct kit *k, kaal_word_t bits)
{
	(void)k;
	(void)bits;
	net_service();
}

static long net_request(struct kit *k, const struct kit_request *rq,
			struct kit_reply *rp)
{
	uint64_t m = 0;

	if (rq->label != ETH_INFO)
		return -SYS_E_PROTOCOL;
	for (int i = 0; i < 6; i++)
		m |= (uint64_t)mac[i] << (8 * i);
	rp->mr[0] = m;
	rp->mr[1] = (link_up ? ETH_F_LINK_UP : 0) | (broken ? ETH_F_BROKEN : 0);
	rp->mr[2] = rx_frames;
	rp->mr[3] = tx_frames;
	rp->mr[4] = dropped + chan.refused;
	rp->mr[5] = k->irqs;
	rp->len = 6;
	return 0;
}

static const struct kit_driver net_driver = {
	.name = "virtio_net",
	.device = "network device",
	.match = net_match,
	.virtio_id = VIRTIO_ID_NET,
	.server = "eth",
	.start = net_start,
	.irq = net_irq,
	.request = net_request,
	.signal = net_signal,
};

int main(void *x0)
{
	return kit_run(&net_driver, sys_component_init(x0));
}
