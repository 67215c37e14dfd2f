// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the HD Audio bus interface routines (include/wdm/hdaudio.h).
 *
 * Policy lives here: who owns which engine, which call is valid in which
 * state, FIFO and link bandwidth accounting, buffers and their BDLs.
 * Hardware sequences are stream.c's, verbs cmd.c's, and every DMA buffer
 * comes from the controller's wdmdma adapter.
 *
 * Engine states (the interface's, not the hardware's):
 *
 *   Reset --(buffer)--> Reset --SetDmaEngineState--> Stop/Pause <--> Run
 *     ^                                                 |
 *     +----------------------SetDmaEngineState----------+
 *
 * Run <-> Reset directly is refused (-EBADFD), and so is any state change
 * of an engine without a buffer; buffers and formats change only in Reset.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/lcm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <wdm/dma.h>
#include <wdm/hda_verbs.h>
#include <wdm/hdaudio.h>

#include "bus.h"
#include "cmd.h"
#include "codec.h"
#include "controller.h"

#define HDA_BDL_BYTES		(WDM_HDA_BDL_MAX_ENTRIES * \
				 sizeof(struct wdm_hdaudio_bdl_entry))
#define HDA_DRIVER_VERSION	0x0100
#define HDA_POSBUF_BYTES	PAGE_SIZE

/* An engine's ISR gets the stream status bits as they were read. */
static_assert(WDM_HDA_ISR_BCIS == HDA_SD_STS_BCIS);
static_assert(WDM_HDA_ISR_FIFOE == HDA_SD_STS_FIFOE);
static_assert(WDM_HDA_ISR_DESE == HDA_SD_STS_DESE);
static_assert(HDA_SD_MAX * sizeof(struct hda_posbuf_entry) <= HDA_POSBUF_BYTES);

static const struct {
	u32 rate;
	u16 bits;	/* base, multiplier - 1, divisor - 1 */
} hda_rates[] = {
	{ 8000, 0 << 14 | 0 << 11 | 5 << 8 },
	{ 9600, 0 << 14 | 0 << 11 | 4 << 8 },
	{ 11025, 1 << 14 | 0 << 11 | 3 << 8 },
	{ 16000, 0 << 14 | 0 << 11 | 2 << 8 },
	{ 22050, 1 << 14 | 0 << 11 | 1 << 8 },
	{ 32000, 0 << 14 | 1 << 11 | 2 << 8 },
	{ 44100, 1 << 14 | 0 << 11 | 0 << 8 },
	{ 48000, 0 << 14 | 0 << 11 | 0 << 8 },
	{ 88200, 1 << 14 | 1 << 11 | 0 << 8 },
	{ 96000, 0 << 14 | 1 << 11 | 0 << 8 },
	{ 176400, 1 << 14 | 3 << 11 | 0 << 8 },
	{ 192000, 0 << 14 | 3 << 11 | 0 << 8 },
};

/**
 * wdm_hdaudio_converter_format() - encode a stream format
 * @format: rate, valid bits, container and channels
 * @converter_format: the 16-bit converter / SDnFMT value
 *
 * Valid bits pick the BITS field (8, 16, 20, 24, 32); 8 and 16 need a
 * container of the same size, 20, 24 and 32 a 32-bit container.
 *
 * Return: 0, or -EINVAL for a format the encoding cannot express.
 */
int wdm_hdaudio_converter_format(const struct wdm_hdaudio_stream_format *format,
				 u16 *converter_format)
{
	unsigned int i, bits;

	if (!format || !converter_format)
		return -EINVAL;
	if (format->number_of_channels < 1 || format->number_of_channels > 16)
		return -EINVAL;
	switch (format->valid_bits_per_sample) {
	case 8:
		bits = 0;
		break;
	case 16:
		bits = 1;
		break;
	case 20:
		bits = 2;
		break;
	case 24:
		bits = 3;
		break;
	case 32:
		bits = 4;
		break;
	default:
		return -EINVAL;
	}
	if (format->container_size != (bits < 2 ? format->valid_bits_per_sample : 32))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(hda_rates); i++) {
		if (hda_rates[i].rate == format->sample_rate) {
			*converter_format = hda_rates[i].bits | bits << 4 |
					    (format->number_of_channels - 1);
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_converter_format);

/* Link bits per 48 kHz frame: sample blocks (rounded up) plus a header. */
static u32 hda_link_bits(const struct wdm_hdaudio_stream_format *f)
{
	return HDA_STREAM_HEADER_BITS +
	       DIV_ROUND_UP(f->sample_rate, 48000) * f->number_of_channels *
	       f->valid_bits_per_sample;
}

static u32 hda_block_bytes(const struct wdm_hdaudio_stream_format *f)
{
	return f->number_of_channels * f->container_size / 8;
}

static struct hda_wdm_ctrl *ctx_ctrl(struct hda_bus_ctx *ctx)
{
	return ctx->bus->c;
}

/* The engine behind a handle, if the handle is one this interface owns. */
static struct wdm_hda_engine *hda_engine(struct hda_bus_ctx *ctx,
					 struct wdm_hda_engine *h)
{
	struct hda_wdm_bus *bus = ctx->bus;
	uintptr_t off;

	if (!h || h < bus->engines || h >= bus->engines + HDA_SD_MAX)
		return NULL;
	off = (uintptr_t)h - (uintptr_t)bus->engines;
	if (off % sizeof(*h) || h->owner != ctx)
		return NULL;
	return h;
}

/* ---- Codec verbs and unsolicited responses ----------------------------- */

static int hda_transfer_sync(struct hda_bus_ctx *ctx, u32 count,
			     struct wdm_hdaudio_codec_transfer *t)
{
	struct hda_wdm_ctrl *c = ctx_ctrl(ctx);
	int ret = 0, err;
	u32 i;

	for (i = 0; i < count; i++) {
		u32 verb = (t[i].output & GENMASK(27, 0)) | (u32)ctx->addr << 28;

		memset(&t[i].input, 0, sizeof(t[i].input));
		err = hda_wdm_cmd_exec(c, verb, &t[i].input.response);
		t[i].input.sdi = ctx->addr;
		t[i].input.is_valid = !err;
		if (err && !ret)
			ret = err;
	}
	return ret;
}

struct hda_transfer_work {
	struct work_struct work;
	struct hda_bus_ctx *ctx;
	u32 count;
	struct wdm_hdaudio_codec_transfer *transfers;
	wdm_hdaudio_transfer_complete_t callback;
	void *callback_context;
};

static void hda_transfer_worker(struct work_struct *work)
{
	struct hda_transfer_work *w = container_of(work, struct hda_transfer_work,
						   work);

	hda_transfer_sync(w->ctx, w->count, w->transfers);
	/* the callback runs in atomic context, as on Windows */
	local_bh_disable();
	w->callback(w->transfers, w->callback_context);
	local_bh_enable();
	kfree(w);
}

static int hda_transfer_codec_verbs(void *context, u32 count,
				    struct wdm_hdaudio_codec_transfer *transfers,
				    wdm_hdaudio_transfer_complete_t callback,
				    void *callback_context)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_transfer_work *w;

	if (!count || !transfers)
		return -EINVAL;
	if (!callback) {
		might_sleep();
		return hda_transfer_sync(ctx, count, transfers);
	}
	w = kzalloc(sizeof(*w), GFP_ATOMIC);
	if (!w)
		return -ENOMEM;
	INIT_WORK(&w->work, hda_transfer_worker);
	w->ctx = ctx;
	w->count = count;
	w->transfers = transfers;
	w->callback = callback;
	w->callback_context = callback_context;
	queue_work(ctx->bus->wq, &w->work);
	return 0;
}

