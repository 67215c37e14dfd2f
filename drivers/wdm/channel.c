// SPDX-License-Identifier: GPL-2.0-only
/*
 * The adapter channel: one per adapter, held by one request at a time
 * together with the map registers it asked for.
 *
 *   submit -> [queued (FIFO) ->] granted (channel + registers) -> run
 *   the run (driver routine, or a list's) returns an action:
 *     KeepObject                     channel and registers stay held;
 *                                    FreeAdapterChannel releases both
 *     DeallocateObject               both released now
 *     DeallocateObjectKeepRegisters  channel released, the driver keeps the
 *                                    registers until FreeMapRegisters
 *
 * Only the head of the queue is ever granted, so a later request never
 * overtakes an earlier one. Grants are served by one dispatcher at a time:
 * a request that finds the channel and its registers free with nobody
 * queued is granted in its submitter, which becomes the dispatcher (the
 * fast path: two lock round trips, no allocation); whoever releases a
 * resource calls wdm_channel_dispatch(_locked)(), which returns at once
 * when a dispatcher is already active (on another CPU, or further up the
 * stack when a routine frees from inside its own callback); the active one
 * re-checks the queue after every routine. Routines run without the lock
 * and with preemption disabled (Windows DISPATCH_LEVEL), so a free from
 * inside a routine neither deadlocks nor recurses.
 */
#include <linux/hash.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include "internal.h"

void wdm_channel_init(struct wdm_adapter *ad)
{
	spin_lock_init(&ad->lock);
	INIT_LIST_HEAD(&ad->queue);
	hash_init(ad->sgls);
	hash_init(ad->outstanding);
}

static bool wdm_dev_outstanding(struct wdm_adapter *ad, struct device *dev)
	__must_hold(&ad->lock)
{
	struct wdm_request *r;

	lockdep_assert_held(&ad->lock);
	hash_for_each_possible(ad->outstanding, r, hnode, (unsigned long)dev)
		if (r->dev == dev)
			return true;
	return false;
}

/* Gives the channel and @base to @req. */
static void wdm_grant(struct wdm_adapter *ad, struct wdm_request *req,
		      struct wdm_mapreg *base)
	__must_hold(&ad->lock)
{
	lockdep_assert_held(&ad->lock);
	ad->channel_busy = true;
	ad->holder_base = base;
	if (req->ctx) {
		/* from here on the caller may reuse or free the context */
		req->ctx->state = WDM_CTX_DONE;
		req->ctx->req = NULL;
		req->ctx = NULL;
	}
	if (req->list)
		wdm_sgl_granted(ad, req, base);
}

/* Takes registers for @nregs; *base is NULL for zero registers. */
static bool wdm_take_regs(struct wdm_adapter *ad, u32 nregs, struct wdm_mapreg **base)
	__must_hold(&ad->lock)
{
	*base = NULL;
	if (!nregs)
		return true;
	*base = wdm_mapregs_get(ad, nregs);
	return *base;
}

static void wdm_unqueue(struct wdm_adapter *ad, struct wdm_request *req)
	__must_hold(&ad->lock)
{
	lockdep_assert_held(&ad->lock);
	list_del(&req->node);
	ad->queued--;
	atomic_dec(&ad->stats->queued);
	if (req->ctx)
		atomic_dec(&ad->stats->pending_contexts);
}

/* The head of the queue, granted, or NULL when it has to wait. */
static struct wdm_request *wdm_grant_next(struct wdm_adapter *ad,
					  struct wdm_mapreg **base)
	__must_hold(&ad->lock)
{
	struct wdm_request *req;

	lockdep_assert_held(&ad->lock);
	if (ad->channel_busy)
		return NULL;
	req = list_first_entry_or_null(&ad->queue, struct wdm_request, node);
	if (!req || !wdm_take_regs(ad, req->nregs, base))
		return NULL;
	wdm_unqueue(ad, req);
	wdm_grant(ad, req, *base);
	return req;
}

/* Releases the registers that go with the channel. */
static void wdm_release_holder_regs(struct wdm_adapter *ad)
	__must_hold(&ad->lock)
{
	struct wdm_mapreg *base = ad->holder_base;

	lockdep_assert_held(&ad->lock);
	ad->holder_base = NULL;
	if (!base)
		return;
	if (base->used) {
		dev_err(ad->dev, "wdmdma: %u map registers freed while mapped: unmapping\n",
			base->used);
		wdm_mapregs_unmap_all(base, false);
	}
	wdm_mapregs_put(base);
}

