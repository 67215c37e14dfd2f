// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scatter/gather lists: a channel request (channel.c) whose run maps the
 * whole buffer through the granted registers (mapregs.c), hands the list to
 * the driver's AdapterListControl routine, then releases the channel and
 * leaves the registers with the list until PutScatterGatherList.
 *
 * A list buffer is [list header | elements[nregs] | struct wdm_sgl_priv];
 * CalculateScatterGatherList reports that size, so a caller buffer of that
 * size always fits. The element array is sized by the pages the buffer spans
 * (first-page offset included), never by a fixed limit.
 *
 * Where the device reaches every page (no bounce pages on the adapter) the
 * list is one dma_map_sg() over the adapter's scatterlist entries of the
 * granted registers; otherwise it is built run by run by the map register
 * layer, bouncing what the device cannot reach.
 *
 * Cost per list: the grant and the release of the channel take ad->lock
 * once each (the list is linked into ad->sgls at the grant), put once
 * (find and unlink, unmap, return the registers and serve waiters) where
 * unmapping is cheap and copies nothing (ad->unmap_locked), otherwise
 * twice, unmapping between the two. The buffer of the last list put is
 * kept for the next one.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include "internal.h"

/* Registers (pages spanned) of [offset, offset + length) of a chain. */
static int wdm_chain_span(struct wdm_mdl *mdl, u64 offset, u32 length, u32 *nregs)
{
	u64 n = 0;

	for (; mdl && offset >= mdl->byte_count; mdl = mdl->next)
		offset -= mdl->byte_count;
	while (length) {
		u32 piece;

		if (!mdl)
			return -EINVAL;
		piece = min_t(u64, length, mdl->byte_count - offset);
		n += wdm_span_pages(mdl->byte_offset + offset, piece);
		length -= piece;
		offset = 0;
		mdl = mdl->next;
	}
	if (n > U32_MAX)
		return -EINVAL;
	*nregs = n;
	return 0;
}

static size_t wdm_sgl_elements_size(u32 n)
{
	return ALIGN(struct_size_t(struct wdm_scatter_gather_list, elements, n), 8);
}

static size_t wdm_sgl_size(u32 n)
{
	return wdm_sgl_elements_size(n) + sizeof(struct wdm_sgl_priv);
}

/*
 * Appends a DMA segment to @list, joined to the last element where they
 * touch and the sum is still one segment the device takes: no longer than
 * its maximum segment size, not across its segment boundary.
 */
static void wdm_sgl_add(const struct wdm_adapter *ad,
			struct wdm_scatter_gather_list *list, dma_addr_t a, u32 len)
{
	struct wdm_scatter_gather_element *el = &list->elements[list->number_of_elements];

	if (list->number_of_elements && el[-1].address + el[-1].length == a &&
	    (u64)el[-1].length + len <= ad->seg_size &&
	    !((el[-1].address ^ (a + len - 1)) & ~(u64)ad->seg_boundary)) {
		el[-1].length += len;
		return;
	}
	el->address = a;
	el->length = len;
	el->reserved = 0;
	list->number_of_elements++;
}

