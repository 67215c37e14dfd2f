/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm bus layer internals shared by bus.c (the interface routines),
 * client.c (who gets an interface), irq.c and debugfs.c.
 */
#ifndef _HDA_WDM_BUS_H
#define _HDA_WDM_BUS_H

#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include <wdm/hdaudio.h>

#include "regs.h"
#include "stream.h"

#define HDA_BUS_EVENTS		8	/* notification events per engine */
#define HDA_BUS_TAGS		64	/* unsolicited response tags */
#define HDA_SDI_BITS_PER_FRAME	500	/* 24 Mb/s SDI at 48 kHz frames */
#define HDA_SDI_RESPONSE_BITS	36	/* kept for the codec's response */
#define HDA_SDO_BITS_PER_FRAME	1000	/* 48 Mb/s SDO at 48 kHz frames */
#define HDA_SDO_COMMAND_BITS	40	/* kept for the frame's command */
#define HDA_MAX_SDO		4	/* SDO lines a controller can have */
#define HDA_STREAM_HEADER_BITS	10	/* stream tag and length per packet */

/* Phase masks for hda_wdm_engine_lookup() */
#define HDA_PHASES_OWNED	(BIT(HDA_PHASE_ALLOCATED) | \
				 BIT(HDA_PHASE_BUFFERED) | \
				 BIT(HDA_PHASE_PROGRAMMED))
#define HDA_PHASES_BUFFER	(BIT(HDA_PHASE_BUFFERED) | \
				 BIT(HDA_PHASE_PROGRAMMED))

struct hda_wdm_ctrl;
struct seq_file;
struct wdm_mdl;

/**
 * struct hda_wdm_ctx - one codec's interface, handed to one client
 * @bus: the bus
 * @addr: codec address
 * @iface: the interface, whose context is this structure
 * @client: the client holding it
 * @data: the client's data from probe
 * @node: in the bus's list
 */
struct hda_wdm_ctx {
	struct hda_wdm_bus *bus;
	u8 addr;
	struct wdm_hdaudio_bus_interface iface;
	struct wdm_hdaudio_client *client;
	void *data;
	struct list_head node;
};

/**
 * enum hda_wdm_phase - what an engine holds
 * @HDA_PHASE_FREE: no owner
 * @HDA_PHASE_ALLOCATED: owned, with a format and its bandwidth; no buffer
 * @HDA_PHASE_BUFFERED: a contiguous buffer whose BDL is not set up yet
 * @HDA_PHASE_PROGRAMMED: a buffer, and the stream programmed with it
 *
 * Only a programmed engine leaves Reset: below that phase its state is
 * always WDM_HDA_STATE_RESET.
 */
enum hda_wdm_phase {
	HDA_PHASE_FREE,
	HDA_PHASE_ALLOCATED,
	HDA_PHASE_BUFFERED,
	HDA_PHASE_PROGRAMMED,
};

/* Which routine gave an engine its buffer (from HDA_PHASE_BUFFERED on) */
enum hda_wdm_buf_kind {
	HDA_BUF_PLAIN,		/* AllocateDmaBuffer */
	HDA_BUF_NOTIFY,		/* AllocateDmaBufferWithNotification */
	HDA_BUF_CONTIG,		/* AllocateContiguousDmaBuffer */
};

