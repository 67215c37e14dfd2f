/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wdmdma internals: the adapter object and what each layer offers the one
 * above it.
 *
 *   adapter.c   IoGetDmaAdapter, PutDmaAdapter, the three tables, info
 *   common.c    common buffers (dma_alloc_coherent)
 *   mapregs.c   map registers: the pool, bounce pages, MapTransfer, Flush
 *   channel.c   the adapter channel: FIFO of requests, grants, actions
 *   context.c   version 3 transfer contexts and cancellation
 *   sglist.c    scatter/gather lists on top of channel + mapregs
 *   mdl.c       MDLs        status.c   NTSTATUS <-> errno
 *   debugfs.c   per-device statistics
 *
 * Locking: one spinlock per adapter (ad->lock, irq-safe) guards the register
 * bitmap, the channel, the queue, the outstanding-request hash and the state
 * of transfer contexts bound to the adapter. Driver routines never run with
 * it held.
 */
#ifndef _WDM_INTERNAL_H
#define _WDM_INTERNAL_H

#include <linux/hashtable.h>
#include <linux/list.h>
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
	atomic64_t calls[WDM_OP_COUNT];
	atomic64_t errors[WDM_OP_COUNT];
};

/* One map register. The first register of a grant is its map register base. */
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
	/* per register: what the device sees through it */
	u8 kind;		/* WDM_REG_* */
	dma_addr_t dma;		/* WDM_REG_DIRECT: mapping of the run it heads */
	u32 len;		/* bytes of the run (direct) or of this page (bounce) */
	struct page *page;	/* WDM_REG_BOUNCE: the buffer page it mirrors */
	u32 offset;		/* ... and the offset in it */
};

enum { WDM_REG_IDLE, WDM_REG_DIRECT, WDM_REG_TAIL, WDM_REG_BOUNCE };

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
 * A waiter for the channel and map registers. @run is called once granted,
 * in atomic context without the lock, and says what to do with the channel
 * and the registers; @release frees the request (after @run, or when it is
 * cancelled or drained without running).
 */
struct wdm_request {
	struct list_head node;		/* ad->queue */
	struct hlist_node hnode;	/* ad->outstanding, by device */
	struct device *dev;
	u32 nregs;
	bool one_per_device;		/* counted in ad->outstanding */
	struct wdm_xfer_ctx *ctx;	/* version 3 requests, or NULL */
	enum wdm_io_allocation_action (*run)(struct wdm_request *req,
					     struct wdm_mapreg *base);
	void (*release)(struct wdm_request *req);
	wdm_driver_control_t routine;
	void *context;
};

struct wdm_common_buffer {
	struct list_head node;
	void *va;
	dma_addr_t dma;
	u32 length;
};

struct wdm_adapter {
	struct wdm_dma_adapter pub;
	struct device *dev;
	struct wdm_devstats *stats;
	struct wdm_device_description desc;
	u32 width;			/* modelled address width */
	u64 reach;			/* highest logical address the device drives */
	bool bounce_all;		/* no scatter/gather: always through registers */
	u32 max_seg;			/* longest single mapping dma-mapping takes */

	spinlock_t lock;		/* everything below up to common_lock */
	u32 nregs;
	u32 regs_in_use;
	unsigned long *bitmap;
	struct wdm_mapreg *regs;
	struct scatterlist *sgl;	/* one entry per register */
	void *bounce_va;		/* nregs pages of coherent memory, or NULL */
	dma_addr_t bounce_dma;

	bool channel_busy;
	struct wdm_mapreg *holder_base;	/* registers that go with the channel */
	bool dispatching;
	struct list_head queue;
	u32 queued;
	DECLARE_HASHTABLE(outstanding, 6);

	struct mutex common_lock;	/* common buffers */
	struct list_head common;
	struct list_head sgls;		/* lists built and not yet put */
};

static inline struct wdm_adapter *to_wdm(struct wdm_dma_adapter *a)
{
	return container_of(a, struct wdm_adapter, pub);
}

/* Private part of a list, placed behind its elements in the same buffer. */
struct wdm_sgl_priv {
	u32 magic;
	struct list_head node;		/* ad->sgls */
	bool caller_buffer;		/* build_*: the caller owns the memory */
	bool write;
	bool via_sg;			/* mapped with dma_map_sg over ad->sgl */
	u32 sg_nents;			/* entries handed to dma_map_sg */
	struct wdm_adapter *ad;
	struct wdm_mapreg *base;	/* registers of the list */
	struct wdm_mdl *mdl;
	void *current_va;
	u64 offset;
	u32 length;
	wdm_driver_list_control_t routine;
	void *context;
	int status;			/* of the mapping */
	int *status_out;		/* synchronous callers: where it goes */
	bool req_done;			/* the channel layer released the request */
	bool put_done;			/* the driver put the list (or it never lived) */
	struct wdm_scatter_gather_list *list;
	struct wdm_request req;		/* its place in the channel queue */
};

#define WDM_SGL_MAGIC	0x5744534cu	/* "WDSL" */

/* status.c, mdl.c */
u64 wdm_mdl_chain_bytes(struct wdm_mdl *mdl);

/* adapter.c */
void wdm_count(struct wdm_adapter *ad, enum wdm_op op, int err);

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

/* mapregs.c */
int wdm_mapregs_init(struct wdm_adapter *ad, u32 nregs);
void wdm_mapregs_exit(struct wdm_adapter *ad);
struct wdm_mapreg *wdm_mapregs_get(struct wdm_adapter *ad, u32 count);
void wdm_mapregs_put(struct wdm_mapreg *base);
struct wdm_mapreg *wdm_mapregs_lookup(struct wdm_adapter *ad, void *map_register_base);
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
int wdm_mdl_locate(struct wdm_mdl *mdl, void *current_va, u64 *offset);

/* channel.c */
void wdm_channel_init(struct wdm_adapter *ad);
int wdm_channel_submit(struct wdm_adapter *ad, struct wdm_request *req,
		       bool synchronous, void **map_register_base);
void wdm_channel_dispatch(struct wdm_adapter *ad);
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
unsigned int wdm_sgl_drain(struct wdm_adapter *ad);
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
void wdm_stats_regs(struct wdm_adapter *ad, int delta);

#endif /* _WDM_INTERNAL_H */