static void wdm_apply_action(struct wdm_adapter *ad,
			     enum wdm_io_allocation_action action)
	__must_hold(&ad->lock)
{
	lockdep_assert_held(&ad->lock);
	switch (action) {
	case WDM_KEEP_OBJECT:
		break;
	case WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS:
		ad->holder_base = NULL;
		ad->channel_busy = false;
		break;
	default:
		dev_err(ad->dev, "wdmdma: execution routine returned action %d: deallocating\n",
			action);
		fallthrough;
	case WDM_DEALLOCATE_OBJECT:
		wdm_release_holder_regs(ad);
		ad->channel_busy = false;
		break;
	}
}

/*
 * Runs granted @req without the lock and applies its action under it; the
 * lock is held on entry and on return (@flags from the caller's irqsave).
 * After the run, @req is only handed to ->done: a list may be gone.
 */
static void wdm_run_locked(struct wdm_adapter *ad, struct wdm_request *req,
			   struct wdm_mapreg *base, unsigned long flags)
	__must_hold(&ad->lock)
{
	void (*done)(struct wdm_request *req) = req->done;
	bool one = req->one_per_device;
	enum wdm_io_allocation_action action;

	spin_unlock_irqrestore(&ad->lock, flags);
	preempt_disable();
	if (req->list)
		action = wdm_sgl_exec(req, base);
	else
		action = req->routine(req->dev, base, req->context);
	preempt_enable();
	spin_lock_irqsave(&ad->lock, flags);
	if (one)
		hash_del(&req->hnode);
	wdm_apply_action(ad, action);
	if (done)
		done(req);
}

/*
 * The dispatcher: runs @req (granted by the caller, who set ad->dispatching
 * under the lock), then every waiter whose turn has come, until the head of
 * the queue has to wait. Entered with the lock held; returns without it.
 */
static void wdm_serve(struct wdm_adapter *ad, struct wdm_request *req,
		      struct wdm_mapreg *base, unsigned long flags)
	__releases(&ad->lock)
{
	lockdep_assert_held(&ad->lock);
	do {
		wdm_run_locked(ad, req, base, flags);
		req = wdm_grant_next(ad, &base);
	} while (req);
	ad->dispatching = false;
	spin_unlock_irqrestore(&ad->lock, flags);
}

/**
 * wdm_channel_dispatch_locked() - serve waiters whose resources are free
 * @ad: the adapter, its lock held
 * @flags: from the spin_lock_irqsave() that took it
 *
 * Returns at once when a dispatcher is already active (on another CPU, or
 * further up the stack when a routine frees from inside its own callback):
 * that one re-checks the queue after every routine.
 *
 * Context: atomic or process. Releases ad->lock.
 */
void wdm_channel_dispatch_locked(struct wdm_adapter *ad, unsigned long flags)
	__releases(&ad->lock)
{
	struct wdm_request *req;
	struct wdm_mapreg *base;

	lockdep_assert_held(&ad->lock);
	if (!ad->dispatching) {
		req = wdm_grant_next(ad, &base);
		if (req) {
			ad->dispatching = true;
			wdm_serve(ad, req, base, flags);
			return;
		}
	}
	spin_unlock_irqrestore(&ad->lock, flags);
}

/**
 * wdm_channel_dispatch() - serve waiters whose resources are free
 * @ad: the adapter
 *
 * Context: atomic or process; never with ad->lock held.
 */
void wdm_channel_dispatch(struct wdm_adapter *ad)
{
	unsigned long flags;

	spin_lock_irqsave(&ad->lock, flags);
	wdm_channel_dispatch_locked(ad, flags);
}

static void wdm_free_request(struct wdm_request *req)
{
	kfree(req);
}

/**
 * wdm_channel_submit() - serve a request now, or queue it
 * @ad: the adapter
 * @req: the request; on success the channel layer owns it until ->release
 *	 or ->done (an @req->on_stack request only until this returns)
 * @synchronous: DMA_SYNCHRONOUS_CALLBACK: serve now or fail with -ENOMEM
 * @map_register_base: synchronous requests without routine: where the granted
 *                     registers are returned (the caller then holds the
 *                     channel until free_adapter_object)
 *
 * A request that finds the channel and its registers free, and nobody
 * queued before it, is granted and run here with one lock round trip for
 * the grant and one for the action; the caller is then the dispatcher and
 * also serves whoever queued meanwhile.
 *
 * Return: 0, -EBADFD (device already has a request outstanding), -ENOMEM
 * (synchronous and not free now, or no memory to queue), or the context's
 * error. On error the request is not released: the caller still owns it.
 */
