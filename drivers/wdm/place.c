// SPDX-License-Identifier: GPL-2.0-only
/*
 * Placement: coherent memory below a limit that may be narrower than the
 * device's coherent DMA mask. Adapters narrower than their device need it
 * for their bounce pages and their common buffers, and
 * AllocateCommonBufferEx for a MaximumAddress below the adapter's reach.
 *
 * dma_alloc_coherent() places memory by the device's coherent mask alone
 * (it drops zone flags), and wdmdma never changes the device's masks: other
 * users of the device allocate and map at the same time. So the memory is
 * steered one of three ways, and its logical address is checked in every
 * case (a failure is an error line naming the way, never a buffer the
 * device cannot reach):
 *
 *  - the limit covers the coherent mask: dma_alloc_coherent() on the device;
 *  - the device's DMA is plain dma-direct (no IOMMU group, no dma_map_ops,
 *    no DMA range map, no per-device coherent pool): dma_alloc_coherent()
 *    on a placement device, a struct device that is never registered,
 *    whose masks are the limit and which shares the device's bus limit,
 *    NUMA node and coherence. dma-direct then picks the zone (ZONE_DMA32,
 *    ZONE_DMA) and checks the pages against the mask itself; the logical
 *    address of such memory is the same for every dma-direct device of the
 *    machine. swiotlb=force does not concern coherent allocations, and
 *    memory encryption is handled as for the device. A limit dma-direct
 *    cannot serve (below ZONE_DMA, or no ZONE_DMA at all) is refused by
 *    dma_set_mask();
 *  - otherwise (IOMMU, DMA ops): the device's own allocator, which alone
 *    knows the logical addresses. iommu-dma gives PCI devices IOVAs below
 *    4 GiB first (unless iommu.forcedac=1 or that space ran out), so 32-bit
 *    limits hold there; IOVAs are allocated top-down from there, so
 *    narrower limits generally do not, and are refused after the check.
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include "internal.h"

struct wdm_place {
	struct device dev;
	u64 mask;
};

static void wdm_place_release(struct device *dev)
{
	kfree(container_of(dev, struct wdm_place, dev));
}

/* Plain dma-direct: logical addresses follow physical ones, for any device. */
static bool wdm_dma_is_plain_direct(struct device *dev)
{
	if (device_iommu_mapped(dev) || get_dma_ops(dev) || dev->dma_range_map)
		return false;
#ifdef CONFIG_DMA_DECLARE_COHERENT
	if (dev->dma_mem)
		return false;
#endif
	return true;
}

/**
 * wdm_place_new() - a placement device for memory at or below @limit
 * @dev: the device the memory is for
 * @limit: the highest logical address the memory may use
 *
 * Context: process.
 * Return: the placement device, NULL where @dev's DMA is not plain
 * dma-direct (the device's own allocator must be used), or an ERR_PTR:
 * -ERANGE when dma-direct cannot place memory below @limit on this
 * machine, -ENOMEM.
 */
struct device *wdm_place_new(struct device *dev, u64 limit)
{
	struct wdm_place *p;
	int err;

	if (!wdm_dma_is_plain_direct(dev))
		return NULL;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	device_initialize(&p->dev);
	p->dev.release = wdm_place_release;
	p->dev.dma_mask = &p->mask;
	p->dev.bus_dma_limit = dev->bus_dma_limit;
	set_dev_node(&p->dev, dev_to_node(dev));
	err = dev_set_name(&p->dev, "%s-wdm-%llx", dev_name(dev), limit);
	if (err)
		goto out;
	if (dev_is_dma_coherent(&p->dev) != dev_is_dma_coherent(dev)) {
		/* coherence is per architecture; without a match, use the device */
		put_device(&p->dev);
		return NULL;
	}
	err = dma_set_mask_and_coherent(&p->dev, limit) ? -ERANGE : 0;
	if (!err)
		return &p->dev;
out:
	put_device(&p->dev);
	return ERR_PTR(err);
}

void wdm_place_put(struct device *place)
{
	if (place)
		put_device(place);
}

/**
 * wdm_coherent_alloc() - coherent memory whose logical range ends at or
 *	below @limit
 * @ad: the adapter
 * @size: bytes, page aligned
 * @limit: the highest logical address allowed
 * @dma: out: the logical address
 * @owner: out: the device to free it with (wdm_coherent_free())
 * @what: what the memory is for, for the log
 *
 * Context: process (may sleep).
 * Return: the CPU address, or NULL: out of memory, or after an error line
 * (no placement below @limit, or placed beyond it).
 */
void *wdm_coherent_alloc(struct wdm_adapter *ad, size_t size, u64 limit,
			 dma_addr_t *dma, struct device **owner, const char *what)
{
	struct device *dev = ad->dev, *place = NULL;
	const char *how = "the device's mask";
	void *va;

	if (limit < dev->coherent_dma_mask) {
		if (ad->place && limit == ad->place_limit) {
			place = ad->place;
		} else {
			place = wdm_place_new(dev, limit);
			if (IS_ERR(place)) {
				dev_err(dev, "wdmdma: %s: no memory can be placed below %#llx on this machine (%pe)\n",
					what, limit, place);
				return NULL;
			}
		}
		how = place ? "a placement device" : "the device's IOMMU or DMA ops";
	}
	va = dma_alloc_coherent(place ?: dev, size, dma, GFP_KERNEL);
	if (!va)
		goto fail;	/* the allocator has said so */
	if (*dma + size - 1 > limit) {
		dev_err(dev, "wdmdma: %s: %zu bytes at %pad are beyond %#llx (placed by %s)\n",
			what, size, dma, limit, how);
		dma_free_coherent(place ?: dev, size, va, *dma);
		goto fail;
	}
	dev_dbg(dev, "wdmdma: %s: %zu bytes at %pad below %#llx, placed by %s\n",
		what, size, dma, limit, how);
	*owner = place ?: dev;
	return va;

fail:
	if (place != ad->place)
		wdm_place_put(place);
	return NULL;
}

void wdm_coherent_free(struct wdm_adapter *ad, struct device *owner, size_t size,
		       void *va, dma_addr_t dma)
{
	dma_free_coherent(owner, size, va, dma);
	if (owner != ad->dev && owner != ad->place)
		wdm_place_put(owner);
}
