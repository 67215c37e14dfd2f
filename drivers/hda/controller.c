// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: HD Audio controller bring-up and shutdown.
 *
 * The sequence follows the Intel High Definition Audio Specification 1.0a:
 *
 *   quiesce   interrupts off, every stream descriptor, CORB and RIRB stopped
 *             (each stop polled with a timeout), stale status cleared
 *   reset     GCTL.CRST = 0, poll until it reads 0, hold for >= 100 us
 *   bring-up  GCTL.CRST = 1, poll until it reads 1
 *   detect    wait >= 521 us (25 frames) for codecs to raise their SDIWAKE
 *             bit in STATESTS, record them, clear exactly those bits
 *
 * Status registers are write-1-to-clear: every clear writes back only the
 * bits that were read as set, never a blanket 0xff.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/iopoll.h>

#include "controller.h"
#include "trace.h"

#define HDA_CRST_TIMEOUT_US	100000	/* controller reset handshake */
#define HDA_CRST_HOLD_US	100	/* minimum time CRST stays asserted */
#define HDA_CODEC_WAKE_US	1000	/* > 521 us for SDIWAKE after reset */
#define HDA_DMA_STOP_TIMEOUT_US	10000	/* stream, CORB and RIRB run bits */
#define HDA_POLL_US		10

static bool hda_vanished(u32 val)
{
	return val == ~0U;
}

/* Clear a ring's DMA bit and wait for the ring to report it stopped. */
static int hda_stop_ring(struct hda_wdm_ctrl *c, unsigned int reg, u8 bit,
			 const char *what)
{
	u8 val = hda_rb(c, reg);
	int ret;

	if (!(val & bit))
		return 0;
	hda_wb(c, reg, val & ~bit);
	ret = hda_pollb(c, reg, val, !(val & bit), HDA_POLL_US,
			HDA_DMA_STOP_TIMEOUT_US);
	if (ret)
		dev_err(c->dev, "%s did not stop (reg %#x = %#x)\n",
			what, reg, val);
	return ret;
}

static int hda_quiesce(struct hda_wdm_ctrl *c)
{
	unsigned int i;
	u16 statests;
	int ret, err, first = 0;

	hda_wl(c, HDA_INTCTL, 0);

	/* every stream is stopped, even after one that did not stop */
	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		err = hda_wdm_stream_stop(c, &c->streams[i]);
		if (err && !first)
			first = err;
		hda_wdm_stream_ack(&c->streams[i]);
	}
	if (first)
		return first;

	ret = hda_stop_ring(c, HDA_CORBCTL, HDA_CORBCTL_RUN, "CORB DMA");
	if (ret)
		return ret;
	ret = hda_stop_ring(c, HDA_RIRBCTL, HDA_RIRBCTL_DMAEN, "RIRB DMA");
	if (ret)
		return ret;

	/* Position buffer off until a layer above programs it. */
	hda_wl(c, HDA_DPLBASE, 0);
	hda_wl(c, HDA_DPUBASE, 0);

	statests = hda_rw(c, HDA_STATESTS) & HDA_STATESTS_SDIWAKE;
	if (statests)
		hda_ww(c, HDA_STATESTS, statests);
	return 0;
}

static int hda_enter_reset(struct hda_wdm_ctrl *c)
{
	u32 gctl;
	int ret;

	hda_updatel(c, HDA_GCTL, HDA_GCTL_CRST, 0);
	ret = hda_polll(c, HDA_GCTL, gctl, !(gctl & HDA_GCTL_CRST),
			HDA_POLL_US, HDA_CRST_TIMEOUT_US);
	if (ret)
		dev_err(c->dev, "controller did not enter reset within %u ms (GCTL %#x)\n",
			HDA_CRST_TIMEOUT_US / 1000, gctl);
	return ret;
}

static int hda_leave_reset(struct hda_wdm_ctrl *c)
{
	u32 gctl;
	int ret;

	hda_updatel(c, HDA_GCTL, HDA_GCTL_CRST, HDA_GCTL_CRST);
	ret = hda_polll(c, HDA_GCTL, gctl, gctl & HDA_GCTL_CRST,
			HDA_POLL_US, HDA_CRST_TIMEOUT_US);
	if (ret)
		dev_err(c->dev, "controller did not leave reset within %u ms (GCTL %#x)\n",
			HDA_CRST_TIMEOUT_US / 1000, gctl);
	return ret;
}

static void hda_read_caps(struct hda_wdm_ctrl *c)
{
	c->vmaj = hda_rb(c, HDA_VMAJ);
	c->vmin = hda_rb(c, HDA_VMIN);
	c->n_in = FIELD_GET(HDA_GCAP_ISS, c->gcap);
	c->n_out = FIELD_GET(HDA_GCAP_OSS, c->gcap);
	c->n_bidir = FIELD_GET(HDA_GCAP_BSS, c->gcap);
	/* NSDO encodes 1, 2 or 4 SDO lines as 0, 1, 2 */
	c->n_sdo = 1U << FIELD_GET(HDA_GCAP_NSDO, c->gcap);
	c->addr64 = c->gcap & HDA_GCAP_64OK;
}

