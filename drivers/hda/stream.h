/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm stream layer: one stream descriptor, its register accessors and
 * its hardware sequences (stream.c).
 *
 * Every register of a descriptor is reached through the hda_sd_*()
 * family below, relative to the descriptor's base that the controller
 * computes once (hda_wdm_ctrl_start()): read, write, update (read-modify-
 * write of the bits in a mask) and poll (read_poll_timeout() with a
 * timeout and a checked result, atomic or sleeping).
 */
#ifndef _HDA_WDM_STREAM_H
#define _HDA_WDM_STREAM_H

#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/types.h>

struct hda_wdm_ctrl;

/**
 * struct hda_wdm_stream - one stream descriptor and what it is programmed with
 * @sd_addr: the descriptor's registers in BAR0
 * @index: stream descriptor number (inputs first)
 * @tag: stream tag on the link (1..15)
 * @fmt: SDnFMT
 * @bdl_dma: bus address of the BDL
 * @cbl: cyclic buffer length in bytes
 * @lvi: last valid BDL entry
 * @ctl2: SDnCTL's DIR (bidirectional descriptors only) and STRIPE bits
 */
struct hda_wdm_stream {
	void __iomem *sd_addr;
	unsigned int index;
	u8 tag;
	u16 fmt;
	dma_addr_t bdl_dma;
	u32 cbl;
	u16 lvi;
	u8 ctl2;
};

static inline u8 hda_sd_rb(struct hda_wdm_stream *s, unsigned int reg)
{
	return readb(s->sd_addr + reg);
}

static inline u16 hda_sd_rw(struct hda_wdm_stream *s, unsigned int reg)
{
	return readw(s->sd_addr + reg);
}

static inline u32 hda_sd_rl(struct hda_wdm_stream *s, unsigned int reg)
{
	return readl(s->sd_addr + reg);
}

static inline void hda_sd_wb(struct hda_wdm_stream *s, unsigned int reg, u8 val)
{
	writeb(val, s->sd_addr + reg);
}

static inline void hda_sd_ww(struct hda_wdm_stream *s, unsigned int reg,
			     u16 val)
{
	writew(val, s->sd_addr + reg);
}

static inline void hda_sd_wl(struct hda_wdm_stream *s, unsigned int reg,
			     u32 val)
{
	writel(val, s->sd_addr + reg);
}

/* Replace the bits of @mask in a byte register with those of @val. */
static inline void hda_sd_updateb(struct hda_wdm_stream *s, unsigned int reg,
				  u8 mask, u8 val)
{
	hda_sd_wb(s, reg, (hda_sd_rb(s, reg) & ~mask) | (val & mask));
}

/* Poll a register until @cond holds: 0, or -ETIMEDOUT with @val last read. */
#define hda_sd_pollb(s, reg, val, cond, delay_us, timeout_us) \
	read_poll_timeout(hda_sd_rb, val, cond, delay_us, timeout_us, false, \
			  s, reg)
#define hda_sd_pollw(s, reg, val, cond, delay_us, timeout_us) \
	read_poll_timeout(hda_sd_rw, val, cond, delay_us, timeout_us, false, \
			  s, reg)
#define hda_sd_pollb_atomic(s, reg, val, cond, delay_us, timeout_us) \
	read_poll_timeout_atomic(hda_sd_rb, val, cond, delay_us, timeout_us, \
				 false, s, reg)

int hda_wdm_stream_reset(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
void hda_wdm_stream_set_direction(struct hda_wdm_ctrl *c,
				  struct hda_wdm_stream *s, bool out,
				  unsigned int sdo_lines);
u32 hda_wdm_stream_set_format(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
			      u16 fmt);
void hda_wdm_stream_program(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
int hda_wdm_stream_unprogram(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
int hda_wdm_stream_stop(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
int hda_wdm_streams_run(struct hda_wdm_ctrl *c, unsigned long mask, bool run);
u8 hda_wdm_stream_ack(struct hda_wdm_stream *s);

#endif /* _HDA_WDM_STREAM_H */
