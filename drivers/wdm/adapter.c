// SPDX-License-Identifier: GPL-2.0-only
/*
 * wdmdma: IoGetDmaAdapter and PutDmaAdapter, the three DMA_OPERATIONS
 * tables, the informational and system-DMA-only members, and the module.
 *
 * An adapter pins this module (one reference per adapter), so rmmod is
 * refused while any driver holds one. put_dma_adapter drains: requests
 * still queued are dropped without running, registers and lists still held
 * are unmapped and freed, common buffers still allocated are freed, each
 * with an error line naming what the driver forgot.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include <wdm/version.h>
#include "internal.h"

static LIST_HEAD(wdm_devices);
static DEFINE_MUTEX(wdm_devices_lock);

struct wdm_devstats *wdm_devstats_get(struct device *dev)
{
	struct wdm_devstats *st;

	guard(mutex)(&wdm_devices_lock);
	list_for_each_entry(st, &wdm_devices, node)
		if (st->dev == dev)
			return st;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	st->calls = alloc_percpu(struct wdm_op_calls);
	if (!st->calls) {
		kfree(st);
		return NULL;
	}
	st->dev = get_device(dev);
	list_add(&st->node, &wdm_devices);
	wdm_debugfs_device(st);
	return st;
}

/* Calls of @op on the device so far, over all CPUs. */
u64 wdm_calls(struct wdm_devstats *st, enum wdm_op op)
{
	u64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu_ptr(st->calls, cpu)->n[op];
	return n;
}

/**
 * wdm_get_dma_stats() - the counters of a device's adapters
 * @dev: a device that has had an adapter since wdmdma was loaded
 * @stats: filled in
 *
 * The same figures as /sys/kernel/debug/wdmdma/<device>/stats, for tests
 * and drivers that report them.
 *
 * Context: process.
 * Return: 0, or -ENXIO when @dev never had an adapter.
 */
int wdm_get_dma_stats(struct device *dev, struct wdm_dma_stats *stats)
{
	struct wdm_devstats *st;

	guard(mutex)(&wdm_devices_lock);
	list_for_each_entry(st, &wdm_devices, node) {
		if (st->dev != dev)
			continue;
		stats->adapters = atomic_read(&st->adapters);
		stats->map_registers_total = atomic_read(&st->regs_total);
		stats->map_registers_in_use = atomic_read(&st->regs_in_use);
		stats->map_registers_high_water = atomic_read(&st->regs_high_water);
		stats->queued_requests = atomic_read(&st->queued);
		stats->pending_transfer_contexts = atomic_read(&st->pending_contexts);
		stats->common_buffers = atomic_read(&st->common_buffers);
		stats->bounce_bytes_copied = atomic64_read(&st->bounce_bytes);
		return 0;
	}
	return -ENXIO;
}
EXPORT_SYMBOL_GPL(wdm_get_dma_stats);

static void wdm_put_dma_adapter(struct wdm_dma_adapter *adapter);

static u32 wdm_get_dma_alignment(struct wdm_dma_adapter *adapter)
{
	wdm_count(to_wdm(adapter), WDM_OP_GET_ALIGNMENT, 0);
	return dma_get_cache_alignment();
}

static int wdm_read_dma_counter(struct wdm_dma_adapter *adapter, u32 *count)
{
	if (count)
		*count = 0;
	wdm_count(to_wdm(adapter), WDM_OP_READ_COUNTER, -EOPNOTSUPP);
	return -EOPNOTSUPP;
}

static int wdm_configure_adapter_channel(struct wdm_dma_adapter *adapter,
					 u32 function_number, void *context)
{
	wdm_count(to_wdm(adapter), WDM_OP_CONFIGURE, -EOPNOTSUPP);
	return -EOPNOTSUPP;
}

static int wdm_cancel_mapped_transfer(struct wdm_dma_adapter *adapter,
				      struct wdm_dma_transfer_context *ctx)
{
	wdm_count(to_wdm(adapter), WDM_OP_CANCEL_MAPPED, -EOPNOTSUPP);
	return -EOPNOTSUPP;
}

static int wdm_get_dma_adapter_info(struct wdm_dma_adapter *adapter,
				    struct wdm_dma_adapter_info *info)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	int err = 0;

	if (!info || info->version != WDM_DMA_ADAPTER_INFO_VERSION1) {
		dev_err(ad->dev, "wdmdma: get_dma_adapter_info: invalid parameter\n");
		err = -EINVAL;
	} else {
		info->read_dma_counter_available = 0;
		info->scatter_gather_limit = ad->nregs;
		info->dma_address_width = ad->width;
		info->flags = WDM_ADAPTER_INFO_SYNCHRONOUS_CALLBACK;
		info->minimum_transfer_unit = 1;
	}
	wdm_count(ad, WDM_OP_ADAPTER_INFO, err);
	return err;
}