/* Each stream descriptor's register base, computed once. */
static void hda_init_streams(struct hda_wdm_ctrl *c)
{
	unsigned int i;

	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		c->streams[i].index = i;
		c->streams[i].sd_addr = c->base + HDA_SD_BASE +
					i * HDA_SD_STRIDE;
	}
}

/**
 * hda_wdm_ctrl_start() - reset the controller and find its codecs
 * @c: controller with @dev, @base and @inject set
 *
 * Context: process context, may sleep.
 * Return: 0 on success; -ENODEV if the device does not answer, -ETIMEDOUT
 * if a handshake times out, -EIO if the capabilities are unusable.
 */
int hda_wdm_ctrl_start(struct hda_wdm_ctrl *c)
{
	u16 statests;
	int ret;

	c->gcap = hda_rw(c, HDA_GCAP);
	if (hda_vanished(hda_rl(c, HDA_GCTL)) || c->gcap == 0xffff) {
		dev_err(c->dev, "controller registers read all-ones: device not responding\n");
		return -ENODEV;
	}
	hda_read_caps(c);
	if (hda_wdm_num_streams(c) > HDA_SD_MAX) {
		dev_err(c->dev, "GCAP %#06x claims %u stream descriptors (max %u)\n",
			c->gcap, hda_wdm_num_streams(c), HDA_SD_MAX);
		return -EIO;
	}
	hda_init_streams(c);
	dev_dbg(c->dev, "GCAP %#06x: %u in, %u out, %u bidir, %u SDO, %s-bit, HDA %u.%u\n",
		c->gcap, c->n_in, c->n_out, c->n_bidir, c->n_sdo,
		c->addr64 ? "64" : "32", c->vmaj, c->vmin);

	ret = hda_quiesce(c);
	if (ret)
		return ret;

	ret = hda_enter_reset(c);
	if (ret)
		return ret;
	usleep_range(HDA_CRST_HOLD_US, 2 * HDA_CRST_HOLD_US);
	ret = hda_leave_reset(c);
	if (ret) {
		/* Leave the link in reset rather than half up. */
		hda_enter_reset(c);
		return ret;
	}

	/* Codecs raise SDIWAKE within 25 frames of the link leaving reset. */
	usleep_range(HDA_CODEC_WAKE_US, 2 * HDA_CODEC_WAKE_US);
	statests = hda_rw(c, HDA_STATESTS) & HDA_STATESTS_SDIWAKE;
	if (statests)
		hda_ww(c, HDA_STATESTS, statests);
	c->codec_mask = statests;

	if (!c->codec_mask)
		dev_warn(c->dev, "no codec answered after link reset\n");
	else
		dev_dbg(c->dev, "codec mask %#lx\n", c->codec_mask);
	return 0;
}

/**
 * hda_wdm_ctrl_stop() - quiesce the controller and leave it in reset
 * @c: a controller that hda_wdm_ctrl_start() brought up
 *
 * Context: process context, may sleep.
 * Return: 0 once CRST reads 0 (no DMA of the controller can go on), or
 * when the device is gone; -ETIMEDOUT if it did not enter reset.
 */
int hda_wdm_ctrl_stop(struct hda_wdm_ctrl *c)
{
	if (hda_vanished(hda_rl(c, HDA_GCTL)))
		return 0;
	/* Failures are logged by the helpers; reset is attempted regardless. */
	hda_quiesce(c);
	return hda_enter_reset(c);
}

/**
 * hda_wdm_ctrl_ack_wake() - acknowledge codec wake bits in STATESTS
 * @c: controller
 *
 * Writes back exactly the SDIWAKE bits that were set.
 *
 * Context: any.
 */
void hda_wdm_ctrl_ack_wake(struct hda_wdm_ctrl *c)
{
	u16 wake = hda_rw(c, HDA_STATESTS) & HDA_STATESTS_SDIWAKE;

	if (wake)
		hda_ww(c, HDA_STATESTS, wake);
}

/**
 * hda_wdm_ctrl_stream_irq() - acknowledge the streams that interrupted
 * @c: controller
 * @intsts: INTSTS as the interrupt handler read it
 * @handler: receives each stream's status bits, if any were set
 *
 * Each stream whose INTSTS bit is set has its status read and cleared
 * (hda_wdm_stream_ack()); a non-zero status goes to @handler.
 *
 * Context: hard interrupt.
 * Return: the streams whose INTSTS bit was set, one bit each.
 */
unsigned long hda_wdm_ctrl_stream_irq(struct hda_wdm_ctrl *c, u32 intsts,
				      hda_wdm_stream_irq_t handler)
{
	unsigned int i, n = hda_wdm_num_streams(c);
	unsigned long streams;
	u8 sts;

	streams = intsts & HDA_INT_SIE & (BIT(n) - 1);
	for_each_set_bit(i, &streams, n) {
		sts = hda_wdm_stream_ack(&c->streams[i]);
		if (sts && trace_hda_wdm_stream_irq_enabled())
			trace_hda_wdm_stream_irq(c, &c->streams[i], sts,
						 hda_sd_rl(&c->streams[i],
							   HDA_SD_LPIB));
		if (sts)
			handler(c, &c->streams[i], sts);
	}
	return streams;
}
