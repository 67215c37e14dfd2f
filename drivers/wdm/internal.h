/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wdmdma internals: the adapter object and what each layer offers the one
 * above it.
 *
 *   adapter.c   IoGetDmaAdapter, PutDmaAdapter, the three tables, info
 *   common.c    common buffers (dma_alloc_coherent)
 *   place.c     coherent memory below a limit narrower than the device's mask
 *   mapregs.c   map registers: the pool, bounce pages, MapTransfer, Flush
 *   channel.c   the adapter channel: FIFO of requests, grants, actions
 *   context.c   version 3 transfer contexts and cancellation
 *   sglist.c    scatter/gather lists on top of channel + mapregs
 *   mdl.c       MDLs        status.c   NTSTATUS <-> errno
 *   debugfs.c   per-device statistics
 *
 * Locking: one spinlock per adapter (ad->lock, irq-safe) guards the register
 * bitmap, the channel, the queue, the outstanding-request hash, the hash of
 * live lists and the state of transfer contexts bound to the adapter.
 * Driver routines never run with it held. A request granted at once takes
 * it twice (grant, then the routine's action); the per-operation call
 * counters are per CPU.
 */
#ifndef _WDM_INTERNAL_H
#define _WDM_INTERNAL_H

#include <linux/dma-direction.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <wdm/dma.h>

/* Upper bound of map registers per adapter (pages + 1). */
#define WDM_MAX_MAP_REGISTERS		4097
/* Bounce-backed adapters hold their registers' pages: keep them smaller. */
#define WDM_MAX_BOUNCE_REGISTERS	257

/* Per-operation counters, in table order. */
enum wdm_op {
	WDM_OP_GET_ADAPTER, WDM_OP_PUT_ADAPTER,
	WDM_OP_ALLOC_COMMON, WDM_OP_FREE_COMMON,
	WDM_OP_ALLOC_CHANNEL, WDM_OP_FLUSH, WDM_OP_FREE_CHANNEL,
	WDM_OP_FREE_MAPREGS, WDM_OP_MAP_TRANSFER, WDM_OP_GET_ALIGNMENT,
	WDM_OP_READ_COUNTER, WDM_OP_GET_SGL, WDM_OP_PUT_SGL,
	WDM_OP_CALC_SGL, WDM_OP_BUILD_SGL, WDM_OP_BUILD_MDL,
	WDM_OP_ADAPTER_INFO, WDM_OP_TRANSFER_INFO, WDM_OP_INIT_CONTEXT,
	WDM_OP_ALLOC_COMMON_EX, WDM_OP_ALLOC_CHANNEL_EX, WDM_OP_CONFIGURE,
	WDM_OP_CANCEL_CHANNEL, WDM_OP_MAP_TRANSFER_EX, WDM_OP_GET_SGL_EX,
	WDM_OP_BUILD_SGL_EX, WDM_OP_FLUSH_EX, WDM_OP_FREE_OBJECT,
	WDM_OP_CANCEL_MAPPED,
	WDM_OP_COUNT
};

/* Calls per operation, per CPU (summed when read). */
struct wdm_op_calls {
	u64 n[WDM_OP_COUNT];
};

/* Statistics of one struct device, kept while wdmdma is loaded. */
struct wdm_devstats {
	struct list_head node;
	struct device *dev;		/* a reference is held */
	struct dentry *dir;
	atomic_t adapters;
	atomic_t regs_total;
	atomic_t regs_in_use;
	atomic_t regs_high_water;
	atomic_t queued;
	atomic_t pending_contexts;
	atomic_t common_buffers;
	atomic64_t bounce_bytes;
	struct wdm_op_calls __percpu *calls;
	atomic64_t errors[WDM_OP_COUNT];
};

/*
 * One map register. The first register of a grant is its map register base.
 * A grant's registers are consumed in order by mappings; each mapping is
 * described in its first register and covers @span registers (walk a
 * grant's mappings from its base by @span).
 */
struct wdm_mapreg {
	struct wdm_adapter *ad;
	u32 index;
	/* valid in the base register of a grant */
	u32 count;		/* registers granted */
	u32 used;		/* consumed by mappings since the last flush */
	void *first_va;		/* current va of the first map since the flush */
	u64 first_offset;	/* the same for the Ex routines */
	bool owned;		/* granted and not yet freed */
	bool write;		/* direction of the outstanding mappings */
	/*
	 * The WDM_REG_SG mapping the next map continues in, when it asks for
	 * @next_mdl at @next_off: DMA segment @next_sg, of which @next_sg_off
	 * bytes were handed out, and @segs_left segments after it. NULL: none.
	 */
	struct scatterlist *next_sg;
	struct wdm_mdl *next_mdl;
	u32 next_off;
	u32 next_sg_off;
	u32 segs_left;
	/* valid in the first register of a mapping */
	u8 kind;		/* WDM_REG_* */
	u32 span;		/* registers the mapping covers */
	u32 nents;		/* WDM_REG_SG: entries of ad->sgl given to dma_map_sg */
	dma_addr_t dma;		/* WDM_REG_DIRECT: mapping of the run */
	u32 len;		/* bytes of the run (direct) or of this page (bounce) */
	struct page *page;	/* WDM_REG_BOUNCE: the buffer page it mirrors */
	u32 offset;		/* ... and the offset in it */
};

/*
 * WDM_REG_SG: one dma_map_sg() of a range over the registers' entries of
 * ad->sgl (adapters without bounce pages). WDM_REG_DIRECT: one
 * dma_map_page() of a physically contiguous run (adapters with bounce
 * pages, for runs inside the reach). WDM_REG_BOUNCE: one bounce page.
 */
enum { WDM_REG_IDLE, WDM_REG_SG, WDM_REG_DIRECT, WDM_REG_BOUNCE };

struct wdm_request;

/* A transfer context as stored in the caller's buffer. */
struct wdm_xfer_ctx {
	u32 magic;
	u32 state;		/* WDM_CTX_* */
	struct wdm_adapter *ad;
	struct wdm_request *req;
};

#define WDM_CTX_MAGIC	0x57444d43u	/* "WDMC" */
enum { WDM_CTX_IDLE, WDM_CTX_QUEUED, WDM_CTX_DONE, WDM_CTX_CANCELLED };

static_assert(sizeof(struct wdm_xfer_ctx) <= WDM_DMA_TRANSFER_CONTEXT_SIZE_V1);

static inline struct wdm_xfer_ctx *wdm_xctx(struct wdm_dma_transfer_context *c)
{
	return (struct wdm_xfer_ctx *)c;
}

struct wdm_sgl_priv;

/*
 * A waiter for the channel and map registers: a channel request (@routine,
 * AdapterControl, or none for a synchronous request that takes the map
 * register base) or the request of a scatter/gather list (@list, embedded
 * in its struct wdm_sgl_priv). Once granted it runs in atomic context
 * without the lock: the routine, or wdm_sgl_exec(); the result says what to
 * do with the channel and the registers. The channel layer does not read
 * the request after that except to call @done (optional, under ad->lock),
 * so a list may be put and freed from its routine. @release frees a
 * request that is cancelled or drained without running.
 *
 * An @on_stack request lives in the caller's frame: it is served at once
 * when the channel and registers are free, and copied (GFP_ATOMIC) only
 * when it has to wait in the queue.
 */
struct wdm_request {
	struct list_head node;		/* ad->queue */
	struct hlist_node hnode;	/* ad->outstanding, by device */
	struct device *dev;
	u32 nregs;
	bool one_per_device;		/* counted in ad->outstanding */
	bool on_stack;
	bool list;			/* of a struct wdm_sgl_priv */
	struct wdm_xfer_ctx *ctx;	/* version 3 requests, or NULL */
	void (*done)(struct wdm_request *req);
	void (*release)(struct wdm_request *req);
	wdm_driver_control_t routine;
	void *context;
};

struct wdm_common_buffer {
	struct list_head node;
	void *va;
	dma_addr_t dma;
	u32 length;
	struct device *owner;		/* allocated against (wdm_coherent_alloc()) */
};

struct wdm_adapter {
	struct wdm_dma_adapter pub;
	struct device *dev;
	struct wdm_devstats *stats;
	struct wdm_device_description desc;
	u32 width;			/* modelled address width */
	u64 reach;			/* highest logical address the device drives */
	bool bounce_all;		/* no scatter/gather: always through registers */
	/*
	 * No bounce pages, no IOMMU, no dma_map_ops, and swiotlb never bounces
	 * for the device (no swiotlb=force, the mask covers memory): unmapping
	 * is cheap, copies nothing and runs under ad->lock, so that
	 * put_scatter_gather_list takes it once.
	 */
	bool unmap_locked;
	u32 max_seg;			/* longest single mapping dma-mapping takes */
	u32 seg_size;			/* the device's longest DMA segment */
	unsigned long seg_boundary;	/* ... which never crosses this mask */

	spinlock_t lock;		/* everything below up to common_lock */
	u32 nregs;
	u32 regs_in_use;
	unsigned long *bitmap;
	struct wdm_mapreg *regs;
	struct scatterlist *sgl;	/* one entry per register */
	void *bounce_va;		/* nregs pages of coherent memory, or NULL */
	dma_addr_t bounce_dma;
	struct device *bounce_owner;	/* ... allocated against this device */
	/*
	 * Placement device for memory within the reach when it is narrower
	 * than the device's coherent mask and the device's DMA is plain
	 * dma-direct (place.c), or NULL.
	 */
	struct device *place;
	u64 place_limit;

	bool channel_busy;
	struct wdm_mapreg *holder_base;	/* registers that go with the channel */
	bool dispatching;
	struct list_head queue;
	u32 queued;
	DECLARE_HASHTABLE(outstanding, 6);

	DECLARE_HASHTABLE(sgls, 6);	/* lists built and not yet put, by address */

	struct wdm_scatter_gather_list *sgl_cache;	/* a freed list buffer, or NULL */

	struct mutex common_lock;	/* common buffers */
	struct list_head common;
};

static inline struct wdm_adapter *to_wdm(struct wdm_dma_adapter *a)
{
	return container_of(a, struct wdm_adapter, pub);
}

/*
 * Private part of a list, placed behind its elements in the same buffer.
 * The list is live (in ad->sgls) from its grant until it is put;
 * wdm_sgl_exec() does not touch it after calling the driver's routine.
 */
struct wdm_sgl_priv {
	u32 magic;
	struct hlist_node hnode;	/* ad->sgls */
	bool caller_buffer;		/* build_*: the caller owns the memory */
	bool write;
	size_t alloc_size;		/* bytes of the buffer wdmdma allocated */
	struct wdm_adapter *ad;
	struct wdm_mapreg *base;	/* registers of the list */
	struct wdm_mdl *mdl;
	void *current_va;
	u64 offset;
	u32 length;
	wdm_driver_list_control_t routine;
	void *context;
	int *status_out;		/* synchronous callers: the mapping's status */
	struct wdm_scatter_gather_list *list;
	struct wdm_request req;		/* its place in the channel queue */
};

#define WDM_SGL_MAGIC	0x5744534cu	/* "WDSL" */

/* status.c, mdl.c */
u64 wdm_mdl_chain_bytes(struct wdm_mdl *mdl);

/* adapter.c: per-operation counters (calls per CPU, errors shared) */
static inline void wdm_count_dev(struct wdm_devstats *st, enum wdm_op op, int err)
{
	this_cpu_inc(st->calls->n[op]);
	if (unlikely(err))
		atomic64_inc(&st->errors[op]);
}

static inline void wdm_count(struct wdm_adapter *ad, enum wdm_op op, int err)
{
	wdm_count_dev(ad->stats, op, err);
}

u64 wdm_calls(struct wdm_devstats *st, enum wdm_op op);

/* common.c */
void *wdm_common_alloc(struct wdm_dma_adapter *adapter, u32 length,
		       dma_addr_t *logical_address, bool cache_enabled);
void wdm_common_free(struct wdm_dma_adapter *adapter, u32 length,
		     dma_addr_t logical_address, void *virtual_address,
		     bool cache_enabled);
void *wdm_common_alloc_ex(struct wdm_dma_adapter *adapter,
			  const u64 *maximum_address, u32 length,
			  dma_addr_t *logical_address, bool cache_enabled,
			  int preferred_node);
unsigned int wdm_common_drain(struct wdm_adapter *ad);

/* place.c */
struct device *wdm_place_new(struct device *dev, u64 limit);
void wdm_place_put(struct device *place);
void *wdm_coherent_alloc(struct wdm_adapter *ad, size_t size, u64 limit,
			 dma_addr_t *dma, struct device **owner, const char *what);
void wdm_coherent_free(struct wdm_adapter *ad, struct device *owner, size_t size,
		       void *va, dma_addr_t dma);

/* adapter.c: map registers in use and their high-water mark, per device */
static inline void wdm_stats_regs(struct wdm_adapter *ad, int delta)
{
	struct wdm_devstats *st = ad->stats;
	int now = atomic_add_return(delta, &st->regs_in_use);
	int hw = atomic_read(&st->regs_high_water);

	while (now > hw && !atomic_try_cmpxchg(&st->regs_high_water, &hw, now))
		;
}

/* mapregs.c */
int wdm_mapregs_init(struct wdm_adapter *ad, u32 nregs);
void wdm_mapregs_exit(struct wdm_adapter *ad);
struct wdm_mapreg *wdm_mapregs_get(struct wdm_adapter *ad, u32 count);
void wdm_mapregs_put(struct wdm_mapreg *base);

/* The grant behind a map register base a driver hands back, or NULL. */
static inline struct wdm_mapreg *wdm_mapregs_lookup(struct wdm_adapter *ad,
						    void *map_register_base)
{
	struct wdm_mapreg *base = map_register_base;

	if (!base || !ad->regs || base < ad->regs || base >= ad->regs + ad->nregs ||
	    base != &ad->regs[base->index] || !READ_ONCE(base->owned))
		return NULL;
	return base;
}

/* Offset of @current_va in the buffer of @mdl; -EINVAL outside it. */
static inline int wdm_mdl_locate(struct wdm_mdl *mdl, void *current_va, u64 *offset)
{
	u8 *start = wdm_mdl_virtual_address(mdl);
	u8 *va = current_va;

	if (va < start || va >= start + mdl->byte_count)
		return -EINVAL;
	*offset = va - start;
	return 0;
}

int wdm_map_sg_at(struct wdm_mapreg *reg, struct wdm_mdl *m, u64 offset,
		  u32 length, enum dma_data_direction dir);
int wdm_mapregs_map(struct wdm_mapreg *base, struct wdm_mdl *mdl, u64 offset,
		    u32 *length, bool write, dma_addr_t *logical);
void wdm_mapregs_unmap_all(struct wdm_mapreg *base, bool copy_back);
dma_addr_t wdm_map_transfer(struct wdm_dma_adapter *adapter, struct wdm_mdl *mdl,
			    void *map_register_base, void *current_va,
			    u32 *length, bool write_to_device);
bool wdm_flush_adapter_buffers(struct wdm_dma_adapter *adapter,
			       struct wdm_mdl *mdl, void *map_register_base,
			       void *current_va, u32 length, bool write_to_device);
int wdm_map_transfer_ex(struct wdm_dma_adapter *adapter, struct wdm_mdl *mdl,
			void *map_register_base, u64 offset, u32 device_offset,
			u32 *length, bool write_to_device,
			struct wdm_scatter_gather_list *sg_buffer,
			u32 sg_buffer_length,
			wdm_dma_completion_routine_t completion_routine,
			void *completion_context);
int wdm_flush_adapter_buffers_ex(struct wdm_dma_adapter *adapter,
				 struct wdm_mdl *mdl, void *map_register_base,
				 u64 offset, u32 length, bool write_to_device);

/* channel.c */
void wdm_channel_init(struct wdm_adapter *ad);
int wdm_channel_submit(struct wdm_adapter *ad, struct wdm_request *req,
		       bool synchronous, void **map_register_base);
void wdm_channel_dispatch(struct wdm_adapter *ad);
void wdm_channel_dispatch_locked(struct wdm_adapter *ad, unsigned long flags)
	__releases(&ad->lock);
unsigned int wdm_channel_drain(struct wdm_adapter *ad);
void wdm_channel_cancel(struct wdm_adapter *ad, struct wdm_request *req);
int wdm_allocate_adapter_channel(struct wdm_dma_adapter *adapter,
				 struct device *dev, u32 number_of_map_registers,
				 wdm_driver_control_t execution_routine,
				 void *context);
int wdm_allocate_adapter_channel_ex(struct wdm_dma_adapter *adapter,
				    struct device *dev,
				    struct wdm_dma_transfer_context *ctx,
				    u32 number_of_map_registers, u32 flags,
				    wdm_driver_control_t execution_routine,
				    void *context, void **map_register_base);
void wdm_free_adapter_channel(struct wdm_dma_adapter *adapter);
void wdm_free_map_registers(struct wdm_dma_adapter *adapter,
			    void *map_register_base, u32 number_of_map_registers);
void wdm_free_adapter_object(struct wdm_dma_adapter *adapter,
			     enum wdm_io_allocation_action action);

/* context.c */
int wdm_initialize_dma_transfer_context(struct wdm_dma_adapter *adapter,
					struct wdm_dma_transfer_context *ctx);
int wdm_context_claim(struct wdm_adapter *ad, struct wdm_dma_transfer_context *ctx,
		      struct wdm_request *req);
bool wdm_cancel_adapter_channel(struct wdm_dma_adapter *adapter,
				struct device *dev,
				struct wdm_dma_transfer_context *ctx);

/* sglist.c */
enum wdm_io_allocation_action wdm_sgl_exec(struct wdm_request *req,
					   struct wdm_mapreg *base);

/* A list goes live with its grant: linked into ad->sgls under ad->lock. */
static inline void wdm_sgl_granted(struct wdm_adapter *ad, struct wdm_request *req,
				   struct wdm_mapreg *base)
	__must_hold(&ad->lock)
{
	struct wdm_sgl_priv *p = container_of(req, struct wdm_sgl_priv, req);

	p->base = base;
	hash_add(ad->sgls, &p->hnode, (unsigned long)p->list);
}

unsigned int wdm_sgl_drain(struct wdm_adapter *ad);
void wdm_sgl_cache_exit(struct wdm_adapter *ad);
int wdm_get_scatter_gather_list(struct wdm_dma_adapter *adapter,
				struct device *dev, struct wdm_mdl *mdl,
				void *current_va, u32 length,
				wdm_driver_list_control_t execution_routine,
				void *context, bool write_to_device);
void wdm_put_scatter_gather_list(struct wdm_dma_adapter *adapter,
				 struct wdm_scatter_gather_list *sg_list,
				 bool write_to_device);
int wdm_calculate_scatter_gather_list(struct wdm_dma_adapter *adapter,
				      struct wdm_mdl *mdl, void *current_va,
				      u32 length, u32 *sg_list_size,
				      u32 *number_of_map_registers);
int wdm_build_scatter_gather_list(struct wdm_dma_adapter *adapter,
				  struct device *dev, struct wdm_mdl *mdl,
				  void *current_va, u32 length,
				  wdm_driver_list_control_t execution_routine,
				  void *context, bool write_to_device,
				  void *sg_buffer, u32 sg_buffer_length);
int wdm_build_mdl_from_scatter_gather_list(struct wdm_dma_adapter *adapter,
					   struct wdm_scatter_gather_list *sg_list,
					   struct wdm_mdl *original_mdl,
					   struct wdm_mdl **target_mdl);
int wdm_get_dma_transfer_info(struct wdm_dma_adapter *adapter,
			      struct wdm_mdl *mdl, u64 offset, u32 length,
			      bool write_only, struct wdm_dma_transfer_info *info);
int wdm_get_scatter_gather_list_ex(struct wdm_dma_adapter *adapter,
				   struct device *dev,
				   struct wdm_dma_transfer_context *ctx,
				   struct wdm_mdl *mdl, u64 offset, u32 length,
				   u32 flags,
				   wdm_driver_list_control_t execution_routine,
				   void *context, bool write_to_device,
				   wdm_dma_completion_routine_t completion_routine,
				   void *completion_context,
				   struct wdm_scatter_gather_list **sg_list);
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
				     struct wdm_scatter_gather_list **sg_list);

/* debugfs.c */
#ifdef CONFIG_DEBUG_FS
void wdm_debugfs_init(void);
void wdm_debugfs_exit(void);
void wdm_debugfs_device(struct wdm_devstats *st);
#else
static inline void wdm_debugfs_init(void) {}
static inline void wdm_debugfs_exit(void) {}
static inline void wdm_debugfs_device(struct wdm_devstats *st) {}
#endif

/* adapter.c: per-device statistics */
struct wdm_devstats *wdm_devstats_get(struct device *dev);

#endif /* _WDM_INTERNAL_H */