static void hda_bus_unsol(struct hda_wdm_ctrl *c, u8 addr, u32 resp)
{
	struct hda_wdm_bus *bus = c->bus;
	struct hda_bus_callback *cb = &bus->callbacks[resp >> 26];

	spin_lock(&bus->state_lock);
	if (cb->owner && cb->owner->addr == addr && cb->routine)
		cb->routine(resp, cb->ctx);
	spin_unlock(&bus->state_lock);
}

static int hda_register_event_callback(void *context,
				       wdm_hdaudio_unsolicited_t routine,
				       void *callback_context, u8 *tag)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	unsigned long flags;
	unsigned int i;

	if (!routine || !tag)
		return -EINVAL;
	spin_lock_irqsave(&bus->state_lock, flags);
	for (i = 0; i < HDA_BUS_TAGS; i++) {
		if (!bus->callbacks[i].owner) {
			bus->callbacks[i].owner = ctx;
			bus->callbacks[i].routine = routine;
			bus->callbacks[i].ctx = callback_context;
			*tag = i;
			break;
		}
	}
	spin_unlock_irqrestore(&bus->state_lock, flags);
	return i < HDA_BUS_TAGS ? 0 : -ENOMEM;
}

static int hda_unregister_event_callback(void *context, u8 tag)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	unsigned long flags;
	int ret = -EINVAL;

	if (tag >= HDA_BUS_TAGS)
		return -EINVAL;
	spin_lock_irqsave(&bus->state_lock, flags);
	if (bus->callbacks[tag].owner == ctx) {
		memset(&bus->callbacks[tag], 0, sizeof(bus->callbacks[tag]));
		ret = 0;
	}
	spin_unlock_irqrestore(&bus->state_lock, flags);
	return ret;
}

/* ---- Engines ---------------------------------------------------------- */

static int hda_allocate_capture_dma_engine(void *context, u8 codec_address,
					   const struct wdm_hdaudio_stream_format *format,
					   struct wdm_hda_engine **handle,
					   u16 *converter_format)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct hda_wdm_ctrl *c = bus->c;
	struct wdm_hda_engine *e = NULL;
	u32 bits, fifo;
	unsigned int i;
	u16 fmt;
	int ret;

	if (!handle || !converter_format || codec_address >= HDA_MAX_CODECS ||
	    !(c->codec_mask & BIT(codec_address)))
		return -EINVAL;
	ret = wdm_hdaudio_converter_format(format, &fmt);
	if (ret)
		return ret;
	bits = hda_link_bits(format);

	guard(mutex)(&bus->lock);
	if (bus->sdi_bits[codec_address] + bits >
	    HDA_SDI_BITS_PER_FRAME - HDA_SDI_RESPONSE_BITS) {
		dev_dbg(c->dev, "SDI%u: %u + %u bits per frame exceed the link\n",
			codec_address, bus->sdi_bits[codec_address], bits);
		return -ENOMEM;
	}
	for (i = 0; i < HDA_SD_MAX; i++) {
		if (bus->engines[i].capture && !bus->engines[i].owner) {
			e = &bus->engines[i];
			break;
		}
	}
	if (!e)
		return -ENOMEM;

	ret = hda_wdm_stream_reset(c, e->hw);
	if (ret)
		return ret;
	fifo = hda_wdm_stream_set_format(c, e->hw, fmt);
	if (fifo && fifo < hda_block_bytes(format)) {
		dev_dbg(c->dev, "SD%u: FIFO of %u bytes cannot hold a %u-byte block\n",
			e->hw->index, fifo, hda_block_bytes(format));
		return -ENOBUFS;
	}
	e->owner = ctx;
	e->state = WDM_HDA_STATE_RESET;
	e->codec_addr = codec_address;
	e->link_bits = bits;
	e->fifo_size = fifo;
	e->block_bytes = hda_block_bytes(format);
	e->hw->fmt = fmt;
	e->buf = HDA_BUF_NONE;
	e->ready = false;
	e->ioc = 0;
	e->fifoe = 0;
	e->dese = 0;
	e->notifications = 0;
	bus->sdi_bits[codec_address] += bits;
	*handle = e;
	*converter_format = fmt;
	return 0;
}