int wdm_channel_submit(struct wdm_adapter *ad, struct wdm_request *req,
		       bool synchronous, void **map_register_base)
{
	struct wdm_mapreg *base;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&ad->lock, flags);
	if (req->one_per_device && wdm_dev_outstanding(ad, req->dev)) {
		err = -EBADFD;
		goto unlock;
	}
	if (req->ctx) {
		err = wdm_context_claim(ad, (struct wdm_dma_transfer_context *)req->ctx, req);
		if (err)
			goto unlock;
	}
	/*
	 * Served now when free. An asynchronous request does not overtake a
	 * dispatcher that is between two routines: it queues, and that
	 * dispatcher (maybe further up this stack) serves it.
	 */
	if (!ad->channel_busy && list_empty(&ad->queue) &&
	    (synchronous || !ad->dispatching) &&
	    wdm_take_regs(ad, req->nregs, &base)) {
		wdm_grant(ad, req, base);
		if (!req->list && !req->routine) {
			/* the caller holds the channel until free_adapter_object */
			spin_unlock_irqrestore(&ad->lock, flags);
			*map_register_base = base;
			if (!req->on_stack)
				req->release(req);
			return 0;
		}
		if (req->one_per_device)
			hash_add(ad->outstanding, &req->hnode, (unsigned long)req->dev);
		if (map_register_base)
			*map_register_base = base;
		if (!ad->dispatching) {
			ad->dispatching = true;
			wdm_serve(ad, req, base, flags);
			return 0;
		}
		/* synchronous, inside a routine that freed the channel */
		wdm_run_locked(ad, req, base, flags);
		wdm_channel_dispatch_locked(ad, flags);
		return 0;
	}
	if (synchronous) {
		if (req->ctx)
			req->ctx->state = WDM_CTX_DONE;
		err = -ENOMEM;
		goto unlock;
	}
	if (req->on_stack) {
		req = kmemdup(req, sizeof(*req), GFP_ATOMIC);
		if (!req) {
			err = -ENOMEM;
			goto unlock;
		}
		req->on_stack = false;
		req->done = wdm_free_request;
		req->release = wdm_free_request;
	}
	list_add_tail(&req->node, &ad->queue);
	ad->queued++;
	atomic_inc(&ad->stats->queued);
	if (req->ctx) {
		req->ctx->state = WDM_CTX_QUEUED;
		req->ctx->req = req;
		atomic_inc(&ad->stats->pending_contexts);
	}
	if (req->one_per_device)
		hash_add(ad->outstanding, &req->hnode, (unsigned long)req->dev);
	/* whoever holds what it waits for serves it when freeing that */
unlock:
	spin_unlock_irqrestore(&ad->lock, flags);
	return err;
}

/* Removes a queued request that will never run; the caller releases it. */
void wdm_channel_cancel(struct wdm_adapter *ad, struct wdm_request *req)
	__must_hold(&ad->lock)
{
	lockdep_assert_held(&ad->lock);
	wdm_unqueue(ad, req);
	if (req->one_per_device)
		hash_del(&req->hnode);
	if (req->ctx) {
		req->ctx->state = WDM_CTX_DONE;
		req->ctx->req = NULL;
	}
}

/*
 * Teardown: drops every queued request without running it and takes the
 * channel back. Returns how many requests were dropped.
 */
unsigned int wdm_channel_drain(struct wdm_adapter *ad)
{
	struct wdm_request *req, *tmp;
	unsigned long flags;
	unsigned int n = 0;
	LIST_HEAD(dropped);

	spin_lock_irqsave(&ad->lock, flags);
	list_for_each_entry_safe(req, tmp, &ad->queue, node) {
		wdm_channel_cancel(ad, req);
		list_add_tail(&req->node, &dropped);
		n++;
	}
	if (ad->channel_busy) {
		wdm_release_holder_regs(ad);
		ad->channel_busy = false;
	}
	spin_unlock_irqrestore(&ad->lock, flags);
	list_for_each_entry_safe(req, tmp, &dropped, node)
		req->release(req);
	return n;
}

/* ---- AllocateAdapterChannel(Ex) and the frees ---------------------------- */

static int wdm_channel_request(struct wdm_adapter *ad, enum wdm_op op,
			       struct device *dev, struct wdm_dma_transfer_context *ctx,
			       u32 nregs, u32 flags, wdm_driver_control_t routine,
			       void *context, void **map_register_base)
{
	bool sync = flags & WDM_DMA_SYNCHRONOUS_CALLBACK;
	int err;

	if (!dev || (flags & ~WDM_DMA_SYNCHRONOUS_CALLBACK) ||
	    (map_register_base && !sync) || (!routine && !map_register_base)) {
		dev_err(ad->dev, "wdmdma: allocate_adapter_channel: invalid parameter\n");
		err = -EINVAL;
		goto out;
	}
	if (nregs > ad->nregs) {
		dev_err(ad->dev, "wdmdma: allocate_adapter_channel: %u map registers, the adapter has %u\n",
			nregs, ad->nregs);
		err = -ENOMEM;
		goto out;
	}
	{
		/* copied to the heap only if it has to wait */
		struct wdm_request req = {
			.dev = dev,
			.nregs = nregs,
			.one_per_device = !!routine,
			.on_stack = true,
			.ctx = ctx ? wdm_xctx(ctx) : NULL,
			.routine = routine,
			.context = context,
		};

		err = wdm_channel_submit(ad, &req, sync, map_register_base);
	}
	if (err) {
		dev_dbg(ad->dev, "wdmdma: allocate_adapter_channel for %s: %d\n",
			dev_name(dev), err);
		if (err == -EBADFD)
			dev_err(ad->dev, "wdmdma: %s already has a channel request outstanding\n",
				dev_name(dev));
	}
out:
	wdm_count(ad, op, err);
	return err;
}