/* Versions 1 and 2: the start of the version 3 table, shorter. */
#define WDM_OPS_V1_MEMBERS						\
	.put_dma_adapter = wdm_put_dma_adapter,				\
	.allocate_common_buffer = wdm_common_alloc,			\
	.free_common_buffer = wdm_common_free,				\
	.allocate_adapter_channel = wdm_allocate_adapter_channel,	\
	.flush_adapter_buffers = wdm_flush_adapter_buffers,		\
	.free_adapter_channel = wdm_free_adapter_channel,		\
	.free_map_registers = wdm_free_map_registers,			\
	.map_transfer = wdm_map_transfer,				\
	.get_dma_alignment = wdm_get_dma_alignment,			\
	.read_dma_counter = wdm_read_dma_counter,			\
	.get_scatter_gather_list = wdm_get_scatter_gather_list,		\
	.put_scatter_gather_list = wdm_put_scatter_gather_list

#define WDM_OPS_V2_MEMBERS						\
	.calculate_scatter_gather_list = wdm_calculate_scatter_gather_list, \
	.build_scatter_gather_list = wdm_build_scatter_gather_list,	\
	.build_mdl_from_scatter_gather_list = wdm_build_mdl_from_scatter_gather_list

static const struct wdm_dma_operations wdm_ops_v1 = {
	.size = WDM_DMA_OPERATIONS_SIZE_V1,
	WDM_OPS_V1_MEMBERS,
};

static const struct wdm_dma_operations wdm_ops_v2 = {
	.size = WDM_DMA_OPERATIONS_SIZE_V2,
	WDM_OPS_V1_MEMBERS,
	WDM_OPS_V2_MEMBERS,
};

static const struct wdm_dma_operations wdm_ops_v3 = {
	.size = WDM_DMA_OPERATIONS_SIZE_V3,
	WDM_OPS_V1_MEMBERS,
	WDM_OPS_V2_MEMBERS,
	.get_dma_adapter_info = wdm_get_dma_adapter_info,
	.get_dma_transfer_info = wdm_get_dma_transfer_info,
	.initialize_dma_transfer_context = wdm_initialize_dma_transfer_context,
	.allocate_common_buffer_ex = wdm_common_alloc_ex,
	.allocate_adapter_channel_ex = wdm_allocate_adapter_channel_ex,
	.configure_adapter_channel = wdm_configure_adapter_channel,
	.cancel_adapter_channel = wdm_cancel_adapter_channel,
	.map_transfer_ex = wdm_map_transfer_ex,
	.get_scatter_gather_list_ex = wdm_get_scatter_gather_list_ex,
	.build_scatter_gather_list_ex = wdm_build_scatter_gather_list_ex,
	.flush_adapter_buffers_ex = wdm_flush_adapter_buffers_ex,
	.free_adapter_object = wdm_free_adapter_object,
	.cancel_mapped_transfer = wdm_cancel_mapped_transfer,
};

/* Address bits of the description (see the table in wdmdma.rst). */
static u32 wdm_desc_width(const struct wdm_device_description *d)
{
	if (d->version == WDM_DEVICE_DESCRIPTION_VERSION3)
		return d->dma_address_width;
	if (d->dma64_bit_addresses)
		return 64;
	if (d->dma32_bit_addresses ||
	    (d->scatter_gather && d->interface_type == WDM_INTERFACE_PCI_BUS))
		return 32;
	return 24;
}

/**
 * wdm_get_dma_adapter() - IoGetDmaAdapter: a DMA adapter for a device
 * @dev: the device doing bus-master DMA; it must have a DMA mask
 * @desc: what the device can do; @desc->version selects the table
 * @number_of_map_registers: out: map registers per request (pages spanned
 *	by @desc->maximum_length + 1, possibly fewer than asked)
 *
 * The device's DMA mask is not changed: a description narrower than the
 * mask is modelled inside the adapter (bounce pages inside its reach, and
 * common buffers placed there too, whatever memory the machine has above
 * it).
 *
 * Context: process (may sleep).
 * Return: the adapter, or NULL for an unsupported version or description
 * (system DMA, zero length, address width out of 1..64), no memory, or a
 * reach no memory can be placed in (narrower than ZONE_DMA, or narrower
 * than the IOVAs an IOMMU hands out; logged). Put
 * it with adapter->ops->put_dma_adapter().
 */