static int hda_allocate_render_dma_engine(void *context,
					  const struct wdm_hdaudio_stream_format *format,
					  bool stripe, struct wdm_hda_engine **handle,
					  u16 *converter_format)
{
	return -EOPNOTSUPP;
}

static int hda_change_bandwidth_allocation(void *context,
					   struct wdm_hda_engine *handle,
					   const struct wdm_hdaudio_stream_format *format,
					   u16 *converter_format)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;
	u32 bits, fifo, others;
	u16 fmt;
	int ret;

	guard(mutex)(&bus->lock);
	e = hda_engine(ctx, handle);
	if (!e)
		return -EBADF;
	if (e->state != WDM_HDA_STATE_RESET || e->buf != HDA_BUF_NONE)
		return -EBADFD;
	if (!converter_format)
		return -EINVAL;
	ret = wdm_hdaudio_converter_format(format, &fmt);
	if (ret)
		return ret;
	bits = hda_link_bits(format);
	others = bus->sdi_bits[e->codec_addr] - e->link_bits;
	if (others + bits > HDA_SDI_BITS_PER_FRAME - HDA_SDI_RESPONSE_BITS)
		return -ENOMEM;
	fifo = hda_wdm_stream_set_format(bus->c, e->hw, fmt);
	if (fifo && fifo < hda_block_bytes(format)) {
		hda_wdm_stream_set_format(bus->c, e->hw, e->hw->fmt);
		return -ENOBUFS;
	}
	bus->sdi_bits[e->codec_addr] = others + bits;
	e->link_bits = bits;
	e->fifo_size = fifo;
	e->block_bytes = hda_block_bytes(format);
	e->hw->fmt = fmt;
	*converter_format = fmt;
	return 0;
}

/* Engine quiet and its buffers gone; called with bus->lock held. */
static void hda_engine_drop_buffer(struct hda_wdm_bus *bus,
				   struct wdm_hda_engine *e)
	__must_hold(&bus->lock)
{
	struct wdm_dma_adapter *dma = bus->c->dma;

	lockdep_assert_held(&bus->lock);
	hda_wdm_stream_unprogram(bus->c, e->hw);
	synchronize_irq(bus->c->irq);
	if (e->mdl)
		wdm_free_mdl(e->mdl);
	if (e->bdl)
		dma->ops->free_common_buffer(dma, HDA_BDL_BYTES, e->bdl_dma,
					     e->bdl, false);
	if (e->data)
		dma->ops->free_common_buffer(dma, e->data_size, e->data_dma,
					     e->data, false);
	e->mdl = NULL;
	e->bdl = NULL;
	e->data = NULL;
	e->data_size = 0;
	e->buf = HDA_BUF_NONE;
	e->ready = false;
	e->isr = NULL;
	e->isr_ctx = NULL;
}

static int hda_engine_alloc_memory(struct hda_wdm_bus *bus,
				   struct wdm_hda_engine *e, u32 size)
{
	struct wdm_dma_adapter *dma = bus->c->dma;

	e->data = dma->ops->allocate_common_buffer(dma, size, &e->data_dma, false);
	if (!e->data)
		return -ENOMEM;
	e->data_size = size;
	e->bdl = dma->ops->allocate_common_buffer(dma, HDA_BDL_BYTES, &e->bdl_dma,
						  false);
	if (!e->bdl)
		return -ENOMEM;
	memset(e->bdl, 0, HDA_BDL_BYTES);
	memset(e->data, 0, size);
	return 0;
}

static void hda_bdle_set(struct wdm_hda_engine *e, unsigned int i, u32 off,
			 u32 len, bool ioc)
{
	e->bdl[i].address = cpu_to_le64(e->data_dma + off);
	e->bdl[i].length = cpu_to_le32(len);
	e->bdl[i].flags = cpu_to_le32(ioc ? WDM_HDA_BDLE_IOC : 0);
}