/* Direct: one dma_map_sg over the granted registers' scatterlist entries. */
static int wdm_sgl_map_sg(struct wdm_sgl_priv *p, struct wdm_mapreg *base)
{
	struct wdm_adapter *ad = p->ad;
	struct scatterlist *sg0 = &ad->sgl[base->index];
	struct wdm_mdl *m = p->mdl;
	u64 off = p->offset;
	int nents, i;

	for (; off >= m->byte_count; m = m->next)
		off -= m->byte_count;
	nents = wdm_map_sg_at(base, m, off, p->length,
			      p->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	if (!nents)
		return -ENOMEM;
	/* ad->sgl is one flat array: no chaining, sg_next() not needed */
	for (i = 0; i < nents; i++)
		wdm_sgl_add(ad, p->list, sg_dma_address(&sg0[i]), sg_dma_len(&sg0[i]));
	base->write = p->write;
	base->span = base->count;
	base->used = base->count;
	return 0;
}

/* Through the map register layer, run by run, bouncing where needed. */
static int wdm_sgl_map_regs(struct wdm_sgl_priv *p, struct wdm_mapreg *base)
{
	u32 done = 0;

	while (done < p->length) {
		u32 len = p->length - done;
		dma_addr_t a;
		int err;

		err = wdm_mapregs_map(base, p->mdl, p->offset + done, &len, p->write, &a);
		if (err) {
			wdm_mapregs_unmap_all(base, false);
			return err;
		}
		wdm_sgl_add(p->ad, p->list, a, len);
		done += len;
	}
	return 0;
}

/* Buffers of lists wdmdma allocates: one freed buffer is kept per adapter. */
static struct wdm_scatter_gather_list *
wdm_sgl_alloc(struct wdm_adapter *ad, size_t size, size_t *alloc_size)
{
	struct wdm_scatter_gather_list *list = xchg(&ad->sgl_cache, NULL);

	if (list) {
		/* while cached, ->reserved holds the buffer's size */
		if (list->reserved >= size) {
			*alloc_size = list->reserved;
			return list;
		}
		kfree(list);
	}
	*alloc_size = kmalloc_size_roundup(size);
	return kmalloc(*alloc_size, GFP_ATOMIC);
}

static void wdm_sgl_cache_put(struct wdm_adapter *ad,
			      struct wdm_scatter_gather_list *list, size_t alloc_size)
{
	list->reserved = alloc_size;
	if (cmpxchg(&ad->sgl_cache, NULL, list))
		kfree(list);
}

void wdm_sgl_cache_exit(struct wdm_adapter *ad)
{
	kfree(ad->sgl_cache);
	ad->sgl_cache = NULL;
}

static void wdm_sgl_free(struct wdm_sgl_priv *p)
{
	if (!p->caller_buffer)
		wdm_sgl_cache_put(p->ad, p->list, p->alloc_size);
}

/*
 * The run of a list's request: maps, hands the list to the driver's
 * routine, and leaves the registers with the list. The list went live
 * (wdm_sgl_granted()) with the grant.
 */
enum wdm_io_allocation_action wdm_sgl_exec(struct wdm_request *req,
					   struct wdm_mapreg *base)
{
	struct wdm_sgl_priv *p = container_of(req, struct wdm_sgl_priv, req);
	struct wdm_scatter_gather_list *list = p->list;
	wdm_driver_list_control_t routine = p->routine;
	struct wdm_adapter *ad = p->ad;
	struct device *dev = req->dev;
	void *context = p->context;
	unsigned long flags;
	int status;

	list->number_of_elements = 0;
	status = ad->bounce_va ? wdm_sgl_map_regs(p, base) : wdm_sgl_map_sg(p, base);
	if (p->status_out)
		*p->status_out = status;
	if (!status) {
		if (routine)
			routine(dev, list, context);
		/* the list may be put and freed by now: p is not touched again */
		return WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS;
	}
	dev_err(ad->dev, "wdmdma: scatter/gather list of %u bytes: mapping failed (%d)\n",
		p->length, status);
	spin_lock_irqsave(&ad->lock, flags);
	hash_del(&p->hnode);
	spin_unlock_irqrestore(&ad->lock, flags);
	if (routine)
		routine(dev, NULL, context);
	wdm_sgl_free(p);
	return WDM_DEALLOCATE_OBJECT;
}

/* A list request dropped (cancelled, drained) before it was granted. */
static void wdm_sgl_release(struct wdm_request *req)
{
	wdm_sgl_free(container_of(req, struct wdm_sgl_priv, req));
}

static int wdm_sgl_request(struct wdm_adapter *ad, enum wdm_op op,
			   struct device *dev, struct wdm_dma_transfer_context *ctx,
			   struct wdm_mdl *mdl, u64 offset, u32 length, u32 flags,
			   wdm_driver_list_control_t routine, void *context,
			   bool write, void *buf, u32 buflen,
			   struct wdm_scatter_gather_list **out)
{
	bool sync = flags & WDM_DMA_SYNCHRONOUS_CALLBACK;
	struct wdm_scatter_gather_list *list;
	struct wdm_sgl_priv *p;
	int err, status = 0;
	size_t size, alloc_size = 0;
	u32 nregs;

	if (!dev || !mdl || !length || (flags & ~WDM_DMA_SYNCHRONOUS_CALLBACK) ||
	    (out && !sync) || (!routine && !out)) {
		dev_err(ad->dev, "wdmdma: scatter/gather list: invalid parameter\n");
		err = -EINVAL;
		goto out;
	}
	err = wdm_chain_span(mdl, offset, length, &nregs);
	if (err) {
		dev_err(ad->dev, "wdmdma: scatter/gather list: %u bytes at %llu exceed the MDL chain\n",
			length, offset);
		goto out;
	}
	if (nregs > ad->nregs) {
		dev_err(ad->dev, "wdmdma: scatter/gather list: %u map registers needed, adapter has %u\n",
			nregs, ad->nregs);
		err = -ENOMEM;
		goto out;
	}
	size = wdm_sgl_size(nregs);
	if (buf) {
		if (buflen < size) {
			dev_dbg(ad->dev, "wdmdma: list buffer %u bytes, %zu needed\n",
				buflen, size);
			err = -ENOBUFS;
			goto out;
		}
		if (!IS_ALIGNED((unsigned long)buf, 8)) {
			dev_err(ad->dev, "wdmdma: list buffer not 8-byte aligned\n");
			err = -EINVAL;
			goto out;
		}
		list = buf;
	} else {
		list = wdm_sgl_alloc(ad, size, &alloc_size);
		if (!list) {
			err = -ENOMEM;
			goto out;
		}
	}
	p = (void *)((u8 *)list + wdm_sgl_elements_size(nregs));
	memset(p, 0, sizeof(*p));
	p->magic = WDM_SGL_MAGIC;
	p->caller_buffer = !!buf;
	p->alloc_size = alloc_size;
	p->write = write;
	p->ad = ad;
	p->mdl = mdl;
	p->offset = offset;
	p->length = length;
	p->routine = routine;
	p->context = context;
	p->list = list;
	p->status_out = sync ? &status : NULL;
	list->number_of_elements = 0;
	list->reserved = (unsigned long)p;
	p->req.dev = dev;
	p->req.nregs = nregs;
	p->req.ctx = ctx ? wdm_xctx(ctx) : NULL;
	p->req.list = true;
	p->req.release = wdm_sgl_release;

	err = wdm_channel_submit(ad, &p->req, sync, NULL);
	if (err) {
		wdm_sgl_free(p);
		goto out;
	}
	if (sync) {
		err = status;
		if (!err && out)
			*out = list;
	}
out:
	wdm_count(ad, op, err);
	return err;
}

int wdm_get_scatter_gather_list(struct wdm_dma_adapter *adapter,
				struct device *dev, struct wdm_mdl *mdl,
				void *current_va, u32 length,
				wdm_driver_list_control_t execution_routine,
				void *context, bool write_to_device)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	u64 offset = 0;

	if (!mdl || !execution_routine || wdm_mdl_locate(mdl, current_va, &offset)) {
		dev_err(ad->dev, "wdmdma: get_scatter_gather_list: invalid parameter\n");
		wdm_count(ad, WDM_OP_GET_SGL, -EINVAL);
		return -EINVAL;
	}
	return wdm_sgl_request(ad, WDM_OP_GET_SGL, dev, NULL, mdl, offset, length, 0,
			       execution_routine, context, write_to_device, NULL, 0,
			       NULL);
}