struct wdm_dma_adapter *wdm_get_dma_adapter(struct device *dev,
					    const struct wdm_device_description *desc,
					    u32 *number_of_map_registers)
{
	const struct wdm_dma_operations *ops[] = { &wdm_ops_v1, &wdm_ops_v1,
						   &wdm_ops_v2, &wdm_ops_v3 };
	struct wdm_devstats *st;
	struct wdm_adapter *ad;
	u32 width, nregs, max;

	might_sleep();
	if (!dev || !desc || !number_of_map_registers) {
		pr_err("wdmdma: get_dma_adapter: NULL %s\n",
		       !dev ? "device" : !desc ? "description" : "register count");
		return NULL;
	}
	st = wdm_devstats_get(dev);
	if (!st)
		return NULL;
	width = wdm_desc_width(desc);
	if (desc->version > WDM_DEVICE_DESCRIPTION_VERSION3 || !desc->master ||
	    !desc->maximum_length || width < 1 || width > 64 || !dev->dma_mask) {
		dev_err(dev, "wdmdma: get_dma_adapter: unsupported description (version %u, %s, length %u, width %u%s)\n",
			desc->version, desc->master ? "bus master" : "system DMA",
			desc->maximum_length, width, dev->dma_mask ? "" : ", no DMA mask");
		goto fail;
	}
	ad = kzalloc(sizeof(*ad), GFP_KERNEL);
	if (!ad)
		goto fail;
	ad->dev = dev;
	ad->stats = st;
	ad->desc = *desc;
	ad->width = width;
	ad->reach = min(DMA_BIT_MASK(width), dma_get_mask(dev));
	ad->bounce_all = !desc->scatter_gather;
	ad->max_seg = min_t(size_t, dma_max_mapping_size(dev), dma_get_max_seg_size(dev));
	ad->max_seg = max_t(u32, ad->max_seg & PAGE_MASK, PAGE_SIZE);
	ad->seg_size = dma_get_max_seg_size(dev);
	ad->seg_boundary = dma_get_seg_boundary(dev);
	mutex_init(&ad->common_lock);
	INIT_LIST_HEAD(&ad->common);
	wdm_channel_init(ad);

	max = ad->bounce_all || DMA_BIT_MASK(width) < dma_get_mask(dev) ?
	      WDM_MAX_BOUNCE_REGISTERS : WDM_MAX_MAP_REGISTERS;
	nregs = min_t(u32, DIV_ROUND_UP(desc->maximum_length, PAGE_SIZE) + 1, max);
	if (ad->reach < dev->coherent_dma_mask) {
		/* narrower than the device: memory is placed within the reach */
		ad->place = wdm_place_new(dev, ad->reach);
		if (IS_ERR(ad->place)) {
			dev_err(dev, "wdmdma: get_dma_adapter: no memory can be placed within %u bits on this machine (%pe)\n",
				width, ad->place);
			kfree(ad);
			goto fail;
		}
		ad->place_limit = ad->reach;
	}
	if (wdm_mapregs_init(ad, nregs)) {
		wdm_place_put(ad->place);
		kfree(ad);
		goto fail;
	}
	ad->pub.version = 1;
	ad->pub.size = sizeof(ad->pub);
	ad->pub.ops = ops[desc->version];
	__module_get(THIS_MODULE);
	atomic_inc(&st->adapters);
	atomic_add(nregs, &st->regs_total);
	wdm_count_dev(st, WDM_OP_GET_ADAPTER, 0);
	*number_of_map_registers = nregs;
	dev_dbg(dev, "wdmdma: adapter v%u: %u map registers, %u-bit reach%s\n",
		desc->version, nregs, width, ad->bounce_va ? ", bounce pages" : "");
	return &ad->pub;

fail:
	wdm_count_dev(st, WDM_OP_GET_ADAPTER, -EINVAL);
	return NULL;
}
EXPORT_SYMBOL_GPL(wdm_get_dma_adapter);

static void wdm_put_dma_adapter(struct wdm_dma_adapter *adapter)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_devstats *st = ad->stats;
	unsigned int queued, lists, buffers, regs;

	might_sleep();
	queued = wdm_channel_drain(ad);
	lists = wdm_sgl_drain(ad);
	buffers = wdm_common_drain(ad);
	regs = ad->regs_in_use;
	if (regs) {
		unsigned long i;

		for (i = 0; i < ad->nregs; i++) {
			struct wdm_mapreg *base = &ad->regs[i];

			if (!base->owned)
				continue;
			wdm_mapregs_unmap_all(base, false);
			spin_lock_irq(&ad->lock);
			wdm_mapregs_put(base);
			spin_unlock_irq(&ad->lock);
		}
	}
	if (queued || lists || buffers || regs)
		dev_err(ad->dev,
			"wdmdma: put_dma_adapter with work outstanding: dropped %u queued requests, %u lists, %u map registers, %u common buffers\n",
			queued, lists, regs, buffers);
	wdm_count_dev(st, WDM_OP_PUT_ADAPTER, queued || lists || buffers || regs);
	atomic_sub(ad->nregs, &st->regs_total);
	atomic_dec(&st->adapters);
	wdm_sgl_cache_exit(ad);
	wdm_mapregs_exit(ad);
	wdm_place_put(ad->place);
	kfree(ad);
	module_put(THIS_MODULE);
}

static int __init wdm_init(void)
{
	wdm_debugfs_init();
	return 0;
}

static void __exit wdm_exit(void)
{
	struct wdm_devstats *st, *tmp;

	wdm_debugfs_exit();
	list_for_each_entry_safe(st, tmp, &wdm_devices, node) {
		list_del(&st->node);
		put_device(st->dev);
		free_percpu(st->calls);
		kfree(st);
	}
}

module_init(wdm_init);
module_exit(wdm_exit);
MODULE_AUTHOR(WDM_MODULE_AUTHOR);
MODULE_VERSION(WDM_VERSION);
MODULE_DESCRIPTION("Windows DMA adapter semantics (DMA_OPERATIONS v1-v3) over dma-mapping");
MODULE_LICENSE("GPL");
