// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the three buffer styles of the bus interface.
 *
 *   AllocateDmaBuffer                  the bus builds a two-entry BDL
 *   AllocateDmaBufferWithNotification  the same, IOC at 1 or 2 points
 *   AllocateContiguousDmaBuffer        the client fills the BDL, then
 *                                      SetupDmaEngineWithBdl checks it
 *
 * Every buffer and BDL is coherent memory from the controller's wdmdma
 * adapter; buffers change only in Reset.
 */

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/lcm.h>
#include <linux/minmax.h>
#include <linux/mm_types.h>

#include <wdm/dma.h>
#include <wdm/hdaudio.h>

#include "bus.h"
#include "controller.h"

#define HDA_BDL_BYTES		(WDM_HDA_BDL_MAX_ENTRIES * \
				 sizeof(struct wdm_hdaudio_bdl_entry))

/* An engine's buffer, BDL and MDL back to where they came from. */
static void hda_engine_free_memory(struct hda_wdm_bus *bus,
				   struct wdm_hdaudio_engine *e)
{
	struct wdm_dma_adapter *dma = bus->c->dma;

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
}

/**
 * hda_wdm_engine_drop_buffer() - unprogram an engine and free its buffer
 * @bus: the bus
 * @e: the engine, whatever its buffer style, already moved back to
 *	HDA_PHASE_ALLOCATED (so that no state change can reach it)
 *
 * An engine whose RUN bit does not read back 0 may still be moving data
 * to or from its buffer: the buffer, BDL and MDL are then kept, not freed,
 * and the engine is marked stuck, never handed out again, until the
 * controller is reset (hda_wdm_engines_free_kept()). Memory a device may
 * still write must not go back to the page allocator.
 *
 * Context: process context, may sleep; @bus->lock held.
 */
void hda_wdm_engine_drop_buffer(struct hda_wdm_bus *bus,
				struct wdm_hdaudio_engine *e)
	__must_hold(&bus->lock)
{
	lockdep_assert_held(&bus->lock);
	WARN_ON_ONCE(e->phase != HDA_PHASE_ALLOCATED);
	if (hda_wdm_stream_unprogram(bus->c, e->hw)) {
		dev_err(bus->c->dev, "SD%u: DMA still running: its buffers are kept until the controller is reset\n",
			e->hw->index);
		e->stuck = true;
	}
	synchronize_irq(bus->c->irq);
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e->isr = NULL;
		e->isr_ctx = NULL;
	}
	if (!e->stuck)
		hda_engine_free_memory(bus, e);
}

/**
 * hda_wdm_engines_stuck() - how many engines did not stop
 * @bus: the bus
 *
 * Context: process context; the engines are no longer in use (teardown).
 * Return: the number of engines hda_wdm_engine_drop_buffer() marked stuck.
 */
unsigned int hda_wdm_engines_stuck(struct hda_wdm_bus *bus)
{
	unsigned int i, n = 0;

	for (i = 0; i < HDA_SD_MAX; i++)
		n += bus->engines[i].stuck;
	return n;
}

/**
 * hda_wdm_engines_free_kept() - free the buffers of stuck engines
 * @bus: the bus, whose controller has been reset since (CRST read 0)
 *
 * Context: process context, may sleep.
 */
void hda_wdm_engines_free_kept(struct hda_wdm_bus *bus)
{
	unsigned int i;

	for (i = 0; i < HDA_SD_MAX; i++) {
		struct wdm_hdaudio_engine *e = &bus->engines[i];

		if (!e->stuck)
			continue;
		hda_engine_free_memory(bus, e);
		e->stuck = false;
		dev_info(bus->c->dev, "SD%u: buffers kept since its DMA did not stop freed after the controller reset\n",
			 i);
	}
}

/* The engine behind a handle if it holds a buffer of @kind, in Reset. */
static struct wdm_hdaudio_engine *hda_engine_with_buffer(struct hda_wdm_ctx *ctx,
							 struct wdm_hdaudio_engine *h,
							 enum hda_wdm_buf_kind kind)
	__must_hold(&ctx->bus->lock)
{
	struct wdm_hdaudio_engine *e;

	lockdep_assert_held(&ctx->bus->lock);
	spin_lock_irq(&ctx->bus->state_lock);
	e = hda_wdm_engine_lookup(ctx, h, HDA_PHASES_BUFFER, true);
	if (!IS_ERR(e) && e->buf != kind)
		e = ERR_PTR(-EBADFD);
	spin_unlock_irq(&ctx->bus->state_lock);
	return e;
}

static int hda_engine_alloc_memory(struct hda_wdm_bus *bus,
				   struct wdm_hdaudio_engine *e, u32 size)
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

