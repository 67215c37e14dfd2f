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

static void wdm_sgl_add(struct wdm_scatter_gather_list *list, dma_addr_t a, u32 len)
{
	struct wdm_scatter_gather_element *el = &list->elements[list->number_of_elements];

	if (list->number_of_elements && el[-1].address + el[-1].length == a &&
	    (u64)el[-1].length + len <= U32_MAX) {
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
	struct scatterlist *sg0 = &ad->sgl[base->index], *sg = sg0;
	enum dma_data_direction dir = p->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct wdm_mdl *m = p->mdl;
	u64 off = p->offset;
	u32 left = p->length, k = 0;
	int nents, i;

	for (; off >= m->byte_count; m = m->next)
		off -= m->byte_count;
	while (left) {
		u32 piece = min_t(u64, left, m->byte_count - off);
		u32 pos = m->byte_offset + off;
		u32 pi = pos >> PAGE_SHIFT, poff = offset_in_page(pos);

		left -= piece;
		while (piece) {
			u32 len = min_t(u32, piece, PAGE_SIZE - poff);
			unsigned long pfn = page_to_pfn(m->pages[pi]);
			u32 n = 1;

			while (len < piece && len + PAGE_SIZE <= ad->max_seg &&
			       page_to_pfn(m->pages[pi + n]) == pfn + n) {
				len += min_t(u32, piece - len, PAGE_SIZE);
				n++;
			}
			sg_set_page(sg++, m->pages[pi], len, poff);
			k++;
			piece -= len;
			pi += n;
			poff = 0;
		}
		off = 0;
		m = m->next;
	}
	nents = dma_map_sg(ad->dev, sg0, k, dir);
	if (!nents)
		return -ENOMEM;
	for_each_sg(sg0, sg, nents, i)
		wdm_sgl_add(p->list, sg_dma_address(sg), sg_dma_len(sg));
	p->via_sg = true;
	p->sg_nents = k;
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
		wdm_sgl_add(p->list, a, len);
		done += len;
	}
	return 0;
}

static enum wdm_io_allocation_action wdm_sgl_exec(struct wdm_request *req,
						  struct wdm_mapreg *base)
{
	struct wdm_sgl_priv *p = container_of(req, struct wdm_sgl_priv, req);
	struct wdm_adapter *ad = p->ad;
	unsigned long flags;

	p->base = base;
	p->list->number_of_elements = 0;
	p->status = ad->bounce_va ? wdm_sgl_map_regs(p, base) : wdm_sgl_map_sg(p, base);
	if (p->status) {
		dev_err(ad->dev, "wdmdma: scatter/gather list of %u bytes: mapping failed (%d)\n",
			p->length, p->status);
		p->put_done = true;
	} else {
		spin_lock_irqsave(&ad->lock, flags);
		list_add_tail(&p->node, &ad->sgls);
		spin_unlock_irqrestore(&ad->lock, flags);
	}
	if (p->status_out)
		*p->status_out = p->status;
	if (p->routine)
		p->routine(req->dev, p->status ? NULL : p->list, p->context);
	return p->status ? WDM_DEALLOCATE_OBJECT : WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS;
}

static void wdm_sgl_free(struct wdm_sgl_priv *p)
{
	if (!p->caller_buffer)
		kfree(p->list);
}