/* AllocateDmaBuffer and ...WithNotification: the bus builds the BDL. */
static int hda_alloc_bus_buffer(struct hda_bus_ctx *ctx,
				struct wdm_hda_engine *handle,
				enum hda_buf_kind kind, u32 count,
				size_t requested, struct wdm_mdl **mdl,
				size_t *allocated, u8 *stream_id, u32 *fifo_size)
{
	struct hda_wdm_bus *bus = ctx->bus;
	struct hda_wdm_ctrl *c = bus->c;
	struct wdm_hda_engine *e;
	u32 unit, size, mid;
	int ret;

	guard(mutex)(&bus->lock);
	e = hda_engine(ctx, handle);
	if (!e)
		return -EBADF;
	if (!mdl || !allocated || !stream_id || !fifo_size)
		return -EINVAL;
	if (e->state != WDM_HDA_STATE_RESET || e->buf != HDA_BUF_NONE)
		return -EBADFD;

	/* whole sample blocks in 128-byte aligned halves */
	unit = lcm(2 * WDM_HDA_BDL_ALIGN, 2 * e->block_bytes);
	size = min_t(size_t, requested, WDM_HDA_MAX_BUFFER);
	size = max(rounddown(size, unit), unit);

	ret = hda_engine_alloc_memory(bus, e, size);
	if (!ret) {
		e->mdl = wdm_allocate_mdl(e->data, size, GFP_KERNEL);
		if (!e->mdl)
			ret = -ENOMEM;
	}
	if (ret) {
		dev_err(c->dev, "SD%u: no memory for a %u-byte buffer\n",
			e->hw->index, size);
		hda_engine_drop_buffer(bus, e);
		return ret;
	}
	mid = size / 2;		/* a multiple of 128 and of the block size */
	hda_bdle_set(e, 0, 0, mid, count == 2);
	hda_bdle_set(e, 1, mid, size - mid, count >= 1);
	e->hw->bdl_dma = e->bdl_dma;
	e->hw->cbl = size;
	e->hw->lvi = 1;
	e->hw->tag = e->hw->index + 1;

	ret = hda_wdm_stream_reset(c, e->hw);
	if (ret) {
		hda_engine_drop_buffer(bus, e);
		return ret;
	}
	hda_wdm_stream_program(c, e->hw);
	e->buf = kind;
	e->notify_count = count;
	e->ready = true;
	*mdl = e->mdl;
	*allocated = size;
	*stream_id = e->hw->tag;
	*fifo_size = e->fifo_size;
	return 0;
}

static int hda_allocate_dma_buffer(void *context, struct wdm_hda_engine *handle,
				   size_t requested_size, struct wdm_mdl **mdl,
				   size_t *allocated_size, u8 *stream_id,
				   u32 *fifo_size)
{
	return hda_alloc_bus_buffer(context, handle, HDA_BUF_PLAIN, 0,
				    requested_size, mdl, allocated_size,
				    stream_id, fifo_size);
}

static int hda_allocate_dma_buffer_with_notification(void *context,
						     struct wdm_hda_engine *handle,
						     u32 notification_count,
						     size_t requested_size,
						     struct wdm_mdl **mdl,
						     size_t *allocated_size,
						     size_t *offset_from_first_page,
						     u8 *stream_id, u32 *fifo_size)
{
	int ret;

	if (notification_count != 1 && notification_count != 2)
		return -EINVAL;
	if (!offset_from_first_page)
		return -EINVAL;
	ret = hda_alloc_bus_buffer(context, handle, HDA_BUF_NOTIFY,
				   notification_count, requested_size, mdl,
				   allocated_size, stream_id, fifo_size);
	if (!ret)
		*offset_from_first_page = 0;	/* buffers start on a page */
	return ret;
}

/* Frees a buffer of @kind; a notification buffer must match @mdl and @size. */
static int hda_free_buffer_kind(struct hda_bus_ctx *ctx,
				struct wdm_hda_engine *handle,
				enum hda_buf_kind kind, struct wdm_mdl *mdl,
				size_t size)
{
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;

	guard(mutex)(&bus->lock);
	e = hda_engine(ctx, handle);
	if (!e)
		return -EBADF;
	if (e->state != WDM_HDA_STATE_RESET || e->buf != kind)
		return -EBADFD;
	if (kind == HDA_BUF_NOTIFY && (mdl != e->mdl || size != e->data_size))
		return -EINVAL;
	hda_engine_drop_buffer(bus, e);
	return 0;
}

static int hda_free_dma_buffer(void *context, struct wdm_hda_engine *handle)
{
	return hda_free_buffer_kind(context, handle, HDA_BUF_PLAIN, NULL, 0);
}

static int hda_free_dma_buffer_with_notification(void *context,
						 struct wdm_hda_engine *handle,
						 struct wdm_mdl *mdl,
						 size_t buffer_size)
{
	return hda_free_buffer_kind(context, handle, HDA_BUF_NOTIFY, mdl,
				    buffer_size);
}

static int hda_free_contiguous_dma_buffer(void *context,
					  struct wdm_hda_engine *handle)
{
	return hda_free_buffer_kind(context, handle, HDA_BUF_CONTIG, NULL, 0);
}

static int hda_allocate_contiguous_dma_buffer(void *context,
					      struct wdm_hda_engine *handle,
					      u32 requested_size,
					      void **data_buffer,
					      dma_addr_t *data_logical,
					      struct wdm_hdaudio_bdl_entry **bdl)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;
	int ret;

	guard(mutex)(&bus->lock);
	e = hda_engine(ctx, handle);
	if (!e)
		return -EBADF;
	if (!data_buffer || !data_logical || !bdl || !requested_size ||
	    requested_size > WDM_HDA_MAX_BUFFER)
		return -EINVAL;
	if (e->state != WDM_HDA_STATE_RESET || e->buf != HDA_BUF_NONE)
		return -EBADFD;
	ret = hda_engine_alloc_memory(bus, e, requested_size);
	if (ret) {
		hda_engine_drop_buffer(bus, e);
		return ret;
	}
	e->buf = HDA_BUF_CONTIG;
	e->ready = false;
	*data_buffer = e->data;
	*data_logical = e->data_dma;
	*bdl = e->bdl;
	return 0;
}

