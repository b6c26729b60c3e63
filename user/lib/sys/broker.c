// SPDX-License-Identifier: BSD-2-Clause
/* The capability broker's client side (libsys/broker.h). */
#include <string.h>
#include <libsys/broker.h>

struct broker_ret broker_call(kaal_word_t req, const kaal_word_t *w,
			      unsigned int len)
{
	struct kaal_msg m = { KAAL_MSGINFO(req, 0, len), { 0 } };
	struct broker_ret ret = { 0, { 0 } };
	struct kaal_recv_ret r;

	if (len > KAAL_MSG_REG_WORDS) {
		ret.error = -SYS_E_PROTOCOL;
		return ret;
	}
	memcpy(m.mr, w, len * sizeof(*w));
	r = kaal_call(SYS_CAP_BROKER, &m);
	if (r.error) {
		ret.error = -(long)r.error;
		return ret;
	}
	ret.error = -(long)KAAL_MSGINFO_LABEL(r.msg.info);
	memcpy(ret.mr, r.msg.mr, sizeof(ret.mr));
	return ret;
}

struct broker_ret broker_alloc_pages(unsigned int pages)
{
	kaal_word_t w = pages;

	return broker_call(BROKER_ALLOC_PAGES, &w, 1);
}

struct broker_ret broker_alloc_object(enum kaal_object_type type)
{
	kaal_word_t w = type;

	return broker_call(BROKER_ALLOC_OBJECT, &w, 1);
}

long broker_device(const char *compat, unsigned int instance,
		   struct broker_device *dev)
{
	return broker_device_irq(compat, instance, 0, dev);
}

long broker_device_irq(const char *compat, unsigned int instance,
		       unsigned int irq_index, struct broker_device *dev)
{
	kaal_word_t w[KAAL_MSG_REG_WORDS] = {
		instance | (kaal_word_t)irq_index << BROKER_DEVICE_IRQ_SHIFT
	};
	struct broker_ret r;

	if (strlen(compat) >= BROKER_COMPAT_LEN)
		return -SYS_E_NAME;
	sys_pack_string(&w[1], KAAL_MSG_REG_WORDS - 1, compat);
	r = broker_call(BROKER_DEVICE, w, KAAL_MSG_REG_WORDS);
	if (r.error)
		return r.error;
	dev->regs = (volatile uint8_t *)r.mr[0];
	dev->size = r.mr[1];
	dev->paddr = r.mr[2];
	dev->irq = r.mr[3];
	dev->irq_handler = r.mr[4];
	dev->node = (int)r.mr[5];
	return 0;
}

long broker_device_release(int node)
{
	kaal_word_t w = (kaal_word_t)node;

	return broker_call(BROKER_DEVICE_RELEASE, &w, 1).error;
}

long broker_alloc_dma(unsigned int pages, struct broker_dma *dma)
{
	kaal_word_t w = pages;
	struct broker_ret r = broker_call(BROKER_ALLOC_DMA, &w, 1);

	if (r.error)
		return r.error;
	dma->vaddr = (void *)r.mr[0];
	dma->paddr = r.mr[1];
	dma->size = (uint64_t)pages << KAAL_PAGE_BITS;
	return 0;
}

void sys_pack_string(kaal_word_t *w, unsigned int words, const char *s)
{
	size_t max = (size_t)words * 8 - 1, n = strlen(s);

	memset(w, 0, (size_t)words * 8);
	memcpy(w, s, n < max ? n : max);
}

void sys_unpack_string(char *s, const kaal_word_t *w, unsigned int words)
{
	memcpy(s, w, (size_t)words * 8);
	s[(size_t)words * 8 - 1] = '\0';
}

const char *sys_state_name(unsigned long state)
{
	static const char *const names[] = {
		[SYS_STATE_STOPPED] = "stopped",
		[SYS_STATE_RUNNING] = "running",
		[SYS_STATE_CRASHED] = "crashed",
		[SYS_STATE_EXITED] = "exited",
		[SYS_STATE_FAILED] = "failed",
		[SYS_STATE_KILLED] = "killed",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}
