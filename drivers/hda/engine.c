// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: DMA engines of the bus interface: allocation (capture on input
 * descriptors, render on output ones, either on bidirectional ones), FIFO
 * and link bandwidth accounting (per SDI line for capture, per SDO line
 * for render), states, notification events, and what a stream interrupt
 * means for its engine.
 *
 * Engine states (the interface's, not the hardware's):
 *
 *   Reset --(buffer)--> Reset --SetDmaEngineState--> Stop/Pause <--> Run
 *     ^                                                 |
 *     +----------------------SetDmaEngineState----------+
 *
 * Run <-> Reset directly is refused (-EBADFD), and so is any state change
 * of an engine without a buffer; buffers and formats change only in Reset.
 * Hardware sequences are stream.c's; buffers are buffer.c's.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>

#include <wdm/hdaudio.h>

#include "bus.h"
#include "codec.h"
#include "controller.h"
#include "pm.h"
#include "trace.h"

/* An engine's ISR gets the stream status bits as they were read. */
static_assert(WDM_HDA_ISR_BCIS == HDA_SD_STS_BCIS);
static_assert(WDM_HDA_ISR_FIFOE == HDA_SD_STS_FIFOE);
static_assert(WDM_HDA_ISR_DESE == HDA_SD_STS_DESE);

/**
 * hda_wdm_engine_lookup() - the engine behind a handle, if the call may use it
 * @ctx: the caller's context
 * @h: the handle
 * @phases: the phases the call is valid in, BIT(HDA_PHASE_*) each
 * @in_reset: the call is valid in Reset only
 *
 * The one check of every routine that takes a handle: the handle is an
 * engine of this bus that @ctx owns, in one of @phases and, if asked, in
 * Reset. What it checked holds while @state_lock is held, and, for a
 * phase below HDA_PHASE_PROGRAMMED, while the caller holds the bus's
 * mutex (struct wdm_hdaudio_engine).
 *
 * Context: @ctx->bus->state_lock held.
 * Return: the engine; ERR_PTR(-EBADF) for a handle @ctx does not own,
 * ERR_PTR(-EBADFD) for an engine in another phase or state.
 */
struct wdm_hdaudio_engine *hda_wdm_engine_lookup(struct hda_wdm_ctx *ctx,
						 struct wdm_hdaudio_engine *h,
						 unsigned int phases,
						 bool in_reset)
	__must_hold(&ctx->bus->state_lock)
{
	struct hda_wdm_bus *bus = ctx->bus;
	uintptr_t off;

	lockdep_assert_held(&bus->state_lock);
	if (!h || h < bus->engines || h >= bus->engines + HDA_SD_MAX)
		return ERR_PTR(-EBADF);
	off = (uintptr_t)h - (uintptr_t)bus->engines;
	if (off % sizeof(*h) || h->owner != ctx)
		return ERR_PTR(-EBADF);
	if (!(phases & BIT(h->phase)) ||
	    (in_reset && h->state != WDM_HDA_STATE_RESET))
		return ERR_PTR(-EBADFD);
	return h;
}

/**
 * hda_wdm_engine_set_phase() - move an engine to another phase
 * @e: the engine
 * @phase: its new phase
 *
 * Context: both of the bus's locks held.
 */
void hda_wdm_engine_set_phase(struct wdm_hdaudio_engine *e,
			      enum hda_wdm_phase phase)
{
	lockdep_assert_held(&e->bus->lock);
	lockdep_assert_held(&e->bus->state_lock);
	e->phase = phase;
}

/* An engine's state, read under the lock that guards it. */
static enum wdm_hdaudio_stream_state hda_engine_state(struct wdm_hdaudio_engine *e)
{
	enum wdm_hdaudio_stream_state state;
	unsigned long flags;

	spin_lock_irqsave(&e->bus->state_lock, flags);
	state = e->state;
	spin_unlock_irqrestore(&e->bus->state_lock, flags);
	return state;
}

/* Bits per frame a line can give streams: what commands and responses leave */
static u32 hda_line_budget(bool render)
{
	return render ? HDA_SDO_BITS_PER_FRAME - HDA_SDO_COMMAND_BITS :
			HDA_SDI_BITS_PER_FRAME - HDA_SDI_RESPONSE_BITS;
}

/*
 * Whether @bits per frame fit on every line of a stream in place of the
 * @old it holds there: the codec's SDI line for capture, SDO0 up to
 * @sdo_lines for render.
 */