static int hda_setup_dma_engine_with_bdl(void *context,
					 struct wdm_hda_engine *handle,
					 u32 buffer_length, u32 lvi,
					 wdm_hdaudio_bdl_isr_t isr,
					 void *isr_context, u8 *stream_id,
					 u32 *fifo_size)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;
	u64 sum = 0;
	unsigned int i;
	int ret;

	guard(mutex)(&bus->lock);
	e = hda_engine(ctx, handle);
	if (!e)
		return -EBADF;
	if (e->state != WDM_HDA_STATE_RESET || e->buf != HDA_BUF_CONTIG)
		return -EBADFD;
	if (lvi < 1 || lvi >= WDM_HDA_BDL_MAX_ENTRIES || !isr || !stream_id ||
	    !fifo_size)
		return -EINVAL;
	/* every fragment 128-byte aligned, inside the buffer, adding up */
	for (i = 0; i <= lvi; i++) {
		u64 addr = le64_to_cpu(e->bdl[i].address);
		u32 len = le32_to_cpu(e->bdl[i].length);

		if (!len || addr % WDM_HDA_BDL_ALIGN || addr < e->data_dma ||
		    addr + len > (u64)e->data_dma + e->data_size)
			return -EINVAL;
		sum += len;
	}
	if (sum != buffer_length)
		return -EINVAL;

	e->hw->bdl_dma = e->bdl_dma;
	e->hw->cbl = buffer_length;
	e->hw->lvi = lvi;
	e->hw->tag = e->hw->index + 1;
	ret = hda_wdm_stream_reset(bus->c, e->hw);
	if (ret)
		return ret;
	spin_lock_irq(&bus->state_lock);
	e->isr = isr;
	e->isr_ctx = isr_context;
	spin_unlock_irq(&bus->state_lock);
	hda_wdm_stream_program(bus->c, e->hw);
	e->ready = true;
	*stream_id = e->hw->tag;
	*fifo_size = e->fifo_size;
	return 0;
}

static int hda_free_dma_engine(void *context, struct wdm_hda_engine *handle)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;

	guard(mutex)(&bus->lock);
	e = hda_engine(ctx, handle);
	if (!e)
		return -EBADF;
	if (e->state != WDM_HDA_STATE_RESET || e->buf != HDA_BUF_NONE)
		return -EBADFD;
	bus->sdi_bits[e->codec_addr] -= e->link_bits;
	memset(e->events, 0, sizeof(e->events));
	e->link_bits = 0;
	e->owner = NULL;
	return 0;
}

static bool hda_transition_ok(enum wdm_hdaudio_stream_state from,
			      enum wdm_hdaudio_stream_state to)
{
	if (from == to)
		return true;
	return from == WDM_HDA_STATE_STOP || to == WDM_HDA_STATE_STOP;
}

static int hda_set_dma_engine_state(void *context,
				    enum wdm_hdaudio_stream_state state,
				    u32 count, struct wdm_hda_engine **handles)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	unsigned long run = 0, stop = 0, reset = 0, flags;
	struct wdm_hda_engine *e;
	unsigned int i;
	int ret = 0;

	if (!count || count > HDA_SD_MAX || !handles ||
	    (state != WDM_HDA_STATE_RESET && state != WDM_HDA_STATE_STOP &&
	     state != WDM_HDA_STATE_RUN))
		return -EINVAL;

	spin_lock_irqsave(&bus->state_lock, flags);
	for (i = 0; i < count; i++) {
		e = hda_engine(ctx, handles[i]);
		if (!e) {
			ret = -EBADF;
			goto out;
		}
		if (!e->ready || !hda_transition_ok(e->state, state)) {
			ret = -EBADFD;
			goto out;
		}
		if (e->state == state)
			continue;
		if (state == WDM_HDA_STATE_RUN)
			run |= BIT(e->hw->index);
		else if (state == WDM_HDA_STATE_RESET)
			reset |= BIT(e->hw->index);
		else if (e->state == WDM_HDA_STATE_RUN)
			stop |= BIT(e->hw->index);
	}
	if (run)
		ret = hda_wdm_streams_run(bus->c, run, true);
	if (stop)
		ret = hda_wdm_streams_run(bus->c, stop, false);
	for_each_set_bit(i, &reset, HDA_SD_MAX) {
		e = &bus->engines[i];
		/* SRST clears the position; the engine is reprogrammed */
		if (hda_wdm_stream_reset(bus->c, e->hw))
			ret = -ETIMEDOUT;
		else
			hda_wdm_stream_program(bus->c, e->hw);
	}
	for (i = 0; i < count && !ret; i++)
		handles[i]->state = state;
out:
	spin_unlock_irqrestore(&bus->state_lock, flags);
	return ret;
}

static int hda_register_notification_event(void *context,
					   struct wdm_hda_engine *handle,
					   struct completion *event)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;
	unsigned long flags;
	unsigned int i, slot = HDA_BUS_EVENTS;
	int ret = 0;

	if (!event)
		return -EINVAL;
	spin_lock_irqsave(&bus->state_lock, flags);
	e = hda_engine(ctx, handle);
	if (!e) {
		ret = -EBADF;
		goto out;
	}
	for (i = 0; i < HDA_BUS_EVENTS; i++) {
		if (e->events[i] == event) {
			ret = -EINVAL;
			goto out;
		}
		if (!e->events[i] && slot == HDA_BUS_EVENTS)
			slot = i;
	}
	if (slot == HDA_BUS_EVENTS)
		ret = -ENOMEM;
	else
		e->events[slot] = event;
out:
	spin_unlock_irqrestore(&bus->state_lock, flags);
	return ret;
}

static int hda_unregister_notification_event(void *context,
					     struct wdm_hda_engine *handle,
					     struct completion *event)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hda_engine *e;
	unsigned long flags;
	unsigned int i;
	int ret = -EINVAL;

	spin_lock_irqsave(&bus->state_lock, flags);
	e = hda_engine(ctx, handle);
	if (!e) {
		ret = -EBADF;
	} else {
		for (i = 0; i < HDA_BUS_EVENTS; i++) {
			if (event && e->events[i] == event) {
				e->events[i] = NULL;
				ret = 0;
				break;
			}
		}
	}
	spin_unlock_irqrestore(&bus->state_lock, flags);
	return ret;
}

