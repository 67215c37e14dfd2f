// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the HD Audio bus interface (include/wdm/hdaudio.h): the
 * interface table, codec verbs and unsolicited responses, device and
 * resource information, and the lifetime of the bus and of a client's
 * context.
 *
 * Policy lives in the bus layer: who owns which engine, which call is
 * valid in which state, FIFO and link bandwidth accounting (engine.c),
 * buffers and their BDLs (buffer.c), formats (format.c), the codec
 * helpers (paths.c). Hardware sequences are stream.c's, verbs cmd.c's,
 * and every DMA buffer comes from the controller's wdmdma adapter.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <wdm/dma.h>
#include <wdm/hdaudio.h>

#include "bus.h"
#include "cmd.h"
#include "codec.h"
#include "controller.h"
#include "pm.h"

#define HDA_DRIVER_VERSION	0x0100
#define HDA_POSBUF_BYTES	PAGE_SIZE

static_assert(HDA_SD_MAX * sizeof(struct hda_posbuf_entry) <= HDA_POSBUF_BYTES);

/* Codec verbs: the caller's codec address replaces the verbs' own. */

int hda_wdm_bus_transfer_sync(struct hda_wdm_ctx *ctx, u32 count,
			      struct wdm_hdaudio_codec_transfer *t)
{
	struct hda_wdm_ctrl *c = hda_wdm_ctx_ctrl(ctx);
	int ret, err;
	u32 i;

	/* the controller awake while the verbs run (pm.c) */
	ret = hda_wdm_pm_get(c);
	if (ret) {
		for (i = 0; i < count; i++)
			memset(&t[i].input, 0, sizeof(t[i].input));
		return ret;
	}
	for (i = 0; i < count; i++) {
		u32 verb = (t[i].output & GENMASK(27, 0)) | (u32)ctx->addr << 28;

		memset(&t[i].input, 0, sizeof(t[i].input));
		err = hda_wdm_cmd_exec(c, verb, &t[i].input.response);
		t[i].input.sdi = ctx->addr;
		t[i].input.is_valid = !err;
		if (err && !ret)
			ret = err;
	}
	hda_wdm_pm_put(c);
	return ret;
}

struct hda_transfer_work {
	struct work_struct work;
	struct hda_wdm_ctx *ctx;
	u32 count;
	struct wdm_hdaudio_codec_transfer *transfers;
	wdm_hdaudio_transfer_complete_t callback;
	void *callback_context;
};

static void hda_transfer_worker(struct work_struct *work)
{
	struct hda_transfer_work *w = container_of(work, struct hda_transfer_work,
						   work);

	hda_wdm_bus_transfer_sync(w->ctx, w->count, w->transfers);
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
	struct hda_wdm_ctx *ctx = context;
	struct hda_transfer_work *w;

	if (!count || !transfers)
		return -EINVAL;
	if (!callback) {
		might_sleep();
		return hda_wdm_bus_transfer_sync(ctx, count, transfers);
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
	struct hda_wdm_callback *cb = &bus->callbacks[resp >> 26];

	spin_lock(&bus->state_lock);
	if (cb->owner && cb->owner->addr == addr && cb->routine)
		cb->routine(resp, cb->ctx);
	spin_unlock(&bus->state_lock);
}

static int hda_register_event_callback(void *context,
				       wdm_hdaudio_unsolicited_t routine,
				       void *callback_context, u8 *tag)
{
	struct hda_wdm_ctx *ctx = context;
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
	if (i == HDA_BUS_TAGS)
		return -ENOMEM;
	/* a listener may keep the controller awake (pm.c) */
	hda_wdm_pm_listen(bus->c, true);
	return 0;
}

static int hda_unregister_event_callback(void *context, u8 tag)
{
	struct hda_wdm_ctx *ctx = context;
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
	if (!ret)
		hda_wdm_pm_listen(bus->c, false);
	return ret;
}

static void hda_get_wall_clock_register(void *context,
					const u32 __iomem **wall_clock)
{
	struct hda_wdm_ctx *ctx = context;

	*wall_clock = (const u32 __iomem *)(hda_wdm_ctx_ctrl(ctx)->base + HDA_WALCLK);
}

static int hda_get_device_information(void *context,
				      struct wdm_hdaudio_device_information *info)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_ctrl *c = hda_wdm_ctx_ctrl(ctx);

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
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];

	if (codec_address)
		*codec_address = ctx->addr;
	if (function_group_start_node)
		*function_group_start_node = codec ? codec->afg : 0;
}

/**
 * hda_wdm_bus_posbuf_enable() - point the controller at the position buffer
 * @c: controller, out of reset, with its bus
 *
 * The controller then writes each stream's link position into the DMA
 * position buffer as it moves (DPLBASE, DPUBASE). After every controller
 * reset, which clears both registers. A test build can leave the buffer
 * off (HDA_WDM_INJECT_NO_POSBUF): a controller whose buffer never moves.
 */