int wdm_build_scatter_gather_list(struct wdm_dma_adapter *adapter,
				  struct device *dev, struct wdm_mdl *mdl,
				  void *current_va, u32 length,
				  wdm_driver_list_control_t execution_routine,
				  void *context, bool write_to_device,
				  void *sg_buffer, u32 sg_buffer_length)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	u64 offset = 0;

	if (!mdl || !execution_routine || !sg_buffer ||
	    wdm_mdl_locate(mdl, current_va, &offset)) {
		dev_err(ad->dev, "wdmdma: build_scatter_gather_list: invalid parameter\n");
		wdm_count(ad, WDM_OP_BUILD_SGL, -EINVAL);
		return -EINVAL;
	}
	return wdm_sgl_request(ad, WDM_OP_BUILD_SGL, dev, NULL, mdl, offset, length, 0,
			       execution_routine, context, write_to_device,
			       sg_buffer, sg_buffer_length, NULL);
}

int wdm_get_scatter_gather_list_ex(struct wdm_dma_adapter *adapter,
				   struct device *dev,
				   struct wdm_dma_transfer_context *ctx,
				   struct wdm_mdl *mdl, u64 offset, u32 length,
				   u32 flags,
				   wdm_driver_list_control_t execution_routine,
				   void *context, bool write_to_device,
				   wdm_dma_completion_routine_t completion_routine,
				   void *completion_context,
				   struct wdm_scatter_gather_list **sg_list)
{
	struct wdm_adapter *ad = to_wdm(adapter);

