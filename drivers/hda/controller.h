/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm controller layer: what the PCI glue, the bus interface and
 * debugfs may use of one HD Audio controller.
 */
#ifndef _HDA_WDM_CONTROLLER_H
#define _HDA_WDM_CONTROLLER_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/irqreturn.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "regs.h"
#include "stream.h"

struct device;
struct dentry;
struct pci_dev;
struct wdm_dma_adapter;
struct hda_wdm_codec;
struct hda_wdm_bus;
struct seq_file;
struct hda_wdm_ctrl;
struct hda_cmd_ring;

/* Test-only faults, selected by the module parameter "inject" */
#define HDA_WDM_INJECT_STUCK_RESET	BIT(0)	/* CRST never reads back 1 */
#define HDA_WDM_INJECT_NO_CODEC		BIT(1)	/* STATESTS reads back 0 */
#define HDA_WDM_INJECT_MUTE_CODEC0	BIT(2)	/* codec 0 never answers */
#define HDA_WDM_INJECT_TINY_FIFO	BIT(3)	/* FIFOS reads as 1 byte */
#define HDA_WDM_INJECT_UNSOL		BIT(4)	/* debugfs unsol_inject works */
#define HDA_WDM_INJECT_FIFOE		BIT(5)	/* 4th IOC of an engine: FIFOE */
#define HDA_WDM_INJECT_MASK		GENMASK(5, 0)

/**
 * struct hda_wdm_cmd - the codec verb transport (cmd.c)
 * @lock: protects the rings and the pending verb; taken in hard irq
 * @mutex: one synchronous verb in flight per controller
 * @wq: the waiter of the pending verb
 * @ring: CORB and RIRB, one coherent page
 * @ring_dma: bus address of @ring
 * @corb_entries: CORB size in entries
 * @rirb_entries: RIRB size in entries
 * @corb_wp: last CORB entry written
 * @rirb_rp: last RIRB entry read
 * @immediate: verbs use the immediate command registers
 * @pending: a verb waits for its answer
 * @answered: @response holds its answer
 * @pending_addr: codec address of the pending verb
 * @response: the answer
 * @dead_codecs: codecs that let a verb time out
 * @unsol_handler: receives unsolicited responses, in hard irq
 * @inject_pending: a test-injected RIRB entry waits for the next drain
 * @inject_resp: its response word
 * @inject_ex: its extended word (codec address, unsolicited bit)
 * @verbs: verbs sent
 * @timeouts: verbs that got no answer
 * @stray: solicited responses nobody waited for
 * @overruns: RIRB overruns
 * @unsol_count: unsolicited responses
 */
struct hda_wdm_cmd {
	spinlock_t lock;	/* see above */
	struct mutex mutex;	/* see above */
	wait_queue_head_t wq;
	struct hda_cmd_ring *ring;
	dma_addr_t ring_dma;
	unsigned int corb_entries;
	unsigned int rirb_entries;
	unsigned int corb_wp;
	unsigned int rirb_rp;
	bool immediate;
	bool pending;
	bool answered;
	u8 pending_addr;
	u32 response;
	unsigned long dead_codecs;
	void (*unsol_handler)(struct hda_wdm_ctrl *c, u8 addr, u32 resp);
	bool inject_pending;
	u32 inject_resp;
	u32 inject_ex;
	u64 verbs;
	u64 timeouts;
	u64 stray;
	u64 overruns;
	u64 unsol_count;
};

/**
 * struct hda_wdm_ctrl - one HD Audio controller
 * @dev: the PCI function's device, for logging and DMA
 * @base: BAR0 mapping
 * @dma: the DMA adapter every DMA buffer of this controller comes from
 * @cmd: the codec verb transport
 * @inject: test-only faults (HDA_WDM_INJECT_*), fixed at probe
 * @gcap: GCAP as read after reset
 * @vmaj: major specification version (VMAJ)
 * @vmin: minor specification version (VMIN)
 * @n_in: number of input stream descriptors (GCAP.ISS)
 * @n_out: number of output stream descriptors (GCAP.OSS)
 * @n_bidir: number of bidirectional stream descriptors (GCAP.BSS)
 * @n_sdo: number of serial data out signals (1, 2 or 4)
 * @addr64: the controller can address 64 bits (GCAP.64OK)
 * @codec_mask: codec addresses that signalled presence after link reset
 * @codecs: what enumeration found at each address (NULL: nothing usable)
 * @streams: the stream descriptors, hda_num_streams() of them
 * @irq_lock: serialises INTCTL updates
 * @bus: the bus interface's state (engines, callbacks, clients)
 * @pci_vendor: PCI vendor ID
 * @pci_device: PCI device ID
 * @irq: Linux interrupt number
 * @irq_type: "msi" or "intx"
 * @irq_count: interrupts that found GIS set
 * @irq_unhandled: interrupts raised while no source was enabled
 * @debugfs: this controller's debugfs directory
 */
struct hda_wdm_ctrl {
	struct device *dev;
	void __iomem *base;
	struct wdm_dma_adapter *dma;
	struct hda_wdm_cmd cmd;
	unsigned int inject;