static int hda_link_check(struct hda_wdm_bus *bus, bool render, u8 codec,
			  unsigned int sdo_lines, u32 bits, u32 old)
{
	unsigned int l, n = render ? sdo_lines : 1;
	u32 used;

	for (l = 0; l < n; l++) {
		used = (render ? bus->sdo_bits[l] : bus->sdi_bits[codec]) - old;
		if (used + bits > hda_line_budget(render)) {
			dev_dbg(bus->c->dev, "%s%u: %u + %u bits per frame exceed the link\n",
				render ? "SDO" : "SDI", render ? l : codec, used,
				bits);
			return -ENOMEM;
		}
	}
	return 0;
}

/* An engine's reservation on its lines becomes @bits per frame. */
static void hda_link_set(struct hda_wdm_bus *bus, struct wdm_hdaudio_engine *e,
			 u32 bits)
{
	unsigned int l;

	if (!e->render) {
		bus->sdi_bits[e->codec_addr] += bits - e->link_bits;
	} else {
		for (l = 0; l < e->sdo_lines; l++)
			bus->sdo_bits[l] += bits - e->link_bits;
	}
	e->link_bits = bits;
}

/* The allocation itself, under the bus's lock; the controller is awake. */
static int hda_engine_allocate_locked(struct hda_wdm_ctx *ctx, bool render,
				      u8 codec_address, unsigned int sdo_lines,
				      const struct wdm_hdaudio_stream_format *format,
				      u16 fmt, u32 bits,
				      struct wdm_hdaudio_engine **handle,
				      u16 *converter_format)
{
	struct hda_wdm_bus *bus = ctx->bus;
	struct hda_wdm_ctrl *c = bus->c;
	struct wdm_hdaudio_engine *e = NULL;
	unsigned int i;
	u32 fifo;
	int ret;

	guard(mutex)(&bus->lock);
	ret = hda_link_check(bus, render, codec_address, sdo_lines, bits, 0);
	if (ret)
		return ret;
	/* descriptor order: input, output, bidirectional */
	for (i = 0; i < HDA_SD_MAX; i++) {
		struct wdm_hdaudio_engine *t = &bus->engines[i];

		/* a stuck engine's DMA may still run: never again */
		if ((render ? t->can_render : t->can_capture) &&
		    t->phase == HDA_PHASE_FREE && !t->stuck) {
			e = t;
			break;
		}
	}
	if (!e) {
		dev_dbg(c->dev, "codec %u: every %s engine is in use\n",
			render ? ctx->addr : codec_address,
			render ? "render" : "capture");
		return -ENOMEM;
	}

	ret = hda_wdm_stream_reset(c, e->hw);
	if (ret)
		return ret;
	hda_wdm_stream_set_direction(c, e->hw, render, sdo_lines);
	fifo = hda_wdm_stream_set_format(c, e->hw, fmt);
	if (fifo && fifo < hda_wdm_block_bytes(format)) {
		dev_dbg(c->dev, "SD%u: FIFO of %u bytes cannot hold a %u-byte block\n",
			e->hw->index, fifo, hda_wdm_block_bytes(format));
		return -ENOBUFS;
	}
	e->render = render;
	e->codec_addr = render ? ctx->addr : codec_address;
	e->sdo_lines = render ? sdo_lines : 0;
	e->link_bits = 0;
	hda_link_set(bus, e, bits);
	e->fifo_size = fifo;
	e->block_bytes = hda_wdm_block_bytes(format);
	e->hw->fmt = fmt;
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e->ioc = 0;
		e->fifoe = 0;
		e->dese = 0;
		e->notifications = 0;
		e->state = WDM_HDA_STATE_RESET;
		e->owner = ctx;
		hda_wdm_engine_set_phase(e, HDA_PHASE_ALLOCATED);
	}
	if (render)
		dev_dbg(c->dev, "SD%u for render: format %#06x, %u bits per frame on %u SDO line(s), FIFO %u bytes\n",
			e->hw->index, fmt, bits, sdo_lines, fifo);
	else
		dev_dbg(c->dev, "SD%u for codec %u: format %#06x, %u bits per frame on SDI%u, FIFO %u bytes\n",
			e->hw->index, codec_address, fmt, bits, codec_address,
			fifo);
	*handle = e;
	*converter_format = fmt;
	return 0;
}

/*
 * AllocateCaptureDmaEngine and AllocateRenderDmaEngine: the first free
 * engine of the direction (input or output descriptors first, then the
 * bidirectional ones), the link bandwidth of its lines, the FIFO its
 * format gets.
 */