void hda_wdm_bus_posbuf_enable(struct hda_wdm_ctrl *c)
{
	u32 enable = hda_wdm_injected(c, HDA_WDM_INJECT_NO_POSBUF) ?
		     0 : HDA_DPLBASE_ENABLE;

	hda_wl(c, HDA_DPUBASE, upper_32_bits(c->bus->posbuf_dma));
	hda_wl(c, HDA_DPLBASE, lower_32_bits(c->bus->posbuf_dma) | enable);
}

/**
 * hda_wdm_bus_init_iface() - fill the interface of a codec context
 * @ctx: context with @bus and @addr set
 */
void hda_wdm_bus_init_iface(struct hda_wdm_ctx *ctx)
{
	struct wdm_hdaudio_bus_interface *i = &ctx->iface;

	i->size = sizeof(*i);
	i->version = 0x0103;
	i->context = ctx;
	i->transfer_codec_verbs = hda_transfer_codec_verbs;
	i->allocate_capture_dma_engine = hda_wdm_allocate_capture_dma_engine;
	i->allocate_render_dma_engine = hda_wdm_allocate_render_dma_engine;
	i->change_bandwidth_allocation = hda_wdm_change_bandwidth_allocation;
	i->allocate_dma_buffer = hda_wdm_allocate_dma_buffer;
	i->free_dma_buffer = hda_wdm_free_dma_buffer;
	i->free_dma_engine = hda_wdm_free_dma_engine;
	i->set_dma_engine_state = hda_wdm_set_dma_engine_state;
	i->get_wall_clock_register = hda_get_wall_clock_register;
	i->get_link_position_register = hda_wdm_get_link_position_register;
	i->register_event_callback = hda_register_event_callback;
	i->unregister_event_callback = hda_unregister_event_callback;
	i->get_device_information = hda_get_device_information;
	i->get_resource_information = hda_get_resource_information;
	i->allocate_dma_buffer_with_notification =
		hda_wdm_allocate_dma_buffer_with_notification;
	i->free_dma_buffer_with_notification =
		hda_wdm_free_dma_buffer_with_notification;
	i->register_notification_event = hda_wdm_register_notification_event;
	i->unregister_notification_event = hda_wdm_unregister_notification_event;
	i->allocate_contiguous_dma_buffer = hda_wdm_allocate_contiguous_dma_buffer;
	i->setup_dma_engine_with_bdl = hda_wdm_setup_dma_engine_with_bdl;
	i->free_contiguous_dma_buffer = hda_wdm_free_contiguous_dma_buffer;
}

/**
 * hda_wdm_bus_release_ctx() - take back what a departing client left
 * @ctx: the context whose client has been removed
 *
 * Context: process context, may sleep.
 */
void hda_wdm_bus_release_ctx(struct hda_wdm_ctx *ctx)
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
		struct wdm_hdaudio_engine *e = &bus->engines[i];
		bool mine;

		scoped_guard(spinlock_irq, &bus->state_lock)
			mine = e->owner == ctx;
		if (!mine)
			continue;
		left++;
		hda_wdm_engine_release(ctx, e);
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
	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		bus->engines[i].bus = bus;
		bus->engines[i].hw = &c->streams[i];
		/*
		 * input or bidirectional for capture, output or
		 * bidirectional for render; the stream tag is the index + 1,
		 * one per descriptor in both directions, and goes to 15
		 */
		bus->engines[i].can_capture = (i < c->n_in ||
					       i >= c->n_in + c->n_out) &&
					      i + 1 <= 15;
		bus->engines[i].can_render = i >= c->n_in && i + 1 <= 15;
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
	hda_wdm_bus_posbuf_enable(c);
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
	unsigned int n;

	if (!bus)
		return;
	/*
	 * Engines that did not stop kept their buffers: only a controller
	 * reset stops them for sure, then the memory can go. If even the
	 * reset fails, the memory is leaked rather than freed under DMA.
	 */
	n = hda_wdm_engines_stuck(bus);
	if (n && hda_wdm_ctrl_stop(c))
		dev_err(c->dev, "controller did not reset: the buffers of %u engine(s) whose DMA did not stop are never freed\n",
			n);
	else if (n)
		hda_wdm_engines_free_kept(bus);
	hda_wdm_cmd_set_unsol_handler(c, NULL);
	hda_wl(c, HDA_DPLBASE, 0);
	hda_wl(c, HDA_DPUBASE, 0);
	destroy_workqueue(bus->wq);
	c->dma->ops->free_common_buffer(c->dma, HDA_POSBUF_BYTES, bus->posbuf_dma,
					bus->posbuf, false);
	kfree(bus);
	c->bus = NULL;
}