static void hda_bdle_set(struct wdm_hdaudio_engine *e, unsigned int i, u32 off,
			 u32 len, bool ioc)
{
	e->bdl[i].address = cpu_to_le64(e->data_dma + off);
	e->bdl[i].length = cpu_to_le32(len);
	e->bdl[i].flags = cpu_to_le32(ioc ? WDM_HDA_BDLE_IOC : 0);
}

/* AllocateDmaBuffer and ...WithNotification: the bus builds the BDL. */
static int hda_alloc_bus_buffer(struct hda_wdm_ctx *ctx,
				struct wdm_hdaudio_engine *handle,
				enum hda_wdm_buf_kind kind, u32 count,
				size_t requested, struct wdm_mdl **mdl,
				size_t *allocated, u8 *stream_id, u32 *fifo_size)
{
	struct hda_wdm_bus *bus = ctx->bus;
	struct hda_wdm_ctrl *c = bus->c;
	struct wdm_hdaudio_engine *e;
	u32 unit, size, mid;
	int ret;

	guard(mutex)(&bus->lock);
	scoped_guard(spinlock_irq, &bus->state_lock)
		e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_OWNED, false);
	if (IS_ERR(e) && PTR_ERR(e) == -EBADF)
		return -EBADF;
	if (!mdl || !allocated || !stream_id || !fifo_size)
		return -EINVAL;
	scoped_guard(spinlock_irq, &bus->state_lock)
		e = hda_wdm_engine_lookup(ctx, handle, BIT(HDA_PHASE_ALLOCATED),
					  true);
	if (IS_ERR(e))
		return PTR_ERR(e);

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
		hda_wdm_engine_drop_buffer(bus, e);
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
		hda_wdm_engine_drop_buffer(bus, e);
		return ret;
	}
	hda_wdm_stream_program(c, e->hw);
	e->notify_count = count;
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e->buf = kind;
		hda_wdm_engine_set_phase(e, HDA_PHASE_PROGRAMMED);
	}
	*mdl = e->mdl;
	*allocated = size;
	*stream_id = e->hw->tag;
	*fifo_size = e->fifo_size;
	return 0;
}

int hda_wdm_allocate_dma_buffer(void *context, struct wdm_hdaudio_engine *handle,
				size_t requested_size, struct wdm_mdl **mdl,
				size_t *allocated_size, u8 *stream_id,
				u32 *fifo_size)
{
	return hda_alloc_bus_buffer(context, handle, HDA_BUF_PLAIN, 0,
				    requested_size, mdl, allocated_size,
				    stream_id, fifo_size);
}

int hda_wdm_allocate_dma_buffer_with_notification(void *context,
						  struct wdm_hdaudio_engine *handle,
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
static int hda_free_buffer_kind(struct hda_wdm_ctx *ctx,
				struct wdm_hdaudio_engine *handle,
				enum hda_wdm_buf_kind kind, struct wdm_mdl *mdl,
				size_t size)
{
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;

	guard(mutex)(&bus->lock);
	e = hda_engine_with_buffer(ctx, handle, kind);
	if (IS_ERR(e))
		return PTR_ERR(e);
	/* the buffer's addresses are stable under the mutex */
	if (kind == HDA_BUF_NOTIFY && (mdl != e->mdl || size != e->data_size))
		return -EINVAL;
	scoped_guard(spinlock_irq, &bus->state_lock) {
		/* checked again: a state change may have come in between */
		e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_BUFFER, true);
		if (IS_ERR(e))
			return PTR_ERR(e);
		hda_wdm_engine_set_phase(e, HDA_PHASE_ALLOCATED);
	}
	hda_wdm_engine_drop_buffer(bus, e);
	return 0;
}

int hda_wdm_free_dma_buffer(void *context, struct wdm_hdaudio_engine *handle)
{
	return hda_free_buffer_kind(context, handle, HDA_BUF_PLAIN, NULL, 0);
}

int hda_wdm_free_dma_buffer_with_notification(void *context,
					      struct wdm_hdaudio_engine *handle,
					      struct wdm_mdl *mdl,
					      size_t buffer_size)
{
	return hda_free_buffer_kind(context, handle, HDA_BUF_NOTIFY, mdl,
				    buffer_size);
}

int hda_wdm_free_contiguous_dma_buffer(void *context,
				       struct wdm_hdaudio_engine *handle)
{
	return hda_free_buffer_kind(context, handle, HDA_BUF_CONTIG, NULL, 0);
}