static int hda_engine_allocate(struct hda_wdm_ctx *ctx, bool render,
			       u8 codec_address, unsigned int sdo_lines,
			       const struct wdm_hdaudio_stream_format *format,
			       struct wdm_hdaudio_engine **handle,
			       u16 *converter_format)
{
	struct hda_wdm_ctrl *c = ctx->bus->c;
	u16 fmt;
	u32 bits;
	int ret;

	ret = wdm_hdaudio_converter_format(format, &fmt);
	if (ret)
		return ret;
	bits = hda_wdm_link_bits(format, render ? sdo_lines : 1);

	/* an allocated engine keeps the controller awake (pm.c) */
	ret = hda_wdm_pm_get(c);
	if (ret)
		return ret;
	ret = hda_engine_allocate_locked(ctx, render, codec_address, sdo_lines,
					 format, fmt, bits, handle,
					 converter_format);
	if (ret)
		hda_wdm_pm_put(c);
	return ret;
}

int hda_wdm_allocate_capture_dma_engine(void *context, u8 codec_address,
					const struct wdm_hdaudio_stream_format *format,
					struct wdm_hdaudio_engine **handle,
					u16 *converter_format)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_ctrl *c = ctx->bus->c;

	if (!handle || !converter_format || codec_address >= HDA_MAX_CODECS ||
	    !(c->codec_mask & BIT(codec_address)))
		return -EINVAL;
	return hda_engine_allocate(ctx, false, codec_address, 0, format, handle,
				   converter_format);
}

int hda_wdm_allocate_render_dma_engine(void *context,
				       const struct wdm_hdaudio_stream_format *format,
				       bool stripe, struct wdm_hdaudio_engine **handle,
				       u16 *converter_format)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_ctrl *c = ctx->bus->c;

	if (!handle || !converter_format)
		return -EINVAL;
	/* striping needs a second SDO line; the stream then uses them all */
	if (stripe && c->n_sdo != 2 && c->n_sdo != HDA_MAX_SDO) {
		dev_dbg(c->dev, "striping asked for, but the controller has %u SDO line(s)\n",
			c->n_sdo);
		return -EINVAL;
	}
	return hda_engine_allocate(ctx, true, 0, stripe ? c->n_sdo : 1, format,
				   handle, converter_format);
}

int hda_wdm_change_bandwidth_allocation(void *context,
					struct wdm_hdaudio_engine *handle,
					const struct wdm_hdaudio_stream_format *format,
					u16 *converter_format)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;
	u32 bits, fifo;
	u16 fmt;
	int ret;

	guard(mutex)(&bus->lock);
	scoped_guard(spinlock_irq, &bus->state_lock)
		e = hda_wdm_engine_lookup(ctx, handle, BIT(HDA_PHASE_ALLOCATED),
					  true);
	if (IS_ERR(e))
		return PTR_ERR(e);
	if (!converter_format)
		return -EINVAL;
	ret = wdm_hdaudio_converter_format(format, &fmt);
	if (ret)
		return ret;
	bits = hda_wdm_link_bits(format, e->render ? e->sdo_lines : 1);
	ret = hda_link_check(bus, e->render, e->codec_addr, e->sdo_lines, bits,
			     e->link_bits);
	if (ret)
		return ret;
	fifo = hda_wdm_stream_set_format(bus->c, e->hw, fmt);
	if (fifo && fifo < hda_wdm_block_bytes(format)) {
		hda_wdm_stream_set_format(bus->c, e->hw, e->hw->fmt);
		return -ENOBUFS;
	}
	hda_link_set(bus, e, bits);
	e->fifo_size = fifo;
	e->block_bytes = hda_wdm_block_bytes(format);
	e->hw->fmt = fmt;
	*converter_format = fmt;
	return 0;
}

/* Engine quiet and its buffers gone: back to the free ones. */
int hda_wdm_free_dma_engine(void *context, struct wdm_hdaudio_engine *handle)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;

	guard(mutex)(&bus->lock);
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e = hda_wdm_engine_lookup(ctx, handle, BIT(HDA_PHASE_ALLOCATED),
					  true);
		if (IS_ERR(e))
			return PTR_ERR(e);
		memset(e->events, 0, sizeof(e->events));
		e->owner = NULL;
		hda_wdm_engine_set_phase(e, HDA_PHASE_FREE);
	}
	hda_link_set(bus, e, 0);
	hda_wdm_pm_put(bus->c);
	return 0;
}

static bool hda_transition_ok(enum wdm_hdaudio_stream_state from,
			      enum wdm_hdaudio_stream_state to)
{
	if (from == to)
		return true;
	return from == WDM_HDA_STATE_STOP || to == WDM_HDA_STATE_STOP;
}