/**
 * struct wdm_hdaudio_engine - a DMA engine (the interface's handle)
 * @hw: its stream descriptor (the controller's)
 * @bus: the bus
 * @owner: the interface that allocated it; NULL while free
 * @can_capture: usable for capture (input or bidirectional descriptor)
 * @can_render: usable for render (output or bidirectional descriptor)
 * @render: owned by a render client (from HDA_PHASE_ALLOCATED on)
 * @phase: what it holds (enum hda_wdm_phase)
 * @state: interface state
 * @codec_addr: SDI line of the codec it serves (capture)
 * @sdo_lines: SDO lines it sends on, SDO0 first (render: 1, or all of
 *	them when striped)
 * @link_bits: bits per frame reserved on its SDI line (capture) or on
 *	each of its SDO lines (render)
 * @fifo_size: FIFO bytes the controller reported, 0 if none
 * @block_bytes: bytes per sample block in memory, from the stream format
 * @buf: which buffer style holds it (from HDA_PHASE_BUFFERED on)
 * @data: data buffer
 * @data_dma: its bus address
 * @data_size: its size
 * @bdl: BDL page
 * @bdl_dma: its bus address
 * @mdl: MDL of @data (plain and notification styles)
 * @stuck: its DMA did not stop when its buffer was dropped: @data, @bdl
 *	and @mdl are kept, and the engine is not handed out, until the
 *	controller is reset
 * @notify_count: 1 or 2 (notification style)
 * @isr: SetupDmaEngineWithBdl's routine
 * @isr_ctx: its context
 * @events: registered notification events
 * @ioc: buffer completion interrupts
 * @fifoe: FIFO errors
 * @dese: descriptor errors
 * @notifications: notification points signalled
 * @held_until: test only (inject bit 6): buffer completions are not
 *              passed on before this time
 *
 * Two locks of the bus guard an engine: @bus->lock, a mutex, serialises
 * the routines that give or take what it holds; @bus->state_lock, a
 * spinlock also taken by the interrupt handler, its state changes
 * (SetDmaEngineState may be called in atomic context). Every routine
 * finds its engine with hda_wdm_engine_lookup(), which checks handle,
 * phase and state under @state_lock. Per field:
 *
 * - @hw, @bus, @can_capture, @can_render: fixed when the bus is set up.
 * - @owner, @phase, @buf: written with both locks held (a routine holding
 *   @lock checks and changes them in one @state_lock section), read with
 *   either; so a phase seen under @lock stays until that routine changes
 *   it.
 * - @state: written and read under @state_lock. It changes only in
 *   HDA_PHASE_PROGRAMMED, so below that phase it is Reset, and stays so
 *   while @lock is held.
 * - @isr, @isr_ctx, @events, the counters @ioc, @fifoe, @dese,
 *   @notifications and @held_until: under @state_lock.
 * - @hw's programmed fields: written under @lock below
 *   HDA_PHASE_PROGRAMMED, read under either lock in it (a reset in
 *   SetDmaEngineState reprograms the stream).
 * - @stuck: under @lock, or at teardown when no routine can run.
 * - everything else (format and bandwidth, the buffer and its addresses):
 *   under @lock.
 */
struct wdm_hdaudio_engine {
	struct hda_wdm_stream *hw;
	struct hda_wdm_bus *bus;
	struct hda_wdm_ctx *owner;
	bool can_capture;
	bool can_render;
	bool render;
	enum hda_wdm_phase phase;
	enum wdm_hdaudio_stream_state state;
	u8 codec_addr;
	u8 sdo_lines;
	u32 link_bits;
	u32 fifo_size;
	u32 block_bytes;
	enum hda_wdm_buf_kind buf;
	void *data;
	dma_addr_t data_dma;
	u32 data_size;
	struct wdm_hdaudio_bdl_entry *bdl;
	dma_addr_t bdl_dma;
	struct wdm_mdl *mdl;
	bool stuck;
	u32 notify_count;
	wdm_hdaudio_bdl_isr_t isr;
	void *isr_ctx;
	struct completion *events[HDA_BUS_EVENTS];
	u64 ioc;
	u64 fifoe;
	u64 dese;
	u64 notifications;
	ktime_t held_until;
};

/**
 * struct hda_wdm_callback - an unsolicited response registration
 * @owner: the interface that registered it, NULL if free
 * @routine: the callback
 * @ctx: its context
 */
struct hda_wdm_callback {
	struct hda_wdm_ctx *owner;
	wdm_hdaudio_unsolicited_t routine;
	void *ctx;
};

/**
 * struct hda_wdm_bus - the bus interface state of a controller
 * @c: controller
 * @lock: allocation, buffers and freeing (process context); see struct
 *	wdm_hdaudio_engine for what it guards of an engine
 * @state_lock: engine states, events, callbacks (taken in hard irq); taken
 *	inside @lock, never the reverse
 * @engines: one per stream descriptor
 * @sdi_bits: bits per frame reserved on each SDI line
 * @sdo_bits: bits per frame reserved on each SDO line
 * @posbuf: DMA position buffer, one entry per stream
 * @posbuf_dma: its bus address
 * @wq: asynchronous TransferCodecVerbs
 * @callbacks: unsolicited response registrations by tag
 * @ctxs: interfaces handed out (struct hda_wdm_ctx)
 * @node: in the list of controllers (client.c)
 */
struct hda_wdm_bus {
	struct hda_wdm_ctrl *c;
	struct mutex lock;		/* see above */
	spinlock_t state_lock;		/* see above */
	struct wdm_hdaudio_engine engines[HDA_SD_MAX];
	u32 sdi_bits[HDA_MAX_CODECS];
	u32 sdo_bits[HDA_MAX_SDO];
	struct hda_posbuf_entry *posbuf;
	dma_addr_t posbuf_dma;
	struct workqueue_struct *wq;
	struct hda_wdm_callback callbacks[HDA_BUS_TAGS];
	struct list_head ctxs;
	struct list_head node;
};

static inline struct hda_wdm_ctrl *hda_wdm_ctx_ctrl(struct hda_wdm_ctx *ctx)
{
	return ctx->bus->c;
}