int wdm_allocate_adapter_channel(struct wdm_dma_adapter *adapter,
				 struct device *dev, u32 number_of_map_registers,
				 wdm_driver_control_t execution_routine,
				 void *context)
{
	struct wdm_adapter *ad = to_wdm(adapter);

	if (!execution_routine) {
		dev_err(ad->dev, "wdmdma: allocate_adapter_channel: no execution routine\n");
		wdm_count(ad, WDM_OP_ALLOC_CHANNEL, -EINVAL);
		return -EINVAL;
	}
	return wdm_channel_request(ad, WDM_OP_ALLOC_CHANNEL, dev, NULL,
				   number_of_map_registers, 0, execution_routine,
				   context, NULL);
}

int wdm_allocate_adapter_channel_ex(struct wdm_dma_adapter *adapter,
				    struct device *dev,
				    struct wdm_dma_transfer_context *ctx,
				    u32 number_of_map_registers, u32 flags,
				    wdm_driver_control_t execution_routine,
				    void *context, void **map_register_base)
{
	struct wdm_adapter *ad = to_wdm(adapter);

	if (!ctx) {
		dev_err(ad->dev, "wdmdma: allocate_adapter_channel_ex: no transfer context\n");
		wdm_count(ad, WDM_OP_ALLOC_CHANNEL_EX, -EINVAL);
		return -EINVAL;
	}
	return wdm_channel_request(ad, WDM_OP_ALLOC_CHANNEL_EX, dev, ctx,
				   number_of_map_registers, flags,
				   execution_routine, context, map_register_base);
}

void wdm_free_adapter_channel(struct wdm_dma_adapter *adapter)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&ad->lock, flags);
	if (ad->channel_busy) {
		wdm_release_holder_regs(ad);
		ad->channel_busy = false;
	} else {
		err = -EBADFD;
	}
	wdm_channel_dispatch_locked(ad, flags);
	if (err)
		dev_err(ad->dev, "wdmdma: free_adapter_channel: the channel is not allocated\n");
	wdm_count(ad, WDM_OP_FREE_CHANNEL, err);
}

void wdm_free_map_registers(struct wdm_dma_adapter *adapter,
			    void *map_register_base, u32 number_of_map_registers)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	struct wdm_mapreg *base;
	unsigned long flags;
	int err = 0;

	if (!map_register_base && !number_of_map_registers)
		goto out;
	spin_lock_irqsave(&ad->lock, flags);
	base = wdm_mapregs_lookup(ad, map_register_base);
	if (!base || base->count != number_of_map_registers) {
		err = -EINVAL;
	} else {
		if (ad->holder_base == base)
			ad->holder_base = NULL;
		if (base->used) {
			dev_err(ad->dev, "wdmdma: free_map_registers before flush_adapter_buffers: unmapping\n");
			wdm_mapregs_unmap_all(base, false);
		}
		wdm_mapregs_put(base);
	}
	wdm_channel_dispatch_locked(ad, flags);
	if (err)
		dev_err(ad->dev, "wdmdma: free_map_registers: not a grant of %u registers\n",
			number_of_map_registers);
out:
	wdm_count(ad, WDM_OP_FREE_MAPREGS, err);
}

void wdm_free_adapter_object(struct wdm_dma_adapter *adapter,
			     enum wdm_io_allocation_action action)
{
	struct wdm_adapter *ad = to_wdm(adapter);
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&ad->lock, flags);
	if (action != WDM_KEEP_OBJECT && action != WDM_DEALLOCATE_OBJECT &&
	    action != WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS)
		err = -EINVAL;
	else if (!ad->channel_busy)
		err = -EBADFD;
	else
		wdm_apply_action(ad, action);
	wdm_channel_dispatch_locked(ad, flags);
	if (err)
		dev_err(ad->dev, "wdmdma: free_adapter_object(%d): %s\n", action,
			err == -EINVAL ? "unknown action" : "the channel is not allocated");
	wdm_count(ad, WDM_OP_FREE_OBJECT, err);
}
