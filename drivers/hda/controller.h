/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm controller layer: one HD Audio controller, its register
 * accessors, and its bring-up, shutdown and interrupt dispatch
 * (controller.c). Nothing here names the layers above (verb transport,
 * bus interface, debugfs); they reach the controller, never the reverse.
 */
#ifndef _HDA_WDM_CONTROLLER_H
#define _HDA_WDM_CONTROLLER_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "regs.h"
#include "stream.h"

struct device;
struct hda_wdm_model;
struct dentry;
struct pci_dev;
struct wdm_dma_adapter;
struct hda_wdm_codec;
struct hda_wdm_bus;
struct hda_wdm_cmd;

/*
 * Test-only faults, selected by the module parameter "inject", which only
 * a test build (HDA_WDM_TEST_BUILD, Kbuild) has; elsewhere none is ever
 * injected and the compiler drops the hooks.
 */
/*
 * BIT(0) was a controller stuck in reset, BIT(1) a link with no codec and
 * BIT(2) a codec 0 that never answers: the strict model has them, at run
 * time (its "fault" property)
 */
#define HDA_WDM_INJECT_TINY_FIFO	BIT(3)	/* FIFOS reads as 1 byte */
#define HDA_WDM_INJECT_UNSOL		BIT(4)	/* debugfs unsol_inject works */
/* BIT(5) was a FIFOE with an engine's 4th IOC: the strict model has it */
#define HDA_WDM_INJECT_LATE_IOC		BIT(6)	/* IOCs held back 150 ms */
#define HDA_WDM_INJECT_NO_POSBUF	BIT(7)	/* DMA position buffer left off */
#define HDA_WDM_INJECT_MASK		GENMASK(7, 0)

/**
 * struct hda_wdm_pm_stats - what system sleep and runtime power saving did
 * @suspends: system suspends done
 * @resumes: system resumes done, failed ones included
 * @failed: resumes after which the controller did not come back
 * @stopped: engines found running at suspend and stopped
 * @lost: codecs that did not come back after a resume
 * @replay_failed: verbs that failed when codec settings were restored
 * @suspend_us: how long the last suspend (system or runtime) took
 * @resume_us: how long the last resume (system or runtime) took
 * @rt_suspends: runtime suspends done (power_save)
 * @rt_resumes: runtime resumes done, failed ones included
 * @rt_failed: runtime resumes after which the controller did not come back
 * @rt_wakes: runtime resumes that found a codec's wake bit (STATESTS)
 * @d3: the codecs the last suspend (system or runtime) put in D3
 */
struct hda_wdm_pm_stats {
	u64 suspends;
	u64 resumes;
	u64 failed;
	u64 stopped;
	u64 lost;
	u64 replay_failed;
	s64 suspend_us;
	s64 resume_us;
	u64 rt_suspends;
	u64 rt_resumes;
	u64 rt_failed;
	u64 rt_wakes;
	unsigned long d3;
};

/**
 * struct hda_wdm_rpm - runtime power saving of one controller (pm.c)
 * @node: in pm.c's list of controllers, for the power_save parameter
 * @wake: the controller can signal a wake-up from D3 (PME) at run time, so
 *	a codec's unsolicited response is not lost while it sleeps
 * @listeners: unsolicited-response callbacks registered on the bus
 * @listened: there were listeners when the controller last suspended (at
 *	resume its clients are told: a jack may have changed meanwhile)
 * @told: the log said once why listeners keep this controller awake
 * @notify: tells the clients after a runtime resume that followed a wake
 */
struct hda_wdm_rpm {
	struct list_head node;
	bool wake;
	atomic_t listeners;
	bool listened;
	bool told;
	struct work_struct notify;
};

/**
 * struct hda_wdm_ctrl - one HD Audio controller
 * @dev: the PCI function's device, for logging and DMA
 * @base: BAR0 mapping
 * @dma: the DMA adapter every DMA buffer of this controller comes from
 * @cmd: the codec verb transport (cmd.h), set by the PCI glue
 * @inject: test-only faults (HDA_WDM_INJECT_*), fixed at probe; test with
 *	hda_wdm_injected()
 * @gcap: GCAP as read after reset
 * @vmaj: major specification version (VMAJ)
 * @vmin: minor specification version (VMIN)
 * @n_in: number of input stream descriptors (GCAP.ISS)
 * @n_out: number of output stream descriptors (GCAP.OSS)
 * @n_bidir: number of bidirectional stream descriptors (GCAP.BSS)
 * @n_sdo: number of serial data out signals (1, 2 or 4)
 * @addr64: the controller can address 64 bits (GCAP.64OK; off with the
 *	    test-only force_dma32)
 * @codec_mask: codec addresses that signalled presence after link reset
 * @codecs: what enumeration found at each address (NULL: nothing usable)
 * @streams: the stream descriptors, hda_wdm_num_streams() of them
 * @irq_lock: serialises INTCTL updates
 * @bus: the bus interface's state (engines, callbacks, clients)
 * @model: the controller's row in the table of known controllers (models.c)
 * @pci_vendor: PCI vendor ID
 * @pci_device: PCI device ID
 * @irq: Linux interrupt number
 * @irq_type: "msi" or "intx"
 * @irq_count: interrupts that found GIS set
 * @irq_unhandled: interrupts raised while no source was enabled
 * @debugfs: this controller's debugfs directory
 * @pm: system sleep and runtime PM counts and times (pm.c), under the
 *	device lock or in the PM core's runtime callbacks
 * @rpm: runtime power saving (pm.c)
 */
struct hda_wdm_ctrl {
	struct device *dev;
	void __iomem *base;
	struct wdm_dma_adapter *dma;
	struct hda_wdm_cmd *cmd;
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
	const struct hda_wdm_model *model;
	u16 pci_vendor;
	u16 pci_device;

	int irq;
	const char *irq_type;
	atomic64_t irq_count;
	atomic64_t irq_unhandled;

	struct dentry *debugfs;
	struct hda_wdm_pm_stats pm;
	struct hda_wdm_rpm rpm;
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

/* Whether a test build's probe was asked to inject @fault. */
#ifdef HDA_WDM_TEST_BUILD
static inline bool hda_wdm_injected(const struct hda_wdm_ctrl *c,
				    unsigned int fault)
{
	return c->inject & fault;
}
#else
static inline bool hda_wdm_injected(const struct hda_wdm_ctrl *c,
				    unsigned int fault)
{
	return false;
}
#endif

static inline unsigned int hda_wdm_num_streams(const struct hda_wdm_ctrl *c)
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

/**
 * typedef hda_wdm_stream_irq_t - receives a stream's acknowledged status
 * @c: controller
 * @s: the stream that raised its interrupt
 * @sts: the BCIS / FIFOE / DESE bits it had set, now cleared
 *
 * Context: hard interrupt.
 */
typedef void (*hda_wdm_stream_irq_t)(struct hda_wdm_ctrl *c,
				     struct hda_wdm_stream *s, u8 sts);

int hda_wdm_ctrl_start(struct hda_wdm_ctrl *c);
int hda_wdm_ctrl_stop(struct hda_wdm_ctrl *c);
void hda_wdm_ctrl_ack_wake(struct hda_wdm_ctrl *c);
unsigned long hda_wdm_ctrl_stream_irq(struct hda_wdm_ctrl *c, u32 intsts,
				      hda_wdm_stream_irq_t handler);

#endif /* _HDA_WDM_CONTROLLER_H */
