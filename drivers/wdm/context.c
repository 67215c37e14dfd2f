// SPDX-License-Identifier: GPL-2.0-only
/*
 * Version 3 transfer contexts. The caller's DMA_TRANSFER_CONTEXT buffer
 * holds a struct wdm_xfer_ctx; its state is guarded by the lock of the
 * adapter it was initialized for:
 *
 *   IDLE --allocate--> QUEUED --granted--> DONE (ran or running)
 *     |                  |
 *     | cancel           | cancel: removed, never runs
 *     v                  v
 *   CANCELLED          DONE
 *     | allocate: -ECANCELED, routine never runs
 *     v
 *   DONE
 *
 * A synchronous request goes from IDLE straight to DONE. Once granted the
 * context is not written again, so the caller may reuse or free it from its
 * execution routine.
 */
#include "internal.h"

int wdm_initialize_dma_transfer_context(struct wdm_dma_adapter *adapter,
					struct wdm_dma_transfer_context *ctx)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_xfer_ctx *x;
	unsigned long flags;
	int err = 0;

	if (!ctx) {
		dev_err(ad->dev, "wdmdma: initialize_dma_transfer_context: no context\n");
		err = -EINVAL;
		goto out;
	}
	x = wdm_xctx(ctx);
	spin_lock_irqsave(&ad->lock, flags);
	if (x->magic == WDM_CTX_MAGIC && x->ad == ad && x->state == WDM_CTX_QUEUED) {
		err = -EBADFD;
	} else {
		memset(ctx, 0, sizeof(*ctx));
		x->magic = WDM_CTX_MAGIC;
		x->ad = ad;
		x->state = WDM_CTX_IDLE;
	}
	spin_unlock_irqrestore(&ad->lock, flags);
	if (err)
		dev_err(ad->dev, "wdmdma: initialize_dma_transfer_context: context has a request queued\n");
out:
	wdm_count(ad, WDM_OP_INIT_CONTEXT, err);
	return err;
}

/* May @ctx carry a new request? Consumes a cancel made in advance. */
int wdm_context_claim(struct wdm_adapter *ad, struct wdm_dma_transfer_context *ctx,
		      struct wdm_request *req)
	__must_hold(&ad->lock)
{
	struct wdm_xfer_ctx *x = wdm_xctx(ctx);

	lockdep_assert_held(&ad->lock);
	if (x->magic != WDM_CTX_MAGIC || x->ad != ad) {
		dev_err(ad->dev, "wdmdma: transfer context not initialized for this adapter\n");
		return -EINVAL;
	}
	switch (x->state) {
	case WDM_CTX_IDLE:
	case WDM_CTX_DONE:
		return 0;
	case WDM_CTX_CANCELLED:
		x->state = WDM_CTX_DONE;
		dev_dbg(ad->dev, "wdmdma: request cancelled in advance\n");
		return -ECANCELED;
	default:
		dev_err(ad->dev, "wdmdma: transfer context already used by a pending request\n");
		return -EINVAL;
	}
}

bool wdm_cancel_adapter_channel(struct wdm_dma_adapter *adapter,
				struct device *dev,
				struct wdm_dma_transfer_context *ctx)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_request *req = NULL;
	struct wdm_xfer_ctx *x;
	unsigned long flags;
	bool cancelled = false;
	int err = 0;

	if (!ctx) {
		err = -EINVAL;
		goto out;
	}
	x = wdm_xctx(ctx);
	spin_lock_irqsave(&ad->lock, flags);
	if (x->magic != WDM_CTX_MAGIC || x->ad != ad) {
		err = -EINVAL;
	} else if (x->state == WDM_CTX_IDLE || x->state == WDM_CTX_CANCELLED) {
		x->state = WDM_CTX_CANCELLED;
		cancelled = true;
	} else if (x->state == WDM_CTX_QUEUED) {
		if (dev && x->req->dev != dev) {
			err = -EINVAL;
		} else {
			req = x->req;
			wdm_channel_cancel(ad, req);
			cancelled = true;
		}
	}
	spin_unlock_irqrestore(&ad->lock, flags);
	if (req) {
		req->release(req);
		/* the head may have been all that blocked the next one */
		wdm_channel_dispatch(ad);
	}
out:
	if (err)
		dev_err(ad->dev, "wdmdma: cancel_adapter_channel: bad context or device\n");
	wdm_count(ad, WDM_OP_CANCEL_CHANNEL, err);
	return cancelled;
}
