// SPDX-License-Identifier: GPL-2.0-only
/*
 * Common buffers: coherent memory shared by driver and device for the
 * adapter's lifetime, placed within the adapter's reach and below
 * AllocateCommonBufferEx's MaximumAddress (place.c). Each is tracked so that
 * free_common_buffer can insist on the exact arguments of the allocation
 * and put_dma_adapter can return any the driver forgot.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include "internal.h"

static void *wdm_common_do_alloc(struct wdm_adapter *ad, enum wdm_op op, u64 max,
				 u32 length, dma_addr_t *logical_address, int node)
{
	struct wdm_common_buffer *cb;
	u32 size = PAGE_ALIGN(max_t(u32, length, 1));
	int err = 0;

	if (!length || !logical_address || length > U32_MAX - PAGE_SIZE) {
		dev_err(ad->dev, "wdmdma: allocate_common_buffer: invalid length %u or address pointer\n",
			length);
		err = -EINVAL;
		goto out;
	}
	cb = kzalloc_node(sizeof(*cb), GFP_KERNEL, node);
	if (!cb) {
		err = -ENOMEM;
		goto out;
	}
	/* steered below the limit, not allocated and then refused */
	cb->va = wdm_coherent_alloc(ad, size, min(ad->reach, max), &cb->dma, &cb->owner,
				    op == WDM_OP_ALLOC_COMMON ? "allocate_common_buffer" :
				    "allocate_common_buffer_ex");
	if (!cb->va) {
		kfree(cb);
		err = -ENOMEM;
		goto out;
	}
	cb->length = length;
	mutex_lock(&ad->common_lock);
	list_add(&cb->node, &ad->common);
	mutex_unlock(&ad->common_lock);
	atomic_inc(&ad->stats->common_buffers);
	*logical_address = cb->dma;
out:
	wdm_count(ad, op, err);
	return err ? NULL : cb->va;
}

void *wdm_common_alloc(struct wdm_dma_adapter *adapter, u32 length,
		       dma_addr_t *logical_address, bool cache_enabled)
{
	return wdm_common_do_alloc(to_wdm(adapter), WDM_OP_ALLOC_COMMON, U64_MAX,
				   length, logical_address, NUMA_NO_NODE);
}

void *wdm_common_alloc_ex(struct wdm_dma_adapter *adapter,
			  const u64 *maximum_address, u32 length,
			  dma_addr_t *logical_address, bool cache_enabled,
			  int preferred_node)
{
	return wdm_common_do_alloc(to_wdm(adapter), WDM_OP_ALLOC_COMMON_EX,
				   maximum_address ? *maximum_address : U64_MAX,
				   length, logical_address, preferred_node);
}

void wdm_common_free(struct wdm_dma_adapter *adapter, u32 length,
		     dma_addr_t logical_address, void *virtual_address,
		     bool cache_enabled)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_common_buffer *cb, *found = NULL;

	mutex_lock(&ad->common_lock);
	list_for_each_entry(cb, &ad->common, node) {
		if (cb->va == virtual_address) {
			if (cb->dma == logical_address && cb->length == length) {
				found = cb;
				list_del(&cb->node);
			}
			break;
		}
	}
	mutex_unlock(&ad->common_lock);
	if (!found) {
		dev_err(ad->dev, "wdmdma: free_common_buffer: %u bytes at %p are not a common buffer of this adapter\n",
			length, virtual_address);
		wdm_count(ad, WDM_OP_FREE_COMMON, -EINVAL);
		return;
	}
	wdm_coherent_free(ad, found->owner, PAGE_ALIGN(length), found->va, found->dma);
	kfree(found);
	atomic_dec(&ad->stats->common_buffers);
	wdm_count(ad, WDM_OP_FREE_COMMON, 0);
}

/* Teardown: frees what the driver did not; returns how many. */
unsigned int wdm_common_drain(struct wdm_adapter *ad)
{
	struct wdm_common_buffer *cb, *tmp;
	unsigned int n = 0;

	mutex_lock(&ad->common_lock);
	list_for_each_entry_safe(cb, tmp, &ad->common, node) {
		list_del(&cb->node);
		wdm_coherent_free(ad, cb->owner, PAGE_ALIGN(cb->length), cb->va, cb->dma);
		kfree(cb);
		atomic_dec(&ad->stats->common_buffers);
		n++;
	}
	mutex_unlock(&ad->common_lock);
	return n;
}
