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
 * program() writes BDL address, CBL, LVI, format, stream tag, direction and
 * stripe (set_direction(), before the format) and enables
 * the interrupt sources (IOCE, FEIE, DEIE). start()/stop() switch RUN for a
 * set of engines at once through SSYNC; stop() waits for RUN to read 0.
 * Status bits are cleared by writing back exactly the bits read.
 *
 * This layer sits just above the register accessors: the controller uses
 * it to quiesce and to acknowledge stream interrupts, the bus's engines to
 * run streams. Policy (who may do what, when) is the bus's.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/log2.h>

#include "controller.h"
#include "stream.h"
#include "trace.h"

#define HDA_SRST_TIMEOUT_US	1000
#define HDA_RUN_TIMEOUT_US	1000
#define HDA_STOP_TIMEOUT_US	10000	/* a stream left running, at probe */
#define HDA_FIFOS_TIMEOUT_US	300
#define HDA_SD_CTL0_INT_MASK	(HDA_SD_CTL0_IOCE | HDA_SD_CTL0_FEIE | \
				 HDA_SD_CTL0_DEIE)

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

	hda_sd_wb(s, HDA_SD_CTL0, HDA_SD_CTL0_SRST);
	ret = hda_sd_pollb_atomic(s, HDA_SD_CTL0, ctl, ctl & HDA_SD_CTL0_SRST,
				  1, HDA_SRST_TIMEOUT_US);
	if (!ret) {
		hda_sd_wb(s, HDA_SD_CTL0, 0);
		ret = hda_sd_pollb_atomic(s, HDA_SD_CTL0, ctl,
					  !(ctl & HDA_SD_CTL0_SRST), 1,
					  HDA_SRST_TIMEOUT_US);
	}
	if (ret)
		dev_err(c->dev, "SD%u: stream reset handshake timed out (CTL %#x)\n",
			s->index, ctl);
	return ret;
}

/**
 * hda_wdm_stream_set_direction() - direction and striping of a stream
 * @c: controller
 * @s: stream, just reset
 * @out: it will render (bidirectional descriptors only: DIR; input and
 *	output descriptors have their direction fixed)
 * @sdo_lines: SDO lines a render stream is striped over (1, 2 or 4); the
 *	controller must have them
 *
 * Written before the format, as a bidirectional descriptor sizes its FIFO
 * for its direction, and kept for hda_wdm_stream_program().
 *
 * Context: any.
 */
void hda_wdm_stream_set_direction(struct hda_wdm_ctrl *c,
				  struct hda_wdm_stream *s, bool out,
				  unsigned int sdo_lines)
{
	bool bidir = s->index >= c->n_in + c->n_out;

	s->ctl2 = FIELD_PREP(HDA_SD_CTL2_DIR, bidir && out) |
		  FIELD_PREP(HDA_SD_CTL2_STRIPE, out ? ilog2(sdo_lines) : 0);
	hda_sd_updateb(s, HDA_SD_CTL2, HDA_SD_CTL2_STRIPE | HDA_SD_CTL2_DIR,
		       s->ctl2);
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

	hda_sd_ww(s, HDA_SD_FMT, fmt);
	if (hda_wdm_injected(c, HDA_WDM_INJECT_TINY_FIFO))
		return 1;
	/* the controller sizes the FIFO from the format; 0 if it does not */
	hda_sd_pollw(s, HDA_SD_FIFOS, fifos, fifos, 10, HDA_FIFOS_TIMEOUT_US);
	return fifos;
}

/**
 * hda_wdm_stream_program() - point a stopped stream at its BDL
 * @c: controller
 * @s: stream, just reset
 *
 * Uses @s->bdl_dma, @s->cbl, @s->lvi, @s->fmt and @s->tag.
 *
 * Context: any.
 */
void hda_wdm_stream_program(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	hda_sd_wl(s, HDA_SD_BDPL, lower_32_bits(s->bdl_dma));
	hda_sd_wl(s, HDA_SD_BDPU, upper_32_bits(s->bdl_dma));
	hda_sd_wl(s, HDA_SD_CBL, s->cbl);
	hda_sd_ww(s, HDA_SD_LVI, s->lvi);
	hda_sd_ww(s, HDA_SD_FMT, s->fmt);
	hda_sd_updateb(s, HDA_SD_CTL2,
		       HDA_SD_CTL2_STRM | HDA_SD_CTL2_STRIPE | HDA_SD_CTL2_DIR,
		       FIELD_PREP(HDA_SD_CTL2_STRM, s->tag) | s->ctl2);
	hda_sd_wb(s, HDA_SD_CTL0, HDA_SD_CTL0_INT_MASK);
	hda_wdm_ctrl_irq_enable(c, BIT(s->index), true);
}

