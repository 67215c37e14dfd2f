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
#include <linux/irqreturn.h>
#include <linux/types.h>

#include "regs.h"

struct device;
struct dentry;
struct pci_dev;

/* Test-only faults, selected by the module parameter "inject" */
#define HDA_WDM_INJECT_STUCK_RESET	BIT(0)	/* CRST never reads back 1 */
#define HDA_WDM_INJECT_NO_CODEC		BIT(1)	/* STATESTS reads back 0 */
#define HDA_WDM_INJECT_MASK		GENMASK(1, 0)

/**
 * struct hda_wdm_ctrl - one HD Audio controller
 * @dev: the PCI function's device, for logging and DMA
 * @base: BAR0 mapping
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
 * @irq: Linux interrupt number
 * @irq_type: "msi" or "intx"
 * @irq_count: interrupts that found GIS set
 * @irq_unhandled: interrupts raised while no source was enabled
 * @debugfs: this controller's debugfs directory
 */
struct hda_wdm_ctrl {
	struct device *dev;
	void __iomem *base;
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

	int irq;
	const char *irq_type;
	atomic64_t irq_count;
	atomic64_t irq_unhandled;

	struct dentry *debugfs;
};

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

/* Stream descriptor @idx: inputs first, then outputs, then bidirectional */
static inline unsigned int hda_sd_reg(unsigned int idx, unsigned int reg)
{
	return HDA_SD_BASE + idx * HDA_SD_STRIDE + reg;
}

static inline unsigned int hda_num_streams(const struct hda_wdm_ctrl *c)
{
	return c->n_in + c->n_out + c->n_bidir;
}

int hda_wdm_ctrl_start(struct hda_wdm_ctrl *c);
void hda_wdm_ctrl_stop(struct hda_wdm_ctrl *c);
irqreturn_t hda_wdm_ctrl_irq(int irq, void *data);

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