	if (!ctx || completion_routine) {
		dev_err(ad->dev, "wdmdma: get_scatter_gather_list_ex: %s\n",
			ctx ? "completion routines are for system DMA" : "no transfer context");
		wdm_count(ad, WDM_OP_GET_SGL_EX, -EINVAL);
		return -EINVAL;
	}
	return wdm_sgl_request(ad, WDM_OP_GET_SGL_EX, dev, ctx, mdl, offset, length,
			       flags, execution_routine, context, write_to_device,
			       NULL, 0, sg_list);
}

int wdm_build_scatter_gather_list_ex(struct wdm_dma_adapter *adapter,
				     struct device *dev,
				     struct wdm_dma_transfer_context *ctx,
				     struct wdm_mdl *mdl, u64 offset, u32 length,
				     u32 flags,
				     wdm_driver_list_control_t execution_routine,
				     void *context, bool write_to_device,
				     void *sg_buffer, u32 sg_buffer_length,
				     wdm_dma_completion_routine_t completion_routine,
				     void *completion_context,
				     struct wdm_scatter_gather_list **sg_list)
{
	struct wdm_adapter *ad = to_wdm(adapter);

	if (!ctx || completion_routine || !sg_buffer) {
		dev_err(ad->dev, "wdmdma: build_scatter_gather_list_ex: invalid parameter\n");
		wdm_count(ad, WDM_OP_BUILD_SGL_EX, -EINVAL);
		return -EINVAL;
	}
	return wdm_sgl_request(ad, WDM_OP_BUILD_SGL_EX, dev, ctx, mdl, offset, length,
			       flags, execution_routine, context, write_to_device,
			       sg_buffer, sg_buffer_length, sg_list);
}

/* The live list behind @list, or NULL. */
static struct wdm_sgl_priv *wdm_sgl_find(struct wdm_adapter *ad,
					 struct wdm_scatter_gather_list *list)
	__must_hold(&ad->lock)
{
	struct wdm_sgl_priv *p;

	lockdep_assert_held(&ad->lock);
	hash_for_each_possible(ad->sgls, p, hnode, (unsigned long)list)
		if (p->list == list)
			return p;
	return NULL;
}

void wdm_put_scatter_gather_list(struct wdm_dma_adapter *adapter,
				 struct wdm_scatter_gather_list *sg_list,
				 bool write_to_device)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_sgl_priv *p;
	struct wdm_mapreg *base;
	unsigned long flags;
	bool bad_dir;

	spin_lock_irqsave(&ad->lock, flags);
	p = wdm_sgl_find(ad, sg_list);
	if (!p) {
		spin_unlock_irqrestore(&ad->lock, flags);
		dev_err(ad->dev, "wdmdma: put_scatter_gather_list: not a list of this adapter\n");
		wdm_count(ad, WDM_OP_PUT_SGL, -EINVAL);
		return;
	}
	hash_del(&p->hnode);
	bad_dir = write_to_device != p->write;
	base = p->base;
	if (ad->unmap_locked) {
		/* cheap and copy-free: unmapped in the same lock round trip */
		wdm_mapregs_unmap_all(base, true);
	} else {
		spin_unlock_irqrestore(&ad->lock, flags);
		wdm_mapregs_unmap_all(base, true);
		spin_lock_irqsave(&ad->lock, flags);
	}
	wdm_mapregs_put(base);
	wdm_channel_dispatch_locked(ad, flags);
	wdm_sgl_free(p);	/* p is gone from here on */
	if (bad_dir)
		dev_err(ad->dev, "wdmdma: put_scatter_gather_list: direction differs from the get\n");
	wdm_count(ad, WDM_OP_PUT_SGL, bad_dir ? -EINVAL : 0);
}

/* Teardown: unmaps and frees every list the driver did not put. */
unsigned int wdm_sgl_drain(struct wdm_adapter *ad)
{
	struct wdm_sgl_priv *p;
	struct wdm_mapreg *base;
	unsigned int n = 0;
	unsigned long flags;
	int bkt;

	for (;;) {
		spin_lock_irqsave(&ad->lock, flags);
		hash_for_each(ad->sgls, bkt, p, hnode) {
			hash_del(&p->hnode);
			break;
		}
		spin_unlock_irqrestore(&ad->lock, flags);
		if (!p)
			return n;
		base = p->base;
		wdm_mapregs_unmap_all(base, false);
		wdm_sgl_free(p);
		spin_lock_irqsave(&ad->lock, flags);
		wdm_mapregs_put(base);
		spin_unlock_irqrestore(&ad->lock, flags);
		n++;
	}
}

