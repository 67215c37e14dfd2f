// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map registers. An adapter owns a fixed array of them (pages + 1 of its
 * maximum transfer); a grant is a run of consecutive registers, its first
 * register being the "map register base" the driver sees.
 *
 * Adapters without bounce pages (the device reaches all memory and does
 * scatter/gather): a map that does not continue an earlier one maps
 * everything it may cover (up to the length asked, the end of the MDL and
 * the grant's free registers) with one dma_map_sg() over the registers'
 * entries of ad->sgl, one entry per physically contiguous run, and returns
 * the first DMA segment; the next maps that continue where the previous
 * one stopped are handed the following segments without mapping again
 * (MapTransfer still returns one logical range per call). Flush unmaps
 * with one dma_unmap_sg() per such mapping.
 *
 * Adapters with bounce pages: each map is one physically contiguous run,
 * mapped with dma_map_page() when the device reaches it (WDM_REG_DIRECT)
 * or copied through bounce pages (WDM_REG_BOUNCE, one per register). The
 * bounce pages are one coherent allocation of nregs pages made with the
 * adapter, inside the adapter's reach, so consecutive registers are
 * consecutive logical addresses: a device without scatter/gather sees one
 * range. Data moves into the bounce page on map (to device) and out of it
 * on flush (from device). The block is placed within the reach (place.c),
 * also where the reach is narrower than the device's mask and memory
 * extends beyond it.
 *
 * Registers are only touched by the holder of the grant; the bitmap is
 * guarded by ad->lock.
 */
#include <linux/bitmap.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include "internal.h"

int wdm_mapregs_init(struct wdm_adapter *ad, u32 nregs)
{
	u64 real = dma_get_mask(ad->dev);
	u32 i;

	ad->nregs = nregs;
	ad->bitmap = bitmap_zalloc(nregs, GFP_KERNEL);
	ad->regs = kvcalloc(nregs, sizeof(*ad->regs), GFP_KERNEL);
	ad->sgl = kvcalloc(nregs, sizeof(*ad->sgl), GFP_KERNEL);
	if (!ad->bitmap || !ad->regs || !ad->sgl)
		goto nomem;
	sg_init_table(ad->sgl, nregs);
	for (i = 0; i < nregs; i++) {
		ad->regs[i].ad = ad;
		ad->regs[i].index = i;
	}
	if (!ad->bounce_all && ad->reach >= real) {
		/*
		 * dma-direct without bouncing: dma_unmap_sg() only walks the
		 * entries (no IOMMU flush, no swiotlb copy back)
		 */
		ad->unmap_locked = !device_iommu_mapped(ad->dev) && !get_dma_ops(ad->dev) &&
				   !is_swiotlb_force_bounce(ad->dev) &&
				   !dma_addressing_limited(ad->dev);
		return 0;
	}

	/* placed within the reach (place.c), not allocated and then refused */
	ad->bounce_va = wdm_coherent_alloc(ad, (size_t)nregs << PAGE_SHIFT, ad->reach,
					   &ad->bounce_dma, &ad->bounce_owner,
					   "bounce pages");
	if (!ad->bounce_va)
		goto nomem;
	dev_dbg(ad->dev, "wdmdma: %u bounce pages at %pad\n", nregs, &ad->bounce_dma);
	return 0;

nomem:
	wdm_mapregs_exit(ad);
	return -ENOMEM;
}

void wdm_mapregs_exit(struct wdm_adapter *ad)
{
	if (ad->bounce_va)
		wdm_coherent_free(ad, ad->bounce_owner, (size_t)ad->nregs << PAGE_SHIFT,
				  ad->bounce_va, ad->bounce_dma);
	ad->bounce_va = NULL;
	kvfree(ad->sgl);
	kvfree(ad->regs);
	bitmap_free(ad->bitmap);
	ad->sgl = NULL;
	ad->regs = NULL;
	ad->bitmap = NULL;
}

/* Grants @count consecutive registers, or NULL when no such run is free. */
struct wdm_mapreg *wdm_mapregs_get(struct wdm_adapter *ad, u32 count)
	__must_hold(&ad->lock)
{
	struct wdm_mapreg *base;
	unsigned long i;

	lockdep_assert_held(&ad->lock);
	/* first fit; nothing to search for while none is in use */
	i = ad->regs_in_use ? bitmap_find_next_zero_area(ad->bitmap, ad->nregs, 0, count, 0) : 0;
	if (i >= ad->nregs)
		return NULL;
	bitmap_set(ad->bitmap, i, count);
	base = &ad->regs[i];
	base->count = count;
	base->used = 0;
	base->owned = true;
	base->first_va = NULL;
	base->next_sg = NULL;
	ad->regs_in_use += count;
	wdm_stats_regs(ad, count);
	return base;
}

/* Returns a grant's registers; its mappings must be gone. */
void wdm_mapregs_put(struct wdm_mapreg *base)
	__must_hold(&base->ad->lock)
{
	struct wdm_adapter *ad = base->ad;

	lockdep_assert_held(&ad->lock);
	bitmap_clear(ad->bitmap, base->index, base->count);
	ad->regs_in_use -= base->count;
	wdm_stats_regs(ad, -(int)base->count);
	base->owned = false;
	base->count = 0;
}

/* Finds @offset bytes into the chain: the MDL and the offset inside it. */
static struct wdm_mdl *wdm_mdl_seek(struct wdm_mdl *mdl, u64 *offset)
{
	for (; mdl; mdl = mdl->next) {
		if (*offset < mdl->byte_count)
			return mdl;
		*offset -= mdl->byte_count;
	}
	return NULL;
}

static int wdm_map_bounce(struct wdm_mapreg *base, struct wdm_mdl *m,
			  u32 pi, u32 poff, u32 len, bool write, dma_addr_t *logical)
{
	struct wdm_adapter *ad = base->ad;
	u32 r = base->index + base->used;
	u32 done = 0, n = 0;

	*logical = ad->bounce_dma + ((dma_addr_t)r << PAGE_SHIFT) + poff;
	while (done < len) {
		struct wdm_mapreg *reg = &ad->regs[r + n];
		u32 off = n ? 0 : poff;
		u32 piece = min_t(u32, len - done, PAGE_SIZE - off);
		u8 *bounce = (u8 *)ad->bounce_va + ((size_t)(r + n) << PAGE_SHIFT) + off;

		reg->kind = WDM_REG_BOUNCE;
		reg->span = 1;
		reg->page = m->pages[pi + n];
		reg->offset = off;
		reg->len = piece;
		if (write) {
			memcpy_from_page(bounce, reg->page, off, piece);
			atomic64_add(piece, &ad->stats->bounce_bytes);
		}
		done += piece;
		n++;
	}
	base->used += n;
	return 0;
}

/*
 * The physically contiguous run at page @pi, offset @poff of @m: up to
 * @max bytes, no longer than ad->max_seg and not across the device's
 * segment boundary (direct DMA addresses follow physical ones), unless its
 * first page alone is. Returns its length; *pages gets the pages it spans.
 */
static inline u32 wdm_run(struct wdm_adapter *ad, struct wdm_mdl *m, u32 pi,
			  u32 poff, u32 max, u32 *pages)
{
	u32 len = min_t(u32, max, PAGE_SIZE - poff);
	unsigned long pfn = page_to_pfn(m->pages[pi]);
	phys_addr_t first = PFN_PHYS(pfn) + poff;
	u32 n = 1, more;

	while (len < max && len + PAGE_SIZE <= ad->max_seg &&
	       page_to_pfn(m->pages[pi + n]) == pfn + n) {
		more = min_t(u32, max - len, PAGE_SIZE);
		if ((first ^ (first + len + more - 1)) & ~(phys_addr_t)ad->seg_boundary)
			break;
		len += more;
		n++;
	}
	*pages = n;
	return len;
}

/*
 * Fills scatterlist entries from @sg on for @length bytes at @offset of @m
 * (@offset < @m->byte_count), continuing into the next MDLs of the chain:
 * one entry per run of wdm_run(). Returns the number of entries filled.
 */
static u32 wdm_sg_fill(struct wdm_adapter *ad, struct scatterlist *sg,
		       struct wdm_mdl *m, u64 offset, u32 length)
{
	u32 k = 0;

	while (length) {
		u32 piece = min_t(u64, length, m->byte_count - offset);
		u32 pos = m->byte_offset + (u32)offset;
		u32 pi = pos >> PAGE_SHIFT, poff = offset_in_page(pos);

		length -= piece;
		while (piece) {
			u32 n, len = wdm_run(ad, m, pi, poff, piece, &n);

			sg_set_page(&sg[k++], m->pages[pi], len, poff);
			piece -= len;
			pi += n;
			poff = 0;
		}
		offset = 0;
		m = m->next;
	}
	return k;
}

/* Hands out the next piece of the grant's current WDM_REG_SG mapping. */
static inline void wdm_map_continue(struct wdm_mapreg *base, u32 *length,
				    dma_addr_t *logical)
{
	struct scatterlist *sg = base->next_sg;
	u32 left = sg_dma_len(sg) - base->next_sg_off;
	u32 len = min(*length, left);

	*logical = sg_dma_address(sg) + base->next_sg_off;
	*length = len;
	base->next_off += len;
	if (len < left) {
		base->next_sg_off += len;
	} else if (base->segs_left) {
		/* ad->sgl is one flat array: no chaining, sg_next() not needed */
		base->segs_left--;
		base->next_sg = sg + 1;
		base->next_sg_off = 0;
	} else {
		base->next_sg = NULL;
	}
}

/**
 * wdm_map_sg_at() - one dma_map_sg() over registers' scatterlist entries
 * @reg: the register that heads the mapping; its entry of ad->sgl and those
 *	 after it take the runs, which the free registers must cover
 * @m: the MDL @offset is in (@offset < @m->byte_count)
 * @offset: where the range starts in @m
 * @length: bytes, continuing into the next MDLs of the chain
 * @dir: the direction
 *
 * Adapters without bounce pages. @reg becomes a WDM_REG_SG mapping; its
 * span and the grant's use are the caller's.
 *
 * Return: the DMA segments (from ad->sgl[@reg->index] on), 0 when
 * dma_map_sg() failed (logged).
 */
int wdm_map_sg_at(struct wdm_mapreg *reg, struct wdm_mdl *m, u64 offset,
		  u32 length, enum dma_data_direction dir)
{
	struct wdm_adapter *ad = reg->ad;
	struct scatterlist *sg = &ad->sgl[reg->index];
	u32 k = wdm_sg_fill(ad, sg, m, offset, length);
	int nents = dma_map_sg(ad->dev, sg, k, dir);

	if (!nents) {
		dev_err(ad->dev, "wdmdma: dma_map_sg of %u bytes in %u runs failed\n",
			length, k);
		return 0;
	}
	reg->kind = WDM_REG_SG;
	reg->nents = k;
	return nents;
}

/*
 * Adapters without bounce pages: maps @len bytes at @off of @m with one
 * dma_map_sg() over the next free registers' entries, which @len must fit.
 */
static int wdm_map_sg(struct wdm_mapreg *base, struct wdm_mdl *m, u32 off,
		      u32 len, u32 poff, enum dma_data_direction dir)
{
	struct wdm_mapreg *reg = &base->ad->regs[base->index + base->used];
	int nents = wdm_map_sg_at(reg, m, off, len, dir);

	if (!nents)
		return -ENOMEM;
	reg->span = DIV_ROUND_UP(poff + len, PAGE_SIZE);
	base->used += reg->span;
	base->next_sg = &base->ad->sgl[reg->index];
	base->next_sg_off = 0;
	base->segs_left = nents - 1;
	base->next_mdl = m;
	base->next_off = off;
	return 0;
}

/*
 * Maps up to *length bytes at @offset of the chain through the grant's free
 * registers as one logical range. *length returns what was mapped.
 */
int wdm_mapregs_map(struct wdm_mapreg *base, struct wdm_mdl *mdl, u64 offset,
		    u32 *length, bool write, dma_addr_t *logical)
{
	struct wdm_adapter *ad = base->ad;
	enum dma_data_direction dir = write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	u32 avail = base->count - base->used;
	struct wdm_mdl *m;
	u32 pos, pi, poff, len, max, n;
	dma_addr_t dma;
	int err;

	m = wdm_mdl_seek(mdl, &offset);
	if (!m || !*length)
		return -EINVAL;
	if (base->used && base->write != write)
		return -EINVAL;
	if (base->next_sg && m == base->next_mdl && offset == base->next_off) {
		/* continues the previous map: already mapped */
		wdm_map_continue(base, length, logical);
		return 0;
	}
	if (!avail)
		return -ENOMEM;
	base->write = write;
	pos = m->byte_offset + (u32)offset;
	pi = pos >> PAGE_SHIFT;
	poff = offset_in_page(pos);
	max = min_t(u64, *length, m->byte_count - offset);
	/* what the free registers can cover from here */
	max = min_t(u64, max, (u64)avail * PAGE_SIZE - poff);

	if (ad->bounce_all) {
		*length = max;
		return wdm_map_bounce(base, m, pi, poff, max, write, logical);
	}
	if (!ad->bounce_va) {
		err = wdm_map_sg(base, m, (u32)offset, max, poff, dir);
		if (err)
			return err;
		wdm_map_continue(base, length, logical);
		return 0;
	}

	/* the physically contiguous run from here */
	len = wdm_run(ad, m, pi, poff, max, &n);
	dma = dma_map_page(ad->dev, m->pages[pi], poff, len, dir);
	if (dma_mapping_error(ad->dev, dma)) {
		dev_err(ad->dev, "wdmdma: dma_map_page of %u bytes failed\n", len);
		return -ENOMEM;
	}
	if (dma + len - 1 > ad->reach) {
		/* outside what the description says the device reaches */
		dma_unmap_page(ad->dev, dma, len, dir);
		*length = len;
		return wdm_map_bounce(base, m, pi, poff, len, write, logical);
	}
	{
		struct wdm_mapreg *reg = &ad->regs[base->index + base->used];

		reg->kind = WDM_REG_DIRECT;
		reg->span = n;
		reg->dma = dma;
		reg->len = len;
	}
	base->used += n;
	*length = len;
	*logical = dma;
	return 0;
}

/* Ends every mapping of the grant; copies bounced data back if asked. */
void wdm_mapregs_unmap_all(struct wdm_mapreg *base, bool copy_back)
{
	struct wdm_adapter *ad = base->ad;
	enum dma_data_direction dir = base->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct wdm_mapreg *reg;
	u32 i;

	for (i = 0; i < base->used; i += reg->span) {
		reg = &ad->regs[base->index + i];
		switch (reg->kind) {
		case WDM_REG_SG:
			dma_unmap_sg(ad->dev, &ad->sgl[reg->index], reg->nents, dir);
			break;
		case WDM_REG_DIRECT:
			dma_unmap_page(ad->dev, reg->dma, reg->len, dir);
			break;
		case WDM_REG_BOUNCE:
			if (copy_back && !base->write) {
				u8 *bounce = (u8 *)ad->bounce_va +
					     ((size_t)reg->index << PAGE_SHIFT) + reg->offset;

				memcpy_to_page(reg->page, reg->offset, bounce, reg->len);
				atomic64_add(reg->len, &ad->stats->bounce_bytes);
			}
			break;
		}
		reg->kind = WDM_REG_IDLE;
	}
	base->used = 0;
	base->first_va = NULL;
	base->next_sg = NULL;
}

dma_addr_t wdm_map_transfer(struct wdm_dma_adapter *adapter, struct wdm_mdl *mdl,
			    void *map_register_base, void *current_va,
			    u32 *length, bool write_to_device)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_mapreg *base;
	dma_addr_t logical = DMA_MAPPING_ERROR;
	u64 offset;
	int err;

	if (!length)
		return DMA_MAPPING_ERROR;
	base = wdm_mapregs_lookup(ad, map_register_base);
	if (!base || !mdl) {
		err = -EINVAL;
		dev_err(ad->dev, "wdmdma: map_transfer: %s\n",
			mdl ? "not a map register base of this adapter" : "no MDL");
		goto out;
	}
	if (base->next_sg && mdl == base->next_mdl && write_to_device == base->write &&
	    current_va == (u8 *)wdm_mdl_virtual_address(mdl) + base->next_off && *length) {
		/* the common case: the next piece of what the last map mapped */
		wdm_map_continue(base, length, &logical);
		err = 0;
		goto out;
	}
	err = wdm_mdl_locate(mdl, current_va, &offset);
	if (err) {
		dev_err(ad->dev, "wdmdma: map_transfer: current va outside the MDL\n");
		goto out;
	}
	if (!base->used)
		base->first_va = current_va;
	err = wdm_mapregs_map(base, mdl, offset, length, write_to_device, &logical);
	if (err)
		dev_err(ad->dev, "wdmdma: map_transfer: %d (%u of %u registers used)\n",
			err, base->used, base->count);
out:
	wdm_count(ad, WDM_OP_MAP_TRANSFER, err);
	if (err) {
		*length = 0;
		return DMA_MAPPING_ERROR;
	}
	return logical;
}