static void wdm_sgl_release(struct wdm_request *req)
{
	struct wdm_sgl_priv *p = container_of(req, struct wdm_sgl_priv, req);
	unsigned long flags;
	bool free_now;

	spin_lock_irqsave(&p->ad->lock, flags);
	p->req_done = true;
	/* a request dropped before running never had a live list */
	if (!p->base && list_empty(&p->node))
		p->put_done = true;
	free_now = p->put_done;
	spin_unlock_irqrestore(&p->ad->lock, flags);
	if (free_now)
		wdm_sgl_free(p);
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
	u32 nregs;
	size_t size;

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
		list = kmalloc(size, GFP_ATOMIC);
		if (!list) {
			err = -ENOMEM;
			goto out;
		}
	}
	p = (void *)((u8 *)list + wdm_sgl_elements_size(nregs));
	memset(p, 0, sizeof(*p));
	p->magic = WDM_SGL_MAGIC;
	INIT_LIST_HEAD(&p->node);
	p->caller_buffer = !!buf;
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
	p->req.run = wdm_sgl_exec;
	p->req.release = wdm_sgl_release;

	err = wdm_channel_submit(ad, &p->req, sync, NULL);
	if (err) {
		if (!buf)
			kfree(list);
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

/* The live list behind @list, unlinked from the adapter, or NULL. */
static struct wdm_sgl_priv *wdm_sgl_take(struct wdm_adapter *ad,
					 struct wdm_scatter_gather_list *list)
{
	struct wdm_sgl_priv *p, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&ad->lock, flags);
	list_for_each_entry(p, &ad->sgls, node) {
		if (p->list == list) {
			found = p;
			list_del_init(&p->node);
			break;
		}
	}
	spin_unlock_irqrestore(&ad->lock, flags);
	return found;
}

static void wdm_sgl_unmap(struct wdm_sgl_priv *p, bool copy_back)
{
	struct wdm_adapter *ad = p->ad;

	if (p->via_sg)
		dma_unmap_sg(ad->dev, &ad->sgl[p->base->index], p->sg_nents,
			     p->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	else
		wdm_mapregs_unmap_all(p->base, copy_back);
}

void wdm_put_scatter_gather_list(struct wdm_dma_adapter *adapter,
				 struct wdm_scatter_gather_list *sg_list,
				 bool write_to_device)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_sgl_priv *p = sg_list ? wdm_sgl_take(ad, sg_list) : NULL;
	unsigned long flags;
	bool free_now, bad_dir;

	if (!p) {
		dev_err(ad->dev, "wdmdma: put_scatter_gather_list: not a list of this adapter\n");
		wdm_count(ad, WDM_OP_PUT_SGL, -EINVAL);
		return;
	}
	bad_dir = write_to_device != p->write;
	if (bad_dir)
		dev_err(ad->dev, "wdmdma: put_scatter_gather_list: direction differs from the get\n");
	wdm_sgl_unmap(p, true);
	spin_lock_irqsave(&ad->lock, flags);
	wdm_mapregs_put(p->base);
	p->put_done = true;
	free_now = p->req_done;
	spin_unlock_irqrestore(&ad->lock, flags);
	if (free_now)
		wdm_sgl_free(p);	/* p is gone from here on */
	wdm_count(ad, WDM_OP_PUT_SGL, bad_dir ? -EINVAL : 0);
	wdm_channel_dispatch(ad);
}

/* Teardown: unmaps and frees every list the driver did not put. */
unsigned int wdm_sgl_drain(struct wdm_adapter *ad)
{
	struct wdm_sgl_priv *p;
	unsigned int n = 0;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&ad->lock, flags);
		p = list_first_entry_or_null(&ad->sgls, struct wdm_sgl_priv, node);
		if (p)
			list_del_init(&p->node);
		spin_unlock_irqrestore(&ad->lock, flags);
		if (!p)
			return n;
		wdm_sgl_unmap(p, false);
		spin_lock_irqsave(&ad->lock, flags);
		wdm_mapregs_put(p->base);
		spin_unlock_irqrestore(&ad->lock, flags);
		wdm_sgl_free(p);
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
	struct wdm_sgl_priv *p = NULL, *it;
	unsigned long flags;
	int err = 0;
	u32 i;

	if (!sg_list || !original_mdl || !target_mdl) {
		err = -EINVAL;
		goto out;
	}
	spin_lock_irqsave(&ad->lock, flags);
	list_for_each_entry(it, &ad->sgls, node)
		if (it->list == sg_list)
			p = it;
	spin_unlock_irqrestore(&ad->lock, flags);
	if (!p || p->mdl != original_mdl) {
		err = -EINVAL;
		goto out;
	}
	if (p->via_sg || !ad->bounce_all) {
		for (i = 0; !p->via_sg && i < p->base->used; i++)
			if (ad->regs[p->base->index + i].kind == WDM_REG_BOUNCE)
				break;
		if (p->via_sg || i == p->base->used) {
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