int wdm_calculate_scatter_gather_list(struct wdm_dma_adapter *adapter,
				      struct wdm_mdl *mdl, void *current_va,
				      u32 length, u32 *sg_list_size,
				      u32 *number_of_map_registers)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	u64 offset;
	u32 n;
	int err = 0;

	if (!sg_list_size || !length) {
		err = -EINVAL;
	} else if (mdl) {
		err = wdm_mdl_locate(mdl, current_va, &offset);
		if (!err)
			err = wdm_chain_span(mdl, offset, length, &n);
	} else if (current_va) {
		n = wdm_span_pages((unsigned long)current_va, length);
	} else {
		/* worst case: the buffer starts on the last byte of a page */
		n = wdm_span_pages(PAGE_SIZE - 1, length);
	}
	if (err) {
		dev_err(ad->dev, "wdmdma: calculate_scatter_gather_list: invalid parameter\n");
	} else {
		*sg_list_size = wdm_sgl_size(n);
		if (number_of_map_registers)
			*number_of_map_registers = n;
	}
	wdm_count(ad, WDM_OP_CALC_SGL, err);
	return err;
}

int wdm_get_dma_transfer_info(struct wdm_dma_adapter *adapter,
			      struct wdm_mdl *mdl, u64 offset, u32 length,
			      bool write_only, struct wdm_dma_transfer_info *info)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	u32 n = 0;
	int err = 0;

	if (!info || !mdl || !length ||
	    (info->version != WDM_DMA_TRANSFER_INFO_VERSION1 &&
	     info->version != WDM_DMA_TRANSFER_INFO_VERSION2))
		err = -EINVAL;
	else
		err = wdm_chain_span(mdl, offset, length, &n);
	if (err) {
		dev_err(ad->dev, "wdmdma: get_dma_transfer_info: invalid parameter\n");
	} else {
		info->map_register_count = n;
		info->scatter_gather_element_count = n;
		info->scatter_gather_list_size = wdm_sgl_size(n);
		if (info->version == WDM_DMA_TRANSFER_INFO_VERSION2)
			info->logical_page_count = n;
	}
	wdm_count(ad, WDM_OP_TRANSFER_INFO, err);
	return err;
}

int wdm_build_mdl_from_scatter_gather_list(struct wdm_dma_adapter *adapter,
					   struct wdm_scatter_gather_list *sg_list,
					   struct wdm_mdl *original_mdl,
					   struct wdm_mdl **target_mdl)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_sgl_priv *p;
	unsigned long flags;
	int err = 0;
	u32 i;

	if (!sg_list || !original_mdl || !target_mdl) {
		err = -EINVAL;
		goto out;
	}
	spin_lock_irqsave(&ad->lock, flags);
	p = wdm_sgl_find(ad, sg_list);
	spin_unlock_irqrestore(&ad->lock, flags);
	if (!p || p->mdl != original_mdl) {
		err = -EINVAL;
		goto out;
	}
	if (!ad->bounce_all) {
		/* walk the list's mappings: each heads @span registers */
		for (i = 0; i < p->base->used; i += ad->regs[p->base->index + i].span)
			if (ad->regs[p->base->index + i].kind == WDM_REG_BOUNCE)
				break;
		if (i >= p->base->used) {
			/* no double buffering: the original describes what the device sees */
			*target_mdl = original_mdl;
			goto out;
		}
		err = -EOPNOTSUPP;	/* partly bounced */
		goto out;
	}
	{
		struct wdm_mapreg *first = &ad->regs[p->base->index];
		u8 *va = (u8 *)ad->bounce_va + ((size_t)first->index << PAGE_SHIFT) +
			 first->offset;

		*target_mdl = wdm_allocate_mdl(va, p->length, GFP_ATOMIC);
		if (!*target_mdl)
			err = -ENOMEM;
	}
out:
	if (err)
		dev_err(ad->dev, "wdmdma: build_mdl_from_scatter_gather_list: %d\n", err);
	wdm_count(ad, WDM_OP_BUILD_MDL, err);
	return err;
}