int hda_wdm_allocate_contiguous_dma_buffer(void *context,
					   struct wdm_hdaudio_engine *handle,
					   u32 requested_size,
					   void **data_buffer,
					   dma_addr_t *data_logical,
					   struct wdm_hdaudio_bdl_entry **bdl)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;
	int ret;

	guard(mutex)(&bus->lock);
	scoped_guard(spinlock_irq, &bus->state_lock)
		e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_OWNED, false);
	if (IS_ERR(e) && PTR_ERR(e) == -EBADF)
		return -EBADF;
	if (!data_buffer || !data_logical || !bdl || !requested_size ||
	    requested_size > WDM_HDA_MAX_BUFFER)
		return -EINVAL;
	scoped_guard(spinlock_irq, &bus->state_lock)
		e = hda_wdm_engine_lookup(ctx, handle, BIT(HDA_PHASE_ALLOCATED),
					  true);
	if (IS_ERR(e))
		return PTR_ERR(e);
	ret = hda_engine_alloc_memory(bus, e, requested_size);
	if (ret) {
		hda_wdm_engine_drop_buffer(bus, e);
		return ret;
	}
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e->buf = HDA_BUF_CONTIG;
		hda_wdm_engine_set_phase(e, HDA_PHASE_BUFFERED);
	}
	*data_buffer = e->data;
	*data_logical = e->data_dma;
	*bdl = e->bdl;
	return 0;
}

int hda_wdm_setup_dma_engine_with_bdl(void *context,
				      struct wdm_hdaudio_engine *handle,
				      u32 buffer_length, u32 lvi,
				      wdm_hdaudio_bdl_isr_t isr,
				      void *isr_context, u8 *stream_id,
				      u32 *fifo_size)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	enum hda_wdm_phase prev;
	struct wdm_hdaudio_engine *e;
	u64 sum = 0;
	unsigned int i;
	int ret;

	guard(mutex)(&bus->lock);
	e = hda_engine_with_buffer(ctx, handle, HDA_BUF_CONTIG);
	if (IS_ERR(e))
		return PTR_ERR(e);
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

	/* a programmed engine is set up again: no state change meanwhile */
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_BUFFER, true);
		if (IS_ERR(e))
			return PTR_ERR(e);
		prev = e->phase;
		hda_wdm_engine_set_phase(e, HDA_PHASE_BUFFERED);
	}
	e->hw->bdl_dma = e->bdl_dma;
	e->hw->cbl = buffer_length;
	e->hw->lvi = lvi;
	e->hw->tag = e->hw->index + 1;
	ret = hda_wdm_stream_reset(bus->c, e->hw);
	if (ret) {
		scoped_guard(spinlock_irq, &bus->state_lock)
			hda_wdm_engine_set_phase(e, prev);
		return ret;
	}
	hda_wdm_stream_program(bus->c, e->hw);
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e->isr = isr;
		e->isr_ctx = isr_context;
		hda_wdm_engine_set_phase(e, HDA_PHASE_PROGRAMMED);
	}
	*stream_id = e->hw->tag;
	*fifo_size = e->fifo_size;
	return 0;
}

/**
 * wdm_hdaudio_mmap_contiguous_buffer() - map a contiguous buffer to user space
 * @context: the interface's context
 * @handle: an engine of this context with a buffer from
 *	allocate_contiguous_dma_buffer
 * @vma: the user mapping, at most the buffer's size, from its start
 *
 * Not a Windows routine: a Linux function driver maps its buffer for
 * mmap(), and only the bus knows how the buffer was allocated (coherent
 * memory of the controller's DMA adapter), so it maps it with
 * dma_mmap_coherent() against the same device.
 *
 * Context: process context, may sleep.
 * Return: 0; -EBADF or -EBADFD as for the interface's routines (any
 * state is fine); or dma_mmap_coherent()'s error.
 */
int wdm_hdaudio_mmap_contiguous_buffer(void *context,
				       struct wdm_hdaudio_engine *handle,
				       struct vm_area_struct *vma)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_bus *bus = ctx->bus;
	struct wdm_hdaudio_engine *e;

	guard(mutex)(&bus->lock);
	scoped_guard(spinlock_irq, &bus->state_lock) {
		e = hda_wdm_engine_lookup(ctx, handle, HDA_PHASES_BUFFER, false);
		if (!IS_ERR(e) && e->buf != HDA_BUF_CONTIG)
			e = ERR_PTR(-EBADFD);
	}
	if (IS_ERR(e))
		return PTR_ERR(e);
	/* the buffer stays while the mutex is held */
	return dma_mmap_coherent(bus->c->dev, vma, e->data, e->data_dma,
				 e->data_size);
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_mmap_contiguous_buffer);