/**
 * hda_wdm_stream_unprogram() - interrupts and DMA off for a stream being freed
 * @c: controller
 * @s: stream
 *
 * Clears SDnCTL (RUN and the interrupt enables) and waits up to 1 ms for
 * RUN to read back 0: until it does, the engine may still be reading or
 * writing its buffer.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ETIMEDOUT if RUN still reads 1.
 */
int hda_wdm_stream_unprogram(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	u8 ctl;

	hda_wdm_ctrl_irq_enable(c, BIT(s->index), false);
	hda_sd_wb(s, HDA_SD_CTL0, 0);
	return hda_sd_pollb(s, HDA_SD_CTL0, ctl, !(ctl & HDA_SD_CTL0_RUN),
			    10, HDA_RUN_TIMEOUT_US);
}

/**
 * hda_wdm_stream_stop() - stop a stream left running and mask its interrupts
 * @c: controller
 * @s: stream
 *
 * For the controller's quiesce: RUN is cleared and polled until it reads
 * 0 (up to 10 ms), then IOCE, FEIE and DEIE are cleared.
 *
 * Context: process context, may sleep.
 * Return: 0 or -ETIMEDOUT.
 */
int hda_wdm_stream_stop(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	u8 ctl = hda_sd_rb(s, HDA_SD_CTL0);
	int ret;

	if (ctl & HDA_SD_CTL0_RUN) {
		hda_sd_wb(s, HDA_SD_CTL0, ctl & ~HDA_SD_CTL0_RUN);
		ret = hda_sd_pollb(s, HDA_SD_CTL0, ctl, !(ctl & HDA_SD_CTL0_RUN),
				   10, HDA_STOP_TIMEOUT_US);
		if (ret) {
			dev_err(c->dev, "SD%u: DMA did not stop (CTL %#x)\n",
				s->index, ctl);
			return ret;
		}
	}
	hda_sd_updateb(s, HDA_SD_CTL0, HDA_SD_CTL0_INT_MASK, 0);
	return 0;
}

/*
 * Input descriptors come first, then output, then bidirectional ones, whose
 * direction is SDnCTL.DIR (1: output). For the start / stop tracepoints.
 */
static bool hda_stream_capture(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s)
{
	if (s->index < c->n_in)
		return true;
	if (s->index < c->n_in + c->n_out)
		return false;
	return !(hda_sd_rb(s, HDA_SD_CTL2) & HDA_SD_CTL2_DIR);
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

	hda_updatel(c, HDA_SSYNC, (u32)mask, (u32)mask);
	for_each_set_bit(i, &mask, HDA_SD_MAX) {
		struct hda_wdm_stream *s = &c->streams[i];

		hda_sd_updateb(s, HDA_SD_CTL0, HDA_SD_CTL0_RUN,
			       run ? HDA_SD_CTL0_RUN : 0);
		/* the direction costs a register read: only when traced */
		if (run && trace_hda_wdm_stream_start_enabled())
			trace_hda_wdm_stream_start(c, s, hda_stream_capture(c, s));
		else if (!run && trace_hda_wdm_stream_stop_enabled())
			trace_hda_wdm_stream_stop(c, s, hda_stream_capture(c, s));
	}
	hda_updatel(c, HDA_SSYNC, (u32)mask, 0);
	if (run)
		return 0;
	for_each_set_bit(i, &mask, HDA_SD_MAX) {
		if (hda_sd_pollb_atomic(&c->streams[i], HDA_SD_CTL0, ctl,
					!(ctl & HDA_SD_CTL0_RUN), 1,
					HDA_RUN_TIMEOUT_US)) {
			dev_err(c->dev, "SD%u: DMA did not stop\n", i);
			ret = -ETIMEDOUT;
		}
	}
	return ret;
}

/**
 * hda_wdm_stream_ack() - read and clear a stream's status
 * @s: stream
 *
 * Writes back exactly the BCIS, FIFOE and DESE bits it read (SDnSTS is
 * write-1-to-clear).
 *
 * Context: any (the interrupt handler, the controller's quiesce).
 * Return: the BCIS / FIFOE / DESE bits that were set.
 */
u8 hda_wdm_stream_ack(struct hda_wdm_stream *s)
{
	u8 sts = hda_sd_rb(s, HDA_SD_STS) & HDA_SD_STS_MASK;

	if (sts)
		hda_sd_wb(s, HDA_SD_STS, sts);
	return sts;
}