	u16 gcap;
	u8 vmaj;
	u8 vmin;
	unsigned int n_in;
	unsigned int n_out;
	unsigned int n_bidir;
	unsigned int n_sdo;
	bool addr64;
	unsigned long codec_mask;
	struct hda_wdm_codec *codecs[HDA_MAX_CODECS];
	struct hda_wdm_stream streams[HDA_SD_MAX];
	spinlock_t irq_lock;	/* INTCTL read-modify-write */
	struct hda_wdm_bus *bus;
	u16 pci_vendor;
	u16 pci_device;

	int irq;
	const char *irq_type;
	atomic64_t irq_count;
	atomic64_t irq_unhandled;

	struct dentry *debugfs;
};

/*
 * The controller's global registers: read, write, update (the bits of a
 * mask) and poll (read_poll_timeout(), sleeping, with a checked result).
 * A stream descriptor's registers have their own family (stream.h).
 */
static inline u8 hda_rb(struct hda_wdm_ctrl *c, unsigned int reg)
{
	return readb(c->base + reg);
}

static inline u16 hda_rw(struct hda_wdm_ctrl *c, unsigned int reg)
{
	return readw(c->base + reg);
}

static inline u32 hda_rl(struct hda_wdm_ctrl *c, unsigned int reg)
{
	return readl(c->base + reg);
}

static inline void hda_wb(struct hda_wdm_ctrl *c, unsigned int reg, u8 val)
{
	writeb(val, c->base + reg);
}

static inline void hda_ww(struct hda_wdm_ctrl *c, unsigned int reg, u16 val)
{
	writew(val, c->base + reg);
}

static inline void hda_wl(struct hda_wdm_ctrl *c, unsigned int reg, u32 val)
{
	writel(val, c->base + reg);
}

static inline void hda_updateb(struct hda_wdm_ctrl *c, unsigned int reg,
			       u8 mask, u8 val)
{
	hda_wb(c, reg, (hda_rb(c, reg) & ~mask) | (val & mask));
}

static inline void hda_updatel(struct hda_wdm_ctrl *c, unsigned int reg,
			       u32 mask, u32 val)
{
	hda_wl(c, reg, (hda_rl(c, reg) & ~mask) | (val & mask));
}

#define hda_pollb(c, reg, val, cond, delay_us, timeout_us) \
	read_poll_timeout(hda_rb, val, cond, delay_us, timeout_us, false, c, reg)
#define hda_pollw(c, reg, val, cond, delay_us, timeout_us) \
	read_poll_timeout(hda_rw, val, cond, delay_us, timeout_us, false, c, reg)
#define hda_polll(c, reg, val, cond, delay_us, timeout_us) \
	read_poll_timeout(hda_rl, val, cond, delay_us, timeout_us, false, c, reg)

static inline unsigned int hda_num_streams(const struct hda_wdm_ctrl *c)
{
	return c->n_in + c->n_out + c->n_bidir;
}

/**
 * hda_wdm_ctrl_irq_enable() - switch interrupt sources in INTCTL
 * @c: controller
 * @bits: INTCTL bits (stream bits, CIE, GIE)
 * @on: set or clear them
 *
 * Context: any.
 */
static inline void hda_wdm_ctrl_irq_enable(struct hda_wdm_ctrl *c, u32 bits,
					   bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&c->irq_lock, flags);
	hda_updatel(c, HDA_INTCTL, bits, on ? bits : 0);
	spin_unlock_irqrestore(&c->irq_lock, flags);
}

int hda_wdm_ctrl_start(struct hda_wdm_ctrl *c);
void hda_wdm_ctrl_stop(struct hda_wdm_ctrl *c);
irqreturn_t hda_wdm_ctrl_irq(int irq, void *data);

int hda_wdm_cmd_init(struct hda_wdm_ctrl *c, bool single_cmd);
void hda_wdm_cmd_exit(struct hda_wdm_ctrl *c);
int hda_wdm_cmd_exec(struct hda_wdm_ctrl *c, u32 verb, u32 *resp);
void hda_wdm_cmd_irq(struct hda_wdm_ctrl *c);
int hda_wdm_cmd_inject_unsol(struct hda_wdm_ctrl *c, u8 addr, u32 resp);

/* bus.c */
int hda_wdm_bus_init(struct hda_wdm_ctrl *c);
void hda_wdm_bus_exit(struct hda_wdm_ctrl *c);
void hda_wdm_stream_irq(struct hda_wdm_ctrl *c, unsigned int index);
void hda_wdm_bus_show_engines(struct seq_file *s, struct hda_wdm_ctrl *c);

/* client.c */
int hda_wdm_clients_add_ctrl(struct hda_wdm_ctrl *c);
void hda_wdm_clients_remove_ctrl(struct hda_wdm_ctrl *c);

#ifdef CONFIG_DEBUG_FS
void hda_wdm_debugfs_init(void);
void hda_wdm_debugfs_exit(void);
void hda_wdm_debugfs_add(struct hda_wdm_ctrl *c, const char *name);
void hda_wdm_debugfs_remove(struct hda_wdm_ctrl *c);
#else
static inline void hda_wdm_debugfs_init(void) { }
static inline void hda_wdm_debugfs_exit(void) { }
static inline void hda_wdm_debugfs_add(struct hda_wdm_ctrl *c,
				       const char *name) { }
static inline void hda_wdm_debugfs_remove(struct hda_wdm_ctrl *c) { }
#endif

#endif /* _HDA_WDM_CONTROLLER_H */