/* bus.c: the interface table, verbs, the bus's and a context's lifetime */
int hda_wdm_bus_init(struct hda_wdm_ctrl *c);
void hda_wdm_bus_exit(struct hda_wdm_ctrl *c);
void hda_wdm_bus_posbuf_enable(struct hda_wdm_ctrl *c);
void hda_wdm_bus_init_iface(struct hda_wdm_ctx *ctx);
void hda_wdm_bus_release_ctx(struct hda_wdm_ctx *ctx);
int hda_wdm_bus_transfer_sync(struct hda_wdm_ctx *ctx, u32 count,
			      struct wdm_hdaudio_codec_transfer *t);

/* format.c */
u32 hda_wdm_link_bits(const struct wdm_hdaudio_stream_format *f,
		      unsigned int lines);
u32 hda_wdm_block_bytes(const struct wdm_hdaudio_stream_format *f);

/*
 * engine.c and buffer.c: the interface's routines (documented with
 * struct wdm_hdaudio_bus_interface), and what the bus needs of them
 */
struct wdm_hdaudio_engine *hda_wdm_engine_lookup(struct hda_wdm_ctx *ctx,
						 struct wdm_hdaudio_engine *h,
						 unsigned int phases,
						 bool in_reset);
void hda_wdm_engine_set_phase(struct wdm_hdaudio_engine *e,
			      enum hda_wdm_phase phase);
int hda_wdm_allocate_capture_dma_engine(void *context, u8 codec_address,
					const struct wdm_hdaudio_stream_format *format,
					struct wdm_hdaudio_engine **handle,
					u16 *converter_format);
int hda_wdm_allocate_render_dma_engine(void *context,
				       const struct wdm_hdaudio_stream_format *format,
				       bool stripe, struct wdm_hdaudio_engine **handle,
				       u16 *converter_format);
int hda_wdm_change_bandwidth_allocation(void *context,
					struct wdm_hdaudio_engine *handle,
					const struct wdm_hdaudio_stream_format *format,
					u16 *converter_format);
int hda_wdm_free_dma_engine(void *context, struct wdm_hdaudio_engine *handle);
int hda_wdm_set_dma_engine_state(void *context,
				 enum wdm_hdaudio_stream_state state,
				 u32 count, struct wdm_hdaudio_engine **handles);
int hda_wdm_register_notification_event(void *context,
					struct wdm_hdaudio_engine *handle,
					struct completion *event);
int hda_wdm_unregister_notification_event(void *context,
					  struct wdm_hdaudio_engine *handle,
					  struct completion *event);
int hda_wdm_get_link_position_register(void *context,
				       struct wdm_hdaudio_engine *handle,
				       const u32 __iomem **position);
void hda_wdm_engine_release(struct hda_wdm_ctx *ctx, struct wdm_hdaudio_engine *e);
void hda_wdm_bus_stream_irq(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
			    u8 sts);
void hda_wdm_bus_show_engines(struct seq_file *s, struct hda_wdm_ctrl *c);

void hda_wdm_engine_drop_buffer(struct hda_wdm_bus *bus,
				struct wdm_hdaudio_engine *e);
unsigned int hda_wdm_engines_stuck(struct hda_wdm_bus *bus);
void hda_wdm_engines_free_kept(struct hda_wdm_bus *bus);
int hda_wdm_allocate_dma_buffer(void *context, struct wdm_hdaudio_engine *handle,
				size_t requested_size, struct wdm_mdl **mdl,
				size_t *allocated_size, u8 *stream_id,
				u32 *fifo_size);
int hda_wdm_free_dma_buffer(void *context, struct wdm_hdaudio_engine *handle);
int hda_wdm_allocate_dma_buffer_with_notification(void *context,
						  struct wdm_hdaudio_engine *handle,
						  u32 notification_count,
						  size_t requested_size,
						  struct wdm_mdl **mdl,
						  size_t *allocated_size,
						  size_t *offset_from_first_page,
						  u8 *stream_id, u32 *fifo_size);
int hda_wdm_free_dma_buffer_with_notification(void *context,
					      struct wdm_hdaudio_engine *handle,
					      struct wdm_mdl *mdl,
					      size_t buffer_size);
int hda_wdm_allocate_contiguous_dma_buffer(void *context,
					   struct wdm_hdaudio_engine *handle,
					   u32 requested_size,
					   void **data_buffer,
					   dma_addr_t *data_logical,
					   struct wdm_hdaudio_bdl_entry **bdl);
int hda_wdm_setup_dma_engine_with_bdl(void *context,
				      struct wdm_hdaudio_engine *handle,
				      u32 buffer_length, u32 lvi,
				      wdm_hdaudio_bdl_isr_t isr,
				      void *isr_context, u8 *stream_id,
				      u32 *fifo_size);
int hda_wdm_free_contiguous_dma_buffer(void *context,
				       struct wdm_hdaudio_engine *handle);

#endif /* _HDA_WDM_BUS_H */