bool wdm_flush_adapter_buffers(struct wdm_dma_adapter *adapter,
			       struct wdm_mdl *mdl, void *map_register_base,
			       void *current_va, u32 length, bool write_to_device)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_mapreg *base = wdm_mapregs_lookup(ad, map_register_base);
	int err = 0;

	if (!base || !mdl) {
		err = -EINVAL;
		dev_err(ad->dev, "wdmdma: flush_adapter_buffers: bad %s\n",
			mdl ? "map register base" : "MDL");
	} else if (base->used && (current_va != base->first_va ||
				  write_to_device != base->write)) {
		err = -EINVAL;
		dev_err(ad->dev,
			"wdmdma: flush_adapter_buffers: current va or direction differs from the first map_transfer\n");
	} else if (!length) {
		err = -EINVAL;
		dev_err(ad->dev, "wdmdma: flush_adapter_buffers: zero length\n");
	} else {
		wdm_mapregs_unmap_all(base, true);
	}
	wdm_count(ad, WDM_OP_FLUSH, err);
	return !err;
}

int wdm_map_transfer_ex(struct wdm_dma_adapter *adapter, struct wdm_mdl *mdl,
			void *map_register_base, u64 offset, u32 device_offset,
			u32 *length, bool write_to_device,
			struct wdm_scatter_gather_list *sg_buffer,
			u32 sg_buffer_length,
			wdm_dma_completion_routine_t completion_routine,
			void *completion_context)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_mapreg *base = wdm_mapregs_lookup(ad, map_register_base);
	u32 max_el, want, done = 0;
	int err = 0;

	if (!base || !mdl || !length || !*length || completion_routine ||
	    device_offset || !sg_buffer) {
		err = -EINVAL;
		dev_err(ad->dev, "wdmdma: map_transfer_ex: invalid parameter\n");
		goto out;
	}
	if (sg_buffer_length < struct_size(sg_buffer, elements, 1)) {
		err = -ENOBUFS;
		dev_err(ad->dev, "wdmdma: map_transfer_ex: list buffer of %u bytes too small\n",
			sg_buffer_length);
		goto out;
	}
	if (base->used) {
		err = -EBADFD;
		dev_err(ad->dev, "wdmdma: map_transfer_ex: previous mapping not flushed\n");
		goto out;
	}
	if (offset >= wdm_mdl_chain_bytes(mdl)) {
		err = -EINVAL;
		dev_err(ad->dev, "wdmdma: map_transfer_ex: offset beyond the MDL chain\n");
		goto out;
	}
	max_el = (sg_buffer_length - sizeof(*sg_buffer)) / sizeof(sg_buffer->elements[0]);
	want = *length;
	base->first_offset = offset;
	sg_buffer->number_of_elements = 0;
	while (done < want && base->used < base->count &&
	       sg_buffer->number_of_elements < max_el) {
		struct wdm_scatter_gather_element *el;
		u32 len = want - done;
		dma_addr_t logical;

		if (offset + done >= wdm_mdl_chain_bytes(mdl))
			break;
		err = wdm_mapregs_map(base, mdl, offset + done, &len, write_to_device,
				      &logical);
		if (err)
			break;
		el = &sg_buffer->elements[sg_buffer->number_of_elements];
		if (sg_buffer->number_of_elements &&
		    el[-1].address + el[-1].length == logical) {
			el[-1].length += len;
		} else {
			el->address = logical;
			el->length = len;
			el->reserved = 0;
			sg_buffer->number_of_elements++;
		}
		done += len;
	}
	if (!done) {
		if (!err)
			err = -ENOMEM;
		dev_err(ad->dev, "wdmdma: map_transfer_ex: nothing mapped (%d)\n", err);
		wdm_mapregs_unmap_all(base, false);
	} else {
		err = 0;
	}
	*length = done;
out:
	wdm_count(ad, WDM_OP_MAP_TRANSFER_EX, err);
	return err;
}

int wdm_flush_adapter_buffers_ex(struct wdm_dma_adapter *adapter,
				 struct wdm_mdl *mdl, void *map_register_base,
				 u64 offset, u32 length, bool write_to_device)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_mapreg *base = wdm_mapregs_lookup(ad, map_register_base);
	int err = 0;

	if (!base || !mdl || !length) {
		err = -EINVAL;
		dev_err(ad->dev, "wdmdma: flush_adapter_buffers_ex: invalid parameter\n");
	} else if (base->used && (offset != base->first_offset ||
				  write_to_device != base->write)) {
		err = -EINVAL;
		dev_err(ad->dev,
			"wdmdma: flush_adapter_buffers_ex: offset or direction differs from map_transfer_ex\n");
	} else {
		wdm_mapregs_unmap_all(base, true);
	}
	wdm_count(ad, WDM_OP_FLUSH_EX, err);
	return err;
}