int hda_wdm_set_dma_engine_state(void *context,
				 enum wdm_hdaudio_stream_state state,
				 u32 count, struct wdm_hdaudio_engine **handles)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	unsigned long run = 0, stop = 0, reset = 0, flags;
	struct wdm_hdaudio_engine *e;
	unsigned int i;
	int ret = 0;

	if (!count || count > HDA_SD_MAX || !handles ||
	    (state != WDM_HDA_STATE_RESET && state != WDM_HDA_STATE_STOP &&
	     state != WDM_HDA_STATE_RUN))
		return -EINVAL;

	spin_lock_irqsave(&bus->state_lock, flags);
	for (i = 0; i < count; i++) {
		e = hda_wdm_engine_lookup(ctx, handles[i],
					  BIT(HDA_PHASE_PROGRAMMED), false);
		if (IS_ERR(e)) {
			ret = PTR_ERR(e);
			goto out;
		}
		if (!hda_transition_ok(e->state, state)) {
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

int hda_wdm_register_notification_event(void *context,
					struct wdm_hdaudio_engine *handle,
					struct completion *event)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;
	unsigned long flags;
	unsigned int i, slot = HDA_BUS_EVENTS;
	int ret = 0;

	if (!event)
		return -EINVAL;
	spin_lock_irqsave(&bus->state_lock, flags);
	e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_OWNED, false);
	if (IS_ERR(e)) {
		ret = PTR_ERR(e);
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

int hda_wdm_unregister_notification_event(void *context,
					  struct wdm_hdaudio_engine *handle,
					  struct completion *event)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;
	unsigned long flags;
	unsigned int i;
	int ret = -EINVAL;

	spin_lock_irqsave(&bus->state_lock, flags);
	e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_OWNED, false);
	if (IS_ERR(e)) {
		ret = PTR_ERR(e);
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
	struct wdm_hdaudio_engine *e = &bus->engines[s->index];
	wdm_hdaudio_bdl_isr_t isr;
	unsigned int i;
	void *isr_ctx;

	spin_lock(&bus->state_lock);
	if (sts & HDA_SD_STS_BCIS) {
		e->ioc++;
		/*
		 * test only: an interrupt latency longer than a short buffer
		 * lasts (the engine goes on writing meanwhile)
		 */
		if (hda_wdm_injected(c, HDA_WDM_INJECT_LATE_IOC)) {
			if (e->ioc == 4)
				e->held_until = ktime_add_ms(ktime_get(), 150);
			else if (ktime_before(ktime_get(), e->held_until))
				sts &= ~HDA_SD_STS_BCIS;
		}
	}
	if (sts & HDA_SD_STS_BCIS) {
		if (e->phase == HDA_PHASE_PROGRAMMED && e->buf == HDA_BUF_NOTIFY) {
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

	if (sts & (HDA_SD_STS_FIFOE | HDA_SD_STS_DESE))
		trace_hda_wdm_stream_error(c, s, sts);
	if (isr)
		isr(isr_ctx, sts);
	if (sts & (HDA_SD_STS_FIFOE | HDA_SD_STS_DESE))
		dev_warn_ratelimited(c->dev, "SD%u:%s%s\n", s->index,
				     (sts & HDA_SD_STS_FIFOE) ? " FIFO error" : "",
				     (sts & HDA_SD_STS_DESE) ? " descriptor error" : "");
}

/*
 * The stream descriptor of an engine @ctx owns, for a routine that hands
 * out where its position can be read (@out: the caller's output pointer);
 * an ERR_PTR as for the interface's routines, -EINVAL for no @out.
 */
static struct hda_wdm_stream *hda_position_stream(struct hda_wdm_ctx *ctx,
						  struct wdm_hdaudio_engine *handle,
						  const void *out)
{
	struct wdm_hdaudio_engine *e;

	scoped_guard(spinlock_irqsave, &ctx->bus->state_lock)
		e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_OWNED, false);
	if (IS_ERR(e))
		return ERR_CAST(e);
	if (!out)
		return ERR_PTR(-EINVAL);
	return e->hw;
}

int hda_wdm_get_link_position_register(void *context,
				       struct wdm_hdaudio_engine *handle,
				       const u32 __iomem **position)
{
	struct hda_wdm_stream *s = hda_position_stream(context, handle, position);

	if (IS_ERR(s))
		return PTR_ERR(s);
	*position = (const u32 __iomem *)(s->sd_addr + HDA_SD_LPIB);
	return 0;
}

/**
 * wdm_hdaudio_get_position_buffer() - an engine's entry in the DMA position
 *	buffer
 * @context: the interface's context
 * @handle: an engine of this context
 * @position: where the entry's address is stored
 *
 * Not a Windows routine. The controller writes each running stream's link
 * position (what GetLinkPositionRegister's register holds) into this
 * memory as it moves (Intel High Definition Audio specification, DMA
 * Position Lower Base Address): read it with le32_to_cpu(READ_ONCE()),
 * without the cost of a register read. Not every controller keeps it
 * right (some never write it, some lag), and it is not cleared by a
 * stream reset, so a caller checks it against the register before it
 * trusts it, as the ALSA client does at each period interrupt.
 *
 * Context: any.
 * Return: 0; -EBADF or -EBADFD as for the interface's routines, -EINVAL
 * for no @position.
 */
int wdm_hdaudio_get_position_buffer(void *context,
				    struct wdm_hdaudio_engine *handle,
				    const __le32 **position)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_stream *s = hda_position_stream(ctx, handle, position);

	if (IS_ERR(s))
		return PTR_ERR(s);
	*position = &ctx->bus->posbuf[s->index].lpib;
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_get_position_buffer);

/**
 * hda_wdm_engine_release() - take an engine back from a departing client
 * @ctx: the client's context
 * @e: an engine it owns
 *
 * Stops and resets it, frees its buffer, frees it, and puts converters
 * still sending on its stream tag back on stream 0.
 *
 * Context: process context, may sleep.
 */
void hda_wdm_engine_release(struct hda_wdm_ctx *ctx, struct wdm_hdaudio_engine *e)
{
	struct hda_wdm_bus *bus = ctx->bus;
	bool buffer;

	if (hda_engine_state(e) == WDM_HDA_STATE_RUN)
		hda_wdm_set_dma_engine_state(ctx, WDM_HDA_STATE_STOP, 1, &e);
	if (hda_engine_state(e) == WDM_HDA_STATE_STOP)
		hda_wdm_set_dma_engine_state(ctx, WDM_HDA_STATE_RESET, 1, &e);
	scoped_guard(mutex, &bus->lock) {
		scoped_guard(spinlock_irq, &bus->state_lock) {
			/* a stream that did not stop: the drop keeps its memory */
			e->state = WDM_HDA_STATE_RESET;
			buffer = e->phase != HDA_PHASE_ALLOCATED;
			hda_wdm_engine_set_phase(e, HDA_PHASE_ALLOCATED);
		}
		if (buffer)
			hda_wdm_engine_drop_buffer(bus, e);
	}
	hda_wdm_free_dma_engine(ctx, e);
	/* converters still on its stream would feed on or from the next */
	hda_wdm_codecs_detach_stream(bus->c, e->hw->index + 1);
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
	for (i = 0; i < min_t(unsigned int, c->n_sdo, HDA_MAX_SDO); i++)
		seq_printf(s, "sdo%u_bits_per_frame: %u of %u\n", i,
			   bus->sdo_bits[i], hda_line_budget(true));
	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		struct wdm_hdaudio_engine *e = &bus->engines[i];
		u64 ioc, fifoe, dese, notifications;
		enum wdm_hdaudio_stream_state state;
		const char *dir;

		scoped_guard(spinlock_irq, &bus->state_lock) {
			state = e->state;
			ioc = e->ioc;
			fifoe = e->fifoe;
			dese = e->dese;
			notifications = e->notifications;
		}
		if (e->owner)
			dir = e->render ? "render" : "capture";
		else
			dir = !e->can_render ? "capture" :
			      !e->can_capture ? "render" : "bidir";
		seq_printf(s, "engine %u: %s owner %s state %s", i, dir,
			   e->owner ? e->owner->client->name : "-",
			   hda_state_names[state]);
		if (e->stuck)
			seq_puts(s, " stuck");
		if (e->owner && e->render)
			seq_printf(s, " sdo_lines %u", e->sdo_lines);
		if (e->owner)
			seq_printf(s, " codec %u fmt %#06x tag %u bdl_entries %u cbl %u lvi %u lpib %u posbuf %u fifo %u ioc %llu fifoe %llu dese %llu notifications %llu",
				   e->codec_addr, e->hw->fmt, e->hw->tag,
				   e->phase == HDA_PHASE_PROGRAMMED ?
				   e->hw->lvi + 1 : 0, e->hw->cbl, e->hw->lvi,
				   hda_sd_rl(e->hw, HDA_SD_LPIB),
				   le32_to_cpu(bus->posbuf[i].lpib), e->fifo_size,
				   ioc, fifoe, dese, notifications);
		seq_puts(s, "\n");
	}
}