/**
 * hda_wdm_bus_stream_irq() - a stream's status, for its engine
 * @c: controller
 * @s: the stream that interrupted
 * @sts: its BCIS / FIFOE / DESE bits, already acknowledged
 *
 * Counts, completes notification events and calls a BDL client's ISR.
 *
 * Context: hard interrupt.
 */
void hda_wdm_bus_stream_irq(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
			    u8 sts)
{
	struct hda_wdm_bus *bus = c->bus;
	struct wdm_hda_engine *e = &bus->engines[s->index];
	wdm_hdaudio_bdl_isr_t isr;
	unsigned int i;
	void *isr_ctx;

	spin_lock(&bus->state_lock);
	if (sts & HDA_SD_STS_BCIS) {
		e->ioc++;
		/* test only: QEMU never raises FIFOE; clients must see one */
		if ((c->inject & HDA_WDM_INJECT_FIFOE) && e->ioc == 4)
			sts |= HDA_SD_STS_FIFOE;
		if (e->buf == HDA_BUF_NOTIFY) {
			e->notifications++;
			for (i = 0; i < HDA_BUS_EVENTS; i++)
				if (e->events[i])
					complete(e->events[i]);
		}
	}
	if (sts & HDA_SD_STS_FIFOE)
		e->fifoe++;
	if (sts & HDA_SD_STS_DESE)
		e->dese++;
	isr = e->isr;
	isr_ctx = e->isr_ctx;
	spin_unlock(&bus->state_lock);

	if (isr)
		isr(isr_ctx, sts);
	if (sts & (HDA_SD_STS_FIFOE | HDA_SD_STS_DESE))
		dev_warn_ratelimited(c->dev, "SD%u:%s%s\n", s->index,
				     (sts & HDA_SD_STS_FIFOE) ? " FIFO error" : "",
				     (sts & HDA_SD_STS_DESE) ? " descriptor error" : "");
}

/* ---- Registers and information ----------------------------------------- */

static void hda_get_wall_clock_register(void *context,
					const u32 __iomem **wall_clock)
{
	struct hda_bus_ctx *ctx = context;

	*wall_clock = (const u32 __iomem *)(ctx_ctrl(ctx)->base + HDA_WALCLK);
}

static int hda_get_link_position_register(void *context,
					  struct wdm_hda_engine *handle,
					  const u32 __iomem **position)
{
	struct hda_bus_ctx *ctx = context;
	struct wdm_hda_engine *e = hda_engine(ctx, handle);

	if (!e)
		return -EBADF;
	if (!position)
		return -EINVAL;
	*position = (const u32 __iomem *)(e->hw->sd_addr + HDA_SD_LPIB);
	return 0;
}

static int hda_get_device_information(void *context,
				      struct wdm_hdaudio_device_information *info)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_ctrl *c = ctx_ctrl(ctx);

	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->device_version = c->vmaj << 8 | c->vmin;
	info->driver_version = HDA_DRIVER_VERSION;
	info->codec_count = hweight_long(c->codec_mask);
	info->codec_mask = c->codec_mask;
	info->is_stripe_supported = c->n_sdo > 1;
	info->input_engines = c->n_in;
	info->output_engines = c->n_out;
	info->bidir_engines = c->n_bidir;
	info->pci_vendor = c->pci_vendor;
	info->pci_device = c->pci_device;
	return 0;
}

static void hda_get_resource_information(void *context, u8 *codec_address,
					 u8 *function_group_start_node)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_codec *codec = ctx_ctrl(ctx)->codecs[ctx->addr];

	if (codec_address)
		*codec_address = ctx->addr;
	if (function_group_start_node)
		*function_group_start_node = codec ? codec->afg : 0;
}

/**
 * wdm_hdaudio_codec_capture_paths() - capture paths the bus found
 * @context: the interface's context
 *
 * The codec helpers are not part of the Windows interface: they spare each
 * client a codec parser of its own. Path 0 is the first input converter's
 * first reachable input pin.
 *
 * Return: the number of capture paths of this codec.
 */
unsigned int wdm_hdaudio_codec_capture_paths(void *context)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_codec *codec = ctx_ctrl(ctx)->codecs[ctx->addr];

	return codec ? codec->npaths : 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_capture_paths);

/**
 * wdm_hdaudio_codec_capture_path() - describe one capture path
 * @context: the interface's context
 * @path: path index, below wdm_hdaudio_codec_capture_paths()
 * @info: filled in
 *
 * What a function driver needs to offer the path: the converter's formats
 * and channels, the pin (its configuration default names the jack), the
 * input amplifier nearest the converter and the selector that picks this
 * path among the converter's others.
 *
 * Return: 0 or -EINVAL for a bad path or a NULL @info.
 */
