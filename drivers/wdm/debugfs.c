// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/wdmdma/<device>/stats: map registers total, in use and
 * high-water mark, queued requests, pending transfer contexts, common
 * buffers, bounce bytes copied and per-operation call and error counts,
 * summed over the adapters of the device since wdmdma was loaded.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "internal.h"

static struct dentry *wdm_debugfs_root;

static const char * const wdm_op_names[WDM_OP_COUNT] = {
	[WDM_OP_GET_ADAPTER] = "get_dma_adapter",
	[WDM_OP_PUT_ADAPTER] = "put_dma_adapter",
	[WDM_OP_ALLOC_COMMON] = "allocate_common_buffer",
	[WDM_OP_FREE_COMMON] = "free_common_buffer",
	[WDM_OP_ALLOC_CHANNEL] = "allocate_adapter_channel",
	[WDM_OP_FLUSH] = "flush_adapter_buffers",
	[WDM_OP_FREE_CHANNEL] = "free_adapter_channel",
	[WDM_OP_FREE_MAPREGS] = "free_map_registers",
	[WDM_OP_MAP_TRANSFER] = "map_transfer",
	[WDM_OP_GET_ALIGNMENT] = "get_dma_alignment",
	[WDM_OP_READ_COUNTER] = "read_dma_counter",
	[WDM_OP_GET_SGL] = "get_scatter_gather_list",
	[WDM_OP_PUT_SGL] = "put_scatter_gather_list",
	[WDM_OP_CALC_SGL] = "calculate_scatter_gather_list",
	[WDM_OP_BUILD_SGL] = "build_scatter_gather_list",
	[WDM_OP_BUILD_MDL] = "build_mdl_from_scatter_gather_list",
	[WDM_OP_ADAPTER_INFO] = "get_dma_adapter_info",
	[WDM_OP_TRANSFER_INFO] = "get_dma_transfer_info",
	[WDM_OP_INIT_CONTEXT] = "initialize_dma_transfer_context",
	[WDM_OP_ALLOC_COMMON_EX] = "allocate_common_buffer_ex",
	[WDM_OP_ALLOC_CHANNEL_EX] = "allocate_adapter_channel_ex",
	[WDM_OP_CONFIGURE] = "configure_adapter_channel",
	[WDM_OP_CANCEL_CHANNEL] = "cancel_adapter_channel",
	[WDM_OP_MAP_TRANSFER_EX] = "map_transfer_ex",
	[WDM_OP_GET_SGL_EX] = "get_scatter_gather_list_ex",
	[WDM_OP_BUILD_SGL_EX] = "build_scatter_gather_list_ex",
	[WDM_OP_FLUSH_EX] = "flush_adapter_buffers_ex",
	[WDM_OP_FREE_OBJECT] = "free_adapter_object",
	[WDM_OP_CANCEL_MAPPED] = "cancel_mapped_transfer",
};

static int wdm_stats_show(struct seq_file *s, void *unused)
{
	struct wdm_devstats *st = s->private;
	int i;

	seq_printf(s, "adapters: %d\n", atomic_read(&st->adapters));
	seq_printf(s, "map_registers_total: %d\n", atomic_read(&st->regs_total));
	seq_printf(s, "map_registers_in_use: %d\n", atomic_read(&st->regs_in_use));
	seq_printf(s, "map_registers_high_water: %d\n", atomic_read(&st->regs_high_water));
	seq_printf(s, "queued_requests: %d\n", atomic_read(&st->queued));
	seq_printf(s, "pending_transfer_contexts: %d\n", atomic_read(&st->pending_contexts));
	seq_printf(s, "common_buffers: %d\n", atomic_read(&st->common_buffers));
	seq_printf(s, "bounce_bytes_copied: %lld\n", atomic64_read(&st->bounce_bytes));
	seq_puts(s, "# operation calls errors\n");
	for (i = 0; i < WDM_OP_COUNT; i++)
		seq_printf(s, "%s %llu %lld\n", wdm_op_names[i],
			   wdm_calls(st, i), atomic64_read(&st->errors[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wdm_stats);

void wdm_debugfs_device(struct wdm_devstats *st)
{
	st->dir = debugfs_create_dir(dev_name(st->dev), wdm_debugfs_root);
	debugfs_create_file("stats", 0444, st->dir, st, &wdm_stats_fops);
}

void wdm_debugfs_init(void)
{
	wdm_debugfs_root = debugfs_create_dir("wdmdma", NULL);
}

void wdm_debugfs_exit(void)
{
	debugfs_remove_recursive(wdm_debugfs_root);
}
