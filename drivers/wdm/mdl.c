// SPDX-License-Identifier: GPL-2.0-only
/*
 * MDLs: IoAllocateMdl + MmBuildMdlForNonPagedPool in one call. The buffer
 * may be in the linear map or in vmalloc space (dma_alloc_coherent returns
 * remapped memory under an IOMMU), so each page is looked up by kind.
 */
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "internal.h"

/**
 * wdm_allocate_mdl() - describe a virtually contiguous kernel buffer
 * @virtual_address: start of the buffer (linear map or vmalloc space)
 * @length: bytes, at least 1
 * @gfp: allocation flags for the descriptor (GFP_ATOMIC in atomic context)
 *
 * Fills the page array at once, like MmBuildMdlForNonPagedPool. The MDL
 * does not pin or own the memory; the caller keeps it alive until
 * wdm_free_mdl().
 *
 * Context: any, as allowed by @gfp.
 * Return: the MDL, or NULL for a zero length, a NULL or unmapped address,
 * or no memory.
 */
struct wdm_mdl *wdm_allocate_mdl(void *virtual_address, u32 length, gfp_t gfp)
{
	unsigned long va = (unsigned long)virtual_address;
	bool vmalloced = is_vmalloc_addr(virtual_address);
	struct wdm_mdl *mdl;
	u32 i, n;

	if (!virtual_address || !length) {
		pr_err("wdmdma: allocate_mdl: %s\n",
		       length ? "NULL address" : "zero length");
		return NULL;
	}
	if (!vmalloced && !virt_addr_valid(virtual_address)) {
		pr_err("wdmdma: allocate_mdl: %p is neither linear-mapped nor vmalloc\n",
		       virtual_address);
		return NULL;
	}
	n = wdm_span_pages(va, length);
	mdl = kmalloc(struct_size(mdl, pages, n), gfp);
	if (!mdl)
		return NULL;
	mdl->next = NULL;
	mdl->start_va = (void *)(va & PAGE_MASK);
	mdl->byte_offset = offset_in_page(va);
	mdl->byte_count = length;
	mdl->page_count = n;
	for (i = 0; i < n; i++) {
		void *p = (u8 *)mdl->start_va + (size_t)i * PAGE_SIZE;

		mdl->pages[i] = vmalloced ? vmalloc_to_page(p) : virt_to_page(p);
		if (!mdl->pages[i]) {
			pr_err("wdmdma: allocate_mdl: no page behind %p\n", p);
			kfree(mdl);
			return NULL;
		}
	}
	return mdl;
}
EXPORT_SYMBOL_GPL(wdm_allocate_mdl);

/**
 * wdm_free_mdl() - free an MDL (IoFreeMdl)
 * @mdl: from wdm_allocate_mdl() or build_mdl_from_scatter_gather_list, or
 *       NULL. Only this MDL is freed, not the rest of its chain.
 *
 * Context: any.
 */
void wdm_free_mdl(struct wdm_mdl *mdl)
{
	kfree(mdl);
}
EXPORT_SYMBOL_GPL(wdm_free_mdl);

u64 wdm_mdl_chain_bytes(struct wdm_mdl *mdl)
{
	u64 n = 0;

	for (; mdl; mdl = mdl->next)
		n += mdl->byte_count;
	return n;
}