int wdm_hdaudio_codec_capture_path(void *context, unsigned int path,
				   struct wdm_hdaudio_capture_path *info)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_codec *codec = ctx_ctrl(ctx)->codecs[ctx->addr];
	const struct hda_capture_path *p;
	const struct hda_widget *w;
	unsigned int i;

	if (!codec || path >= codec->npaths || !info)
		return -EINVAL;
	p = &codec->paths[path];
	memset(info, 0, sizeof(*info));
	w = hda_wdm_codec_widget(codec, p->nid[0]);
	if (!w)
		return -EINVAL;
	info->converter = w->nid;
	info->converter_caps = w->caps;
	info->pcm = w->pcm;
	info->channels = (FIELD_GET(HDA_WCAP_CHAN_EXT, w->caps) << 1 |
			  (w->caps & HDA_WCAP_STEREO)) + 1;
	w = hda_wdm_codec_widget(codec, p->nid[p->len - 1]);
	if (w) {
		info->pin = w->nid;
		info->pin_config = w->config;
	}
	for (i = 0; i + 1 < p->len; i++) {
		w = hda_wdm_codec_widget(codec, p->nid[i]);
		if (!w)
			continue;
		if (!info->amp_node && (w->caps & HDA_WCAP_IN_AMP)) {
			info->amp_node = w->nid;
			info->amp_index = w->type == HDA_WID_AUD_MIX ? p->idx[i] : 0;
			info->amp_caps = w->amp_in_cap;
		}
		if (!info->select_node && w->nconn > 1 &&
		    w->type != HDA_WID_AUD_MIX) {
			info->select_node = w->nid;
			info->select_index = p->idx[i];
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_capture_path);

/**
 * wdm_hdaudio_bus_device() - the controller behind an interface
 * @context: the interface's context
 *
 * Not part of the Windows interface: a Linux function driver needs the
 * device to parent what it creates (an ALSA card per controller), and to
 * tell which of its codecs share a controller.
 *
 * Return: the controller's device (a PCI device), valid until the client's
 * remove() for this context returns.
 */
struct device *wdm_hdaudio_bus_device(void *context)
{
	struct hda_bus_ctx *ctx = context;

	return ctx_ctrl(ctx)->dev;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_bus_device);

/**
 * wdm_hdaudio_codec_capture_setup() - program or release a capture path
 * @context: the interface's context
 * @path: path index, below wdm_hdaudio_codec_capture_paths()
 * @stream_id: the engine's stream ID; 0 detaches the converter
 * @converter_format: the engine's converter format
 *
 * Sends the verbs through TransferCodecVerbs: nodes to D0, pin input on,
 * selectors along the path, amps unmuted at 0 dB, converter stream and
 * format.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a bad path, or the transfer's error.
 */
int wdm_hdaudio_codec_capture_setup(void *context, unsigned int path,
				    u8 stream_id, u16 converter_format)
{
	struct hda_bus_ctx *ctx = context;
	struct hda_wdm_codec *codec = ctx_ctrl(ctx)->codecs[ctx->addr];
	struct wdm_hdaudio_codec_transfer *t;
	u32 verbs[HDA_CODEC_SETUP_VERBS];
	unsigned int i, n;
	int ret;

	if (!codec || path >= codec->npaths || stream_id > 15)
		return -EINVAL;
	if (stream_id)
		n = hda_wdm_codec_capture_setup(codec, &codec->paths[path],
						stream_id, converter_format,
						verbs);
	else
		n = hda_wdm_codec_capture_teardown(codec, &codec->paths[path],
						   verbs);
	t = kcalloc(n, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		t[i].output = verbs[i];
	ret = hda_transfer_sync(ctx, n, t);
	kfree(t);
	return ret;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_capture_setup);

/**
 * hda_wdm_bus_init_iface() - fill the interface of a codec context
 * @ctx: context with @bus and @addr set
 */
void hda_wdm_bus_init_iface(struct hda_bus_ctx *ctx)
{
	struct wdm_hdaudio_bus_interface *i = &ctx->iface;

	i->size = sizeof(*i);
	i->version = 0x0103;
	i->context = ctx;
	i->transfer_codec_verbs = hda_transfer_codec_verbs;
	i->allocate_capture_dma_engine = hda_allocate_capture_dma_engine;
	i->allocate_render_dma_engine = hda_allocate_render_dma_engine;
	i->change_bandwidth_allocation = hda_change_bandwidth_allocation;
	i->allocate_dma_buffer = hda_allocate_dma_buffer;
	i->free_dma_buffer = hda_free_dma_buffer;
	i->free_dma_engine = hda_free_dma_engine;
	i->set_dma_engine_state = hda_set_dma_engine_state;
	i->get_wall_clock_register = hda_get_wall_clock_register;
	i->get_link_position_register = hda_get_link_position_register;
	i->register_event_callback = hda_register_event_callback;
	i->unregister_event_callback = hda_unregister_event_callback;
	i->get_device_information = hda_get_device_information;
	i->get_resource_information = hda_get_resource_information;
	i->allocate_dma_buffer_with_notification =
		hda_allocate_dma_buffer_with_notification;
	i->free_dma_buffer_with_notification =
		hda_free_dma_buffer_with_notification;
	i->register_notification_event = hda_register_notification_event;
	i->unregister_notification_event = hda_unregister_notification_event;
	i->allocate_contiguous_dma_buffer = hda_allocate_contiguous_dma_buffer;
	i->setup_dma_engine_with_bdl = hda_setup_dma_engine_with_bdl;
	i->free_contiguous_dma_buffer = hda_free_contiguous_dma_buffer;
}

/**
 * hda_wdm_bus_release_ctx() - take back what a departing client left
 * @ctx: the context whose client has been removed
 *
 * Context: process context, may sleep.
 */
void hda_wdm_bus_release_ctx(struct hda_bus_ctx *ctx)
{
	struct hda_wdm_bus *bus = ctx->bus;
	unsigned int i, left = 0;

	flush_workqueue(bus->wq);
	for (i = 0; i < HDA_BUS_TAGS; i++) {
		if (bus->callbacks[i].owner == ctx) {
			hda_unregister_event_callback(ctx, i);
			left++;
		}
	}
	for (i = 0; i < HDA_SD_MAX; i++) {
		struct wdm_hda_engine *e = &bus->engines[i];

		if (e->owner != ctx)
			continue;
		left++;
		if (e->state == WDM_HDA_STATE_RUN)
			hda_set_dma_engine_state(ctx, WDM_HDA_STATE_STOP, 1, &e);
		if (e->state == WDM_HDA_STATE_STOP)
			hda_set_dma_engine_state(ctx, WDM_HDA_STATE_RESET, 1, &e);
		e->state = WDM_HDA_STATE_RESET;
		scoped_guard(mutex, &bus->lock)
			if (e->buf != HDA_BUF_NONE)
				hda_engine_drop_buffer(bus, e);
		hda_free_dma_engine(ctx, e);
		/* converters still sending on its stream would feed the next */
		hda_wdm_codecs_detach_stream(bus->c, e->hw->index + 1);
	}
	if (left)
		dev_warn(bus->c->dev, "client %s left %u engines or callbacks on codec %u; released\n",
			 ctx->client->name, left, ctx->addr);
}

/**
 * hda_wdm_bus_init() - set up the bus interface of a controller
 * @c: controller with its verb transport running
 *
 * Context: process context, may sleep.
 * Return: 0 or -ENOMEM.
 */
int hda_wdm_bus_init(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_bus *bus;
	unsigned int i;

	bus = kzalloc(sizeof(*bus), GFP_KERNEL);
	if (!bus)
		return -ENOMEM;
	bus->c = c;
	mutex_init(&bus->lock);
	spin_lock_init(&bus->state_lock);
	INIT_LIST_HEAD(&bus->ctxs);
	for (i = 0; i < hda_num_streams(c); i++) {
		bus->engines[i].bus = bus;
		bus->engines[i].hw = &c->streams[i];
		/* input, or bidirectional; stream tags 1..15 */
		bus->engines[i].capture = (i < c->n_in || i >= c->n_in + c->n_out) &&
					  i + 1 <= 15;
	}
	bus->wq = alloc_ordered_workqueue("hda-wdm-verbs", 0);
	bus->posbuf = c->dma->ops->allocate_common_buffer(c->dma, HDA_POSBUF_BYTES,
							  &bus->posbuf_dma, false);
	if (!bus->wq || !bus->posbuf) {
		dev_err(c->dev, "no memory for the bus interface\n");
		if (bus->posbuf)
			c->dma->ops->free_common_buffer(c->dma, HDA_POSBUF_BYTES,
							bus->posbuf_dma,
							bus->posbuf, false);
		if (bus->wq)
			destroy_workqueue(bus->wq);
		kfree(bus);
		return -ENOMEM;
	}
	memset(bus->posbuf, 0, HDA_POSBUF_BYTES);
	c->bus = bus;
	hda_wl(c, HDA_DPUBASE, upper_32_bits(bus->posbuf_dma));
	hda_wl(c, HDA_DPLBASE, lower_32_bits(bus->posbuf_dma) | HDA_DPLBASE_ENABLE);
	hda_wdm_cmd_set_unsol_handler(c, hda_bus_unsol);
	return 0;
}

/**
 * hda_wdm_bus_exit() - tear the bus interface down (no client left)
 * @c: controller
 *
 * Context: process context, may sleep.
 */
void hda_wdm_bus_exit(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_bus *bus = c->bus;

	if (!bus)
		return;
	hda_wdm_cmd_set_unsol_handler(c, NULL);
	hda_wl(c, HDA_DPLBASE, 0);
	hda_wl(c, HDA_DPUBASE, 0);
	destroy_workqueue(bus->wq);
	c->dma->ops->free_common_buffer(c->dma, HDA_POSBUF_BYTES, bus->posbuf_dma,
					bus->posbuf, false);
	kfree(bus);
	c->bus = NULL;
}

static const char *const hda_state_names[] = { "reset", "stop", "run" };

/**
 * hda_wdm_bus_show_engines() - debugfs view of every engine
 * @s: seq_file
 * @c: controller
 */
void hda_wdm_bus_show_engines(struct seq_file *s, struct hda_wdm_ctrl *c)
{
	struct hda_wdm_bus *bus = c->bus;
	unsigned int i;

	if (!bus)
		return;
	guard(mutex)(&bus->lock);
	for (i = 0; i < HDA_MAX_CODECS; i++)
		if (c->codec_mask & BIT(i))
			seq_printf(s, "sdi%u_bits_per_frame: %u of %u\n", i,
				   bus->sdi_bits[i],
				   HDA_SDI_BITS_PER_FRAME - HDA_SDI_RESPONSE_BITS);
	for (i = 0; i < hda_num_streams(c); i++) {
		struct wdm_hda_engine *e = &bus->engines[i];

		seq_printf(s, "engine %u: %s owner %s state %s", i,
			   e->capture ? "capture" : "render",
			   e->owner ? e->owner->client->name : "-",
			   hda_state_names[e->state]);
		if (e->owner)
			seq_printf(s, " codec %u fmt %#06x tag %u bdl_entries %u cbl %u lvi %u lpib %u posbuf %u fifo %u ioc %llu fifoe %llu dese %llu notifications %llu",
				   e->codec_addr, e->hw->fmt, e->hw->tag,
				   e->ready ? e->hw->lvi + 1 : 0, e->hw->cbl, e->hw->lvi,
				   hda_sd_rl(e->hw, HDA_SD_LPIB),
				   le32_to_cpu(bus->posbuf[i].lpib), e->fifo_size,
				   e->ioc, e->fifoe, e->dese, e->notifications);
		seq_puts(s, "\n");
	}
}
