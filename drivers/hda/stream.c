// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: stream descriptor (DMA engine) hardware sequences.
 *
 *          program()           start()
 *   Reset ----------> Stopped ---------> Running
 *     ^   <----------         <---------
 *          reset()              stop()
 *
 * reset() pulses SRST with a timeout on both edges (hardware clears the
 * descriptor's registers; the driver reprograms every field anyway).
 * program() writes BDL address, CBL, LVI, format and stream tag and enables
 * the interrupt sources (IOCE, FEIE, DEIE). start()/stop() switch RUN for a
 * set of engines at once through SSYNC; stop() waits for RUN to read 0.
 * Status bits are cleared by writing back exactly the bits read.
 * Policy (who may do what, when) is in bus.c.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/iopoll.h>

#include "controller.h"
#include "stream.h"

#define HDA_SRST_TIMEOUT_US	1000
#define HDA_RUN_TIMEOUT_US	1000
#define HDA_FIFOS_TIMEOUT_US	300

static unsigned int sd(const struct hda_wdm_stream *s, unsigned int reg)
{
	return hda_sd_reg(s->index, reg);
}

/**
 * hda_wdm_stream_reset() - put a stream descriptor through SRST
 * @c: controller
 * @s: stream
 *
 * Context: any; busy-waits at most 1 ms per edge (hardware answers in
 * microseconds), since SetDmaEngineState may run in atomic context.
 * Return: 0 or -ETIMEDOUT.
 */
int hda_wdm_stream_reset(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	u8 ctl;
	int ret;

	hda_wb(c, sd(s, HDA_SD_CTL0), HDA_SD_CTL0_SRST);
	ret = readb_poll_timeout_atomic(c->base + sd(s, HDA_SD_CTL0), ctl,
					ctl & HDA_SD_CTL0_SRST, 1,
					HDA_SRST_TIMEOUT_US);
	if (!ret) {
		hda_wb(c, sd(s, HDA_SD_CTL0), 0);
		ret = readb_poll_timeout_atomic(c->base + sd(s, HDA_SD_CTL0), ctl,
						!(ctl & HDA_SD_CTL0_SRST), 1,
						HDA_SRST_TIMEOUT_US);
	}
	if (ret)
		dev_err(c->dev, "SD%u: stream reset handshake timed out (CTL %#x)\n",
			s->index, ctl);
	return ret;
}

/**
 * hda_wdm_stream_set_format() - write SDnFMT and read the FIFO size
 * @c: controller
 * @s: stream, in reset
 * @fmt: converter format
 *
 * Return: the FIFO size in bytes, 0 if the controller does not report one.
 */
u32 hda_wdm_stream_set_format(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
			      u16 fmt)
{
	u16 fifos;

	hda_ww(c, sd(s, HDA_SD_FMT), fmt);
	if (c->inject & HDA_WDM_INJECT_TINY_FIFO)
		return 1;
	/* the controller sizes the FIFO from the format */
	readw_poll_timeout(c->base + sd(s, HDA_SD_FIFOS), fifos, fifos, 10,
			   HDA_FIFOS_TIMEOUT_US);
	return fifos;
}

/**
 * hda_wdm_stream_program() - point a stopped stream at its BDL
 * @c: controller
 * @s: stream, just reset
 *
 * Uses @s->bdl_dma, @s->cbl, @s->lvi, @s->fmt and @s->tag.
 */
void hda_wdm_stream_program(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	u8 ctl2 = hda_rb(c, sd(s, HDA_SD_CTL2));

	hda_wl(c, sd(s, HDA_SD_BDPL), lower_32_bits(s->bdl_dma));
	hda_wl(c, sd(s, HDA_SD_BDPU), upper_32_bits(s->bdl_dma));
	hda_wl(c, sd(s, HDA_SD_CBL), s->cbl);
	hda_ww(c, sd(s, HDA_SD_LVI), s->lvi);
	hda_ww(c, sd(s, HDA_SD_FMT), s->fmt);
	ctl2 &= ~(HDA_SD_CTL2_STRM | HDA_SD_CTL2_STRIPE | HDA_SD_CTL2_DIR);
	hda_wb(c, sd(s, HDA_SD_CTL2), ctl2 | FIELD_PREP(HDA_SD_CTL2_STRM, s->tag));
	hda_wb(c, sd(s, HDA_SD_CTL0), HDA_SD_CTL0_IOCE | HDA_SD_CTL0_FEIE |
	       HDA_SD_CTL0_DEIE);
	hda_wdm_ctrl_irq_enable(c, BIT(s->index), true);
}

/**
 * hda_wdm_stream_unprogram() - interrupts off for a stream being freed
 * @c: controller
 * @s: stream
 */
void hda_wdm_stream_unprogram(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	hda_wdm_ctrl_irq_enable(c, BIT(s->index), false);
	hda_wb(c, sd(s, HDA_SD_CTL0), 0);
}

/**
 * hda_wdm_streams_run() - start or stop several streams together
 * @c: controller
 * @mask: stream indexes, one bit each
 * @run: start or stop
 *
 * SSYNC holds the streams while RUN changes, so that they start on the same
 * frame. A stop waits for every RUN bit to read back 0.
 *
 * Context: atomic allowed (busy-waits at most 1 ms per stream on stop).
 * Return: 0 or -ETIMEDOUT.
 */
int hda_wdm_streams_run(struct hda_wdm_ctrl *c, unsigned long mask, bool run)
{
	unsigned int i;
	int ret = 0;
	u8 ctl;

	hda_wl(c, HDA_SSYNC, hda_rl(c, HDA_SSYNC) | (u32)mask);
	for_each_set_bit(i, &mask, HDA_SD_MAX) {
		ctl = hda_rb(c, hda_sd_reg(i, HDA_SD_CTL0));
		ctl = run ? ctl | HDA_SD_CTL0_RUN : ctl & ~HDA_SD_CTL0_RUN;
		hda_wb(c, hda_sd_reg(i, HDA_SD_CTL0), ctl);
	}
	hda_wl(c, HDA_SSYNC, hda_rl(c, HDA_SSYNC) & ~(u32)mask);
	if (run)
		return 0;
	for_each_set_bit(i, &mask, HDA_SD_MAX) {
		if (readb_poll_timeout_atomic(c->base + hda_sd_reg(i, HDA_SD_CTL0),
					      ctl, !(ctl & HDA_SD_CTL0_RUN), 1,
					      HDA_RUN_TIMEOUT_US)) {
			dev_err(c->dev, "SD%u: DMA did not stop\n", i);
			ret = -ETIMEDOUT;
		}
	}
	return ret;
}

/**
 * hda_wdm_stream_ack() - read and clear a stream's status
 * @c: controller
 * @s: stream
 *
 * Context: hard interrupt.
 * Return: the BCIS / FIFOE / DESE bits that were set.
 */
u8 hda_wdm_stream_ack(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	u8 sts = hda_rb(c, sd(s, HDA_SD_STS)) & HDA_SD_STS_MASK;

	if (sts)
		hda_wb(c, sd(s, HDA_SD_STS), sts);
	return sts;
}
