// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: codec verb transport.
 *
 * Verbs go out through the CORB and responses come back through the RIRB,
 * both in one page of coherent memory from the controller's DMA adapter
 * (struct hda_wdm_cmd_ring: CORB at offset 0, RIRB at offset 2048, both
 * 128-byte aligned). Should the
 * CORB/RIRB not come up (a pointer reset handshake times out) or the module
 * parameter single_cmd ask for it, the immediate command registers
 * (ICOI/ICII/ICIS) carry the verbs instead.
 *
 * One synchronous verb is in flight per controller (cmd.mutex); the RIRB is
 * drained by the interrupt handler and, should interrupts not arrive, by
 * the waiting thread itself. A solicited response from any other codec than
 * the one asked, or one arriving when nothing is pending, is counted as
 * stray. A codec that lets a verb time out is marked unresponsive: further
 * verbs to it fail at once with -EIO, and the other codecs keep working.
 * Unsolicited responses go to the handler the bus layer installed. For
 * tests, hda_wdm_cmd_inject_unsol() feeds one through the same parsing.
 *
 * The verb cache: every set verb that a codec accepted, whoever sent it
 * (the bus's codec layer setting paths up, a client through
 * TransferCodecVerbs), is kept as the last value written per codec, node
 * and verb; amp verbs per direction, channel and input index, since one
 * verb may set any of them. A codec that went through D3 and a link reset
 * (system sleep) has lost those settings, and hda_wdm_cmd_replay() writes
 * them back. Power states are kept like any set verb (the function
 * group's D0 from probe among them); the bus's own D3 at suspend and D0 at
 * resume go around the cache (hda_wdm_cmd_exec_uncached()). Not kept:
 * function reset, pin sense execute, and the processing coefficient pair
 * (index and value are two verbs whose order matters; no client of ours
 * uses them).
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/iopoll.h>
#include <linux/sched.h>
#include <linux/xarray.h>

#include <wdm/dma.h>
#include <wdm/hda_verbs.h>

#include "cmd.h"
#include "controller.h"
#include "trace.h"

#define HDA_CMD_TIMEOUT_MS	500	/* a codec answers within a frame */
/* after an overrun, how long an answer may still take to arrive */
#define HDA_CMD_LOST_GRACE_MS	2
#define HDA_RING_RESET_US	10000	/* CORBRP reset handshake */
#define HDA_IMM_TIMEOUT_US	10000	/* immediate command busy / valid */
#define HDA_RING_BYTES		PAGE_SIZE

/**
 * struct hda_wdm_cmd_ring - the CORB and the RIRB in one coherent page
 * @corb: the verbs, one 32-bit entry each
 * @corb_area: the CORB's share of the page (the RIRB starts 128-byte aligned)
 * @rirb: the responses
 */
struct hda_wdm_cmd_ring {
	union {
		__le32 corb[HDA_RING_MAX_ENTRIES];
		u8 corb_area[2048];
	};
	struct hda_rirb_entry rirb[HDA_RING_MAX_ENTRIES];
};

static_assert(offsetof(struct hda_wdm_cmd_ring, rirb) == 2048);
static_assert(sizeof(struct hda_wdm_cmd_ring) <= HDA_RING_BYTES);

/* Largest ring the controller offers: entries and the SIZE selector. */
static unsigned int hda_ring_size(u8 cap, u8 *sel)
{
	if (cap & HDA_RINGSIZE_CAP_256) {
		*sel = 2;
		return 256;
	}
	if (cap & HDA_RINGSIZE_CAP_16) {
		*sel = 1;
		return 16;
	}
	*sel = 0;
	return 2;
}

static int hda_corb_reset_rp(struct hda_wdm_ctrl *c)
{
	u16 rp;
	int ret;

	hda_ww(c, HDA_CORBRP, HDA_CORBRP_RST);
	ret = hda_pollw(c, HDA_CORBRP, rp, rp & HDA_CORBRP_RST, 10,
			HDA_RING_RESET_US);
	if (ret) {
		dev_err(c->dev, "CORB read pointer reset not acknowledged (CORBRP %#x)\n",
			rp);
		return ret;
	}
	hda_ww(c, HDA_CORBRP, 0);
	ret = hda_pollw(c, HDA_CORBRP, rp, !(rp & HDA_CORBRP_RST), 10,
			HDA_RING_RESET_US);
	if (ret)
		dev_err(c->dev, "CORB read pointer stuck in reset (CORBRP %#x)\n",
			rp);
	return ret;
}

static int hda_rings_start(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	size_t corb = offsetof(struct hda_wdm_cmd_ring, corb);
	size_t rirb = offsetof(struct hda_wdm_cmd_ring, rirb);
	u8 sel;
	int ret;

	/* CORB */
	cmd->corb_entries = hda_ring_size(hda_rb(c, HDA_CORBSIZE), &sel);
	hda_wl(c, HDA_CORBLBASE, lower_32_bits(cmd->ring_dma + corb));
	hda_wl(c, HDA_CORBUBASE, upper_32_bits(cmd->ring_dma + corb));
	hda_updateb(c, HDA_CORBSIZE, HDA_RINGSIZE_SEL, sel);
	hda_ww(c, HDA_CORBWP, 0);
	cmd->corb_wp = 0;
	ret = hda_corb_reset_rp(c);
	if (ret)
		return ret;

	/* RIRB: an interrupt per response, overrun reported */
	cmd->rirb_entries = hda_ring_size(hda_rb(c, HDA_RIRBSIZE), &sel);
	hda_wl(c, HDA_RIRBLBASE, lower_32_bits(cmd->ring_dma + rirb));
	hda_wl(c, HDA_RIRBUBASE, upper_32_bits(cmd->ring_dma + rirb));
	hda_updateb(c, HDA_RIRBSIZE, HDA_RINGSIZE_SEL, sel);
	hda_ww(c, HDA_RIRBWP, HDA_RIRBWP_RST);
	cmd->rirb_rp = 0;
	hda_ww(c, HDA_RINTCNT, 1);

	hda_wb(c, HDA_RIRBCTL, HDA_RIRBCTL_DMAEN | HDA_RIRBCTL_RINTCTL |
	       HDA_RIRBCTL_OIC);
	hda_wb(c, HDA_CORBCTL, HDA_CORBCTL_RUN | HDA_CORBCTL_CMEIE);
	return 0;
}

static void hda_rings_stop(struct hda_wdm_ctrl *c)
{
	u8 val;

	hda_wb(c, HDA_CORBCTL, 0);
	hda_wb(c, HDA_RIRBCTL, 0);
	if (hda_pollb(c, HDA_CORBCTL, val, !(val & HDA_CORBCTL_RUN), 10,
		      HDA_RING_RESET_US))
		dev_err(c->dev, "CORB DMA did not stop\n");
	if (hda_pollb(c, HDA_RIRBCTL, val, !(val & HDA_RIRBCTL_DMAEN), 10,
		      HDA_RING_RESET_US))
		dev_err(c->dev, "RIRB DMA did not stop\n");
}

/*
 * One RIRB entry: an unsolicited response goes to the bus layer's handler,
 * a solicited one answers the pending verb or is counted as stray. Called
 * with cmd.lock held, for the ring's entries and for a test-injected one.
 */
static void hda_rirb_parse(struct hda_wdm_ctrl *c, u32 resp, u32 ex)
	__must_hold(&c->cmd->lock)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	u8 addr = FIELD_GET(HDA_RIRB_EX_CODEC, ex);

	if (ex & HDA_RIRB_EX_UNSOL) {
		trace_hda_wdm_unsol(c, addr, resp);
		cmd->unsol_count++;
		if (cmd->unsol_handler)
			cmd->unsol_handler(c, addr, resp);
		return;
	}
	if (cmd->pending && !cmd->answered && addr == cmd->pending_addr) {
		cmd->response = resp;
		cmd->answered = true;
		wake_up(&cmd->wq);
	} else {
		cmd->stray++;
		dev_dbg(c->dev, "stray response %#x from codec %u\n", resp, addr);
	}
}

/* Takes every response the RIRB holds. Called with cmd.lock held. */
static void hda_rirb_drain(struct hda_wdm_ctrl *c)
	__must_hold(&c->cmd->lock)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	u16 wp;

	lockdep_assert_held(&cmd->lock);
	if (cmd->immediate || !cmd->ring)
		return;
	if (cmd->inject_pending) {
		cmd->inject_pending = false;
		hda_rirb_parse(c, cmd->inject_resp, cmd->inject_ex);
	}
	wp = hda_rw(c, HDA_RIRBWP);
	if (wp == 0xffff)	/* device gone */
		return;
	wp &= HDA_RIRBWP_MASK;
	while (cmd->rirb_rp != wp) {
		const struct hda_rirb_entry *ent;

		cmd->rirb_rp = (cmd->rirb_rp + 1) % cmd->rirb_entries;
		ent = &cmd->ring->rirb[cmd->rirb_rp];
		hda_rirb_parse(c, le32_to_cpu(ent->response),
			       le32_to_cpu(ent->ex));
	}
}

/*
 * Acknowledges RINTFL and RIRBOIS (exactly the bits found set) and takes
 * the responses. An overrun means the controller dropped responses
 * (RIRBOIS, Intel HD Audio specification 1.0a, section 3.3): it is counted,
 * and a verb waiting for its answer is woken, since that answer may be
 * among the lost. Called with cmd.lock held; returns the bits acknowledged.
 */
static u8 hda_rirb_service(struct hda_wdm_ctrl *c)
	__must_hold(&c->cmd->lock)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	u8 sts;

	sts = hda_rb(c, HDA_RIRBSTS) & (HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_OIS);
	if (sts)
		hda_wb(c, HDA_RIRBSTS, sts);
	if (sts & HDA_RIRBSTS_OIS) {
		trace_hda_wdm_rirb_overrun(c, sts);
		cmd->overruns++;
		wake_up(&cmd->wq);
	}
	hda_rirb_drain(c);
	return sts;
}

/**
 * hda_wdm_cmd_irq() - the CORB/RIRB part of the controller interrupt
 * @c: controller
 *
 * Context: hard interrupt.
 */
void hda_wdm_cmd_irq(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	u8 sts;

	spin_lock(&cmd->lock);
	sts = hda_rirb_service(c);
	spin_unlock(&cmd->lock);
	if (sts & HDA_RIRBSTS_OIS)
		dev_warn_ratelimited(c->dev, "RIRB overrun: responses lost\n");
	sts = hda_rb(c, HDA_CORBSTS) & HDA_CORBSTS_CMEI;
	if (sts) {
		hda_wb(c, HDA_CORBSTS, sts);
		trace_hda_wdm_corb_error(c, sts);
		dev_err_ratelimited(c->dev, "CORB memory error\n");
	}
}

/*
 * Whether the pending verb has its answer, or an overrun since @overruns
 * may have lost it.
 */
static bool hda_cmd_answered(struct hda_wdm_ctrl *c, u64 overruns)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	bool done;
	u8 sts;

	spin_lock_irq(&cmd->lock);
	/*
	 * In case the interrupt is late or lost: take the responses here and
	 * acknowledge them, since the CORB stalls until RINTFL is cleared.
	 */
	sts = hda_rirb_service(c);
	done = cmd->answered || cmd->overruns != overruns;
	spin_unlock_irq(&cmd->lock);
	if (sts & HDA_RIRBSTS_OIS)
		dev_warn_ratelimited(c->dev, "RIRB overrun: responses lost\n");
	return done;
}

static int hda_cmd_ring_exec(struct hda_wdm_ctrl *c, u8 addr, u32 verb,
			     u32 *resp)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	unsigned long timeout = msecs_to_jiffies(HDA_CMD_TIMEOUT_MS);
	unsigned int wp;
	u64 overruns;
	int ret = 0;

	spin_lock_irq(&cmd->lock);
	overruns = cmd->overruns;
	cmd->pending = true;
	cmd->answered = false;
	cmd->pending_addr = addr;
	wp = (cmd->corb_wp + 1) % cmd->corb_entries;
	cmd->ring->corb[wp] = cpu_to_le32(verb);
	cmd->corb_wp = wp;
	/* the entry must be in memory before the controller sees the pointer */
	wmb();
	hda_ww(c, HDA_CORBWP, wp);
	spin_unlock_irq(&cmd->lock);

	wait_event_timeout(cmd->wq, hda_cmd_answered(c, overruns), timeout);
	if (!hda_cmd_answered(c, overruns)) {
		ret = -ETIMEDOUT;
	} else if (READ_ONCE(cmd->overruns) != overruns) {
		/*
		 * An overrun: the lost response may have been another codec's
		 * unsolicited one, and this verb's answer still on its way
		 */
		overruns = READ_ONCE(cmd->overruns);
		wait_event_timeout(cmd->wq, hda_cmd_answered(c, overruns),
				   msecs_to_jiffies(HDA_CMD_LOST_GRACE_MS));
	}

	spin_lock_irq(&cmd->lock);
	cmd->pending = false;
	*resp = cmd->response;
	if (!ret && !cmd->answered)
		ret = -EAGAIN;
	spin_unlock_irq(&cmd->lock);
	return ret;
}

static int hda_cmd_imm_exec(struct hda_wdm_ctrl *c, u32 verb, u32 *resp)
{
	u16 icis;
	int ret;

	ret = hda_pollw(c, HDA_ICIS, icis, !(icis & HDA_ICIS_ICB), 10,
			HDA_IMM_TIMEOUT_US);
	if (ret) {
		dev_err(c->dev, "immediate command interface busy (ICIS %#x)\n",
			icis);
		return ret;
	}
	hda_wl(c, HDA_ICOI, verb);
	/* clear a stale valid flag (write 1) and start the command */
	hda_ww(c, HDA_ICIS, HDA_ICIS_IRV | HDA_ICIS_ICB);
	ret = hda_pollw(c, HDA_ICIS, icis, icis & HDA_ICIS_IRV, 10,
			HDA_IMM_TIMEOUT_US);
	if (ret)
		return ret;
	*resp = hda_rl(c, HDA_ICII);
	hda_ww(c, HDA_ICIS, HDA_ICIS_IRV);
	return 0;
}

#define HDA_VERB_ID12(v)	(((v) >> 8) & 0xfff)
#define HDA_VERB_ID4(v)		(((v) >> 16) & 0xf)
#define HDA_VERB_NODE(v)	((v) & GENMASK(31, 20))
#define HDA_PIN_SENSE_EXEC	0x709

/* Whether @verb is a 12-bit set verb the cache keeps (see the top). */
static bool hda_cache_keeps12(u32 verb)
{
	u16 id = HDA_VERB_ID12(verb);

	return (id & 0xf00) == 0x700 && id != HDA_PIN_SENSE_EXEC &&
	       id != HDA_FUNCTION_RESET;
}

/*
 * The cache's index of a verb: codec and node in bits 31:20 as in the verb,
 * then the 12-bit verb ID in bits 19:8 (set verbs 0x7xx), or the 4-bit one
 * in bits 19:16 with, for amps, direction, channel and index below.
 */
static unsigned long hda_cache_index(u32 verb, u32 sub)
{
	return HDA_VERB_NODE(verb) | (verb & GENMASK(19, 16)) | sub;
}

static void hda_cache_put(struct hda_wdm_cmd *cmd, unsigned long index,
			  u32 verb)
{
	/* the codec address is in the index: values stay below LONG_MAX */
	if (xa_err(xa_store(&cmd->cache, index,
			    xa_mk_value(verb & GENMASK(27, 0)), GFP_KERNEL)))
		cmd->cache_errors++;
}

/* Keep a set verb that the codec accepted. Called with cmd.mutex held. */
static void hda_cache_store(struct hda_wdm_cmd *cmd, u32 verb)
	__must_hold(&cmd->mutex)
{
	u32 payload = verb & 0xffff, dirs, chans, one, sub;
	unsigned long dbit, cbit, d, ch;

	lockdep_assert_held(&cmd->mutex);
	switch (HDA_VERB_ID4(verb)) {
	case HDA_SET_FORMAT:
		hda_cache_put(cmd, hda_cache_index(verb, 0), verb);
		return;
	case HDA_SET_AMP:
		/* one entry per direction and channel the verb sets */
		dirs = payload & (HDA_AMP_SET_OUT | HDA_AMP_SET_IN);
		chans = payload & (HDA_AMP_SET_LEFT | HDA_AMP_SET_RIGHT);
		dbit = dirs;
		cbit = chans;
		for_each_set_bit(d, &dbit, 16) {
			for_each_set_bit(ch, &cbit, 16) {
				one = (verb & ~(HDA_AMP_SET_OUT | HDA_AMP_SET_IN |
						HDA_AMP_SET_LEFT |
						HDA_AMP_SET_RIGHT)) |
				      BIT(d) | BIT(ch);
				sub = (d - 12) << 6 | (ch - 12) << 4 |
				      FIELD_GET(HDA_AMP_SET_INDEX, payload);
				hda_cache_put(cmd, hda_cache_index(verb, sub),
					      one);
			}
		}
		return;
	}
	if (hda_cache_keeps12(verb))
		hda_cache_put(cmd, HDA_VERB_NODE(verb) |
			      HDA_VERB_ID12(verb) << 8, verb);
}

static bool hda_cache_keeps(u32 verb)
{
	return HDA_VERB_ID4(verb) == HDA_SET_FORMAT ||
	       HDA_VERB_ID4(verb) == HDA_SET_AMP || hda_cache_keeps12(verb);
}

static int hda_cmd_exec(struct hda_wdm_ctrl *c, u32 verb, u32 *resp,
			bool cache);

/**
 * hda_wdm_cmd_exec() - send one verb and wait for its response
 * @c: controller
 * @verb: the 32-bit verb, codec address in bits 31:28
 * @resp: the response
 *
 * A verb whose response a RIRB overrun lost is sent once more. A set verb
 * the codec accepted is kept in the verb cache (see the top of this file).
 * While the link is down (hda_wdm_cmd_suspend()), a set verb is only kept,
 * to be written at resume, and answered 0.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENODEV for an address with no codec, -EIO for a codec that
 * earlier stopped answering or a response lost twice in RIRB overruns,
 * -ETIMEDOUT if this verb got no answer, -EAGAIN for a verb other than a
 * set verb while the link is down.
 */
int hda_wdm_cmd_exec(struct hda_wdm_ctrl *c, u32 verb, u32 *resp)
{
	return hda_cmd_exec(c, verb, resp, true);
}

/**
 * hda_wdm_cmd_exec_uncached() - send one verb, leaving the verb cache alone
 * @c: controller
 * @verb: the 32-bit verb, codec address in bits 31:28
 * @resp: the response
 *
 * For the bus's power code: the function group's power state, and the
 * cache's own replay.
 *
 * Context: process context, may sleep.
 * Return: as hda_wdm_cmd_exec(); -EAGAIN while the link is down.
 */
int hda_wdm_cmd_exec_uncached(struct hda_wdm_ctrl *c, u32 verb, u32 *resp)
{
	return hda_cmd_exec(c, verb, resp, false);
}

static int hda_cmd_exec(struct hda_wdm_ctrl *c, u32 verb, u32 *resp,
			bool cache)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	u8 addr = verb >> 28;
	int ret;

	if (!(c->codec_mask & BIT(addr)))
		return -ENODEV;
	if (test_bit(addr, &cmd->dead_codecs))
		return -EIO;

	mutex_lock(&cmd->mutex);
	if (cmd->suspended) {
		/*
		 * The link is down: a set verb takes effect at resume, with
		 * the cache's replay; nothing else can be answered
		 */
		ret = -EAGAIN;
		if (cache && hda_cache_keeps(verb)) {
			hda_cache_store(cmd, verb);
			*resp = 0;
			ret = 0;
		}
		mutex_unlock(&cmd->mutex);
		return ret;
	}
	trace_hda_wdm_verb(c, verb);
	if (cmd->immediate) {
		ret = hda_cmd_imm_exec(c, verb, resp);
	} else {
		ret = hda_cmd_ring_exec(c, addr, verb, resp);
		/*
		 * Lost in an overrun: the codec has carried the verb out, and
		 * doing it again changes nothing (HD Audio verbs get or set a
		 * value); once only, so that a storm of overruns ends here.
		 */
		if (ret == -EAGAIN) {
			cmd->resent++;
			dev_warn(c->dev, "codec %u: the response to verb %#010x was lost in a RIRB overrun; sending it again\n",
				 addr, verb);
			ret = hda_cmd_ring_exec(c, addr, verb, resp);
		}
		if (ret == -EAGAIN) {
			dev_err(c->dev, "codec %u: the response to verb %#010x was lost twice in RIRB overruns\n",
				addr, verb);
			ret = -EIO;
		}
	}
	trace_hda_wdm_response(c, verb, ret ? 0 : *resp, ret);
	cmd->verbs++;
	if (ret == -ETIMEDOUT) {
		cmd->timeouts++;
		set_bit(addr, &cmd->dead_codecs);
		dev_err(c->dev, "codec %u did not answer verb %#010x within %u ms; no more verbs go to it\n",
			addr, verb, HDA_CMD_TIMEOUT_MS);
	}
	if (!ret && cache)
		hda_cache_store(cmd, verb);
	mutex_unlock(&cmd->mutex);
	return ret;
}

/**
 * hda_wdm_cmd_set_unsol_handler() - who receives unsolicited responses
 * @c: controller
 * @handler: the receiver, or NULL to count them only
 *
 * Context: process context.
 */
void hda_wdm_cmd_set_unsol_handler(struct hda_wdm_ctrl *c,
				   hda_wdm_unsol_t handler)
{
	spin_lock_irq(&c->cmd->lock);
	c->cmd->unsol_handler = handler;
	spin_unlock_irq(&c->cmd->lock);
}

/**
 * hda_wdm_cmd_inject_unsol() - test only: an unsolicited response arrives
 * @c: controller probed with the HDA_WDM_INJECT_UNSOL test bit
 * @addr: codec address the response comes from (its SDI line)
 * @resp: the response; the tag is in bits 31:26
 *
 * QEMU's codecs never send unsolicited responses, so nothing else can
 * exercise their delivery. The entry is queued as if the controller had
 * written it to the RIRB, and a verb (the vendor ID of the first codec
 * still answering) makes the controller raise its response interrupt: the
 * drain that takes the verb's answer, in the interrupt handler (or in the
 * waiting thread should the interrupt be late), parses the queued entry
 * first, through the same code as every ring entry. Only the DMA write of
 * the entry into the ring is skipped.
 *
 * Context: process context, may sleep.
 * Return: 0; -EPERM without the test bit; -EOPNOTSUPP with the immediate
 * command interface (no RIRB, so no unsolicited response either); -EINVAL
 * for an address beyond the link; -EBUSY while another is queued; -ENODEV
 * with no codec answering; or the carrying verb's error.
 */
int hda_wdm_cmd_inject_unsol(struct hda_wdm_ctrl *c, u8 addr, u32 resp)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	unsigned long carrier;
	int ret = 0;
	u32 val;

	if (!hda_wdm_injected(c, HDA_WDM_INJECT_UNSOL))
		return -EPERM;
	if (cmd->immediate || !cmd->ring)
		return -EOPNOTSUPP;
	if (addr >= HDA_MAX_CODECS)
		return -EINVAL;
	for_each_set_bit(carrier, &c->codec_mask, HDA_MAX_CODECS)
		if (!test_bit(carrier, &cmd->dead_codecs))
			break;
	if (carrier >= HDA_MAX_CODECS)
		return -ENODEV;

	spin_lock_irq(&cmd->lock);
	if (cmd->inject_pending) {
		ret = -EBUSY;
	} else {
		cmd->inject_pending = true;
		cmd->inject_resp = resp;
		cmd->inject_ex = FIELD_PREP(HDA_RIRB_EX_CODEC, addr) |
				 HDA_RIRB_EX_UNSOL;
	}
	spin_unlock_irq(&cmd->lock);
	if (ret)
		return ret;

	ret = hda_wdm_cmd_exec(c, hda_verb12(carrier, 0, HDA_GET_PARAMETER,
					     HDA_PAR_VENDOR_ID), &val);
	/* the verb failed before any drain: take the entry back */
	spin_lock_irq(&cmd->lock);
	if (cmd->inject_pending) {
		cmd->inject_pending = false;
		if (!ret)
			ret = -EIO;
	}
	spin_unlock_irq(&cmd->lock);
	return ret;
}

/**
 * hda_wdm_cmd_init() - bring up the verb transport
 * @c: controller, out of reset, interrupts not yet enabled
 * @single_cmd: use the immediate command interface only
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno (no memory for the rings).
 */
int hda_wdm_cmd_init(struct hda_wdm_ctrl *c, bool single_cmd)
{
	struct hda_wdm_cmd *cmd = c->cmd;

	spin_lock_init(&cmd->lock);
	mutex_init(&cmd->mutex);
	init_waitqueue_head(&cmd->wq);
	xa_init(&cmd->cache);

	if (!single_cmd) {
		cmd->ring = c->dma->ops->allocate_common_buffer(c->dma,
								 HDA_RING_BYTES,
								 &cmd->ring_dma,
								 false);
		if (!cmd->ring) {
			dev_err(c->dev, "no memory for the CORB/RIRB\n");
			return -ENOMEM;
		}
		memset(cmd->ring, 0, HDA_RING_BYTES);
		if (!hda_rings_start(c))
			return 0;
		hda_rings_stop(c);
		c->dma->ops->free_common_buffer(c->dma, HDA_RING_BYTES,
						cmd->ring_dma, cmd->ring, false);
		cmd->ring = NULL;
		dev_warn(c->dev, "CORB/RIRB unusable: using the immediate command interface\n");
	}
	cmd->immediate = true;
	return 0;
}

/**
 * hda_wdm_cmd_exit() - stop the verb transport and free its memory
 * @c: controller
 *
 * Context: process context, may sleep.
 */
void hda_wdm_cmd_exit(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_cmd *cmd = c->cmd;

	xa_destroy(&cmd->cache);
	if (!cmd->ring)
		return;
	hda_rings_stop(c);
	c->dma->ops->free_common_buffer(c->dma, HDA_RING_BYTES, cmd->ring_dma,
					cmd->ring, false);
	cmd->ring = NULL;
}

/**
 * hda_wdm_cmd_suspend() - the link goes down: stop the CORB and RIRB
 * @c: controller
 *
 * From now on set verbs are only kept in the verb cache and other verbs
 * fail with -EAGAIN, until hda_wdm_cmd_resume(). A verb in flight
 * finishes first (cmd.mutex).
 *
 * Context: process context, may sleep.
 */
void hda_wdm_cmd_suspend(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_cmd *cmd = c->cmd;

	guard(mutex)(&cmd->mutex);
	cmd->suspended = true;
	if (!cmd->immediate && cmd->ring)
		hda_rings_stop(c);
}

/**
 * hda_wdm_cmd_resume() - the link is up again: restart the CORB and RIRB
 * @c: controller, out of reset, its interrupts not yet enabled
 *
 * The rings keep their memory; their pointers start from 0 as at probe.
 * Should they not come up, verbs go through the immediate command
 * registers from now on, as after a failed probe-time start.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ETIMEDOUT when the rings did not come up (verbs still
 * work, through the immediate command registers).
 */
int hda_wdm_cmd_resume(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	int ret = 0;

	guard(mutex)(&cmd->mutex);
	scoped_guard(spinlock_irq, &cmd->lock) {
		cmd->pending = false;
		cmd->answered = false;
		cmd->inject_pending = false;
	}
	if (!cmd->immediate && cmd->ring) {
		memset(cmd->ring, 0, HDA_RING_BYTES);
		ret = hda_rings_start(c);
		if (ret) {
			hda_rings_stop(c);
			cmd->immediate = true;
			dev_err(c->dev, "CORB/RIRB did not come back after resume: using the immediate command interface\n");
		}
	}
	cmd->suspended = false;
	return ret;
}

/* The cache's first index for codec @addr: its entries are keyed by verb. */
static unsigned long hda_cache_first(u8 addr)
{
	return (unsigned long)addr << 28;
}

/*
 * The cached set verb of codec @addr at or after *@index, in the cache's
 * order (by node, then by verb); *@index moves past it. False when the
 * codec has no more.
 */
static bool hda_cache_next(struct hda_wdm_cmd *cmd, u8 addr,
			   unsigned long *index, u32 *verb)
{
	unsigned long last = hda_cache_first(addr) | GENMASK(27, 0);
	void *entry;

	if (*index > last)
		return false;
	entry = xa_find(&cmd->cache, index, last, XA_PRESENT);
	if (!entry)
		return false;
	*verb = (u32)xa_to_value(entry) | (u32)addr << 28;
	(*index)++;
	return true;
}

/**
 * hda_wdm_cmd_replay() - write a codec's cached set verbs back
 * @c: controller, its link up
 * @addr: codec address; the codec is in D0
 * @sent: incremented for each verb sent
 *
 * In the cache's order: by node, then by verb. Failures are counted
 * (debugfs "verbs") and logged once per replay.
 *
 * Context: process context, may sleep.
 * Return: the number of verbs that failed.
 */
unsigned int hda_wdm_cmd_replay(struct hda_wdm_ctrl *c, u8 addr,
				unsigned int *sent)
{
	struct hda_wdm_cmd *cmd = c->cmd;
	unsigned long index = hda_cache_first(addr);
	unsigned int failed = 0;
	u32 verb, resp;
	int ret;

	while (hda_cache_next(cmd, addr, &index, &verb)) {
		ret = hda_cmd_exec(c, verb, &resp, false);
		(*sent)++;
		scoped_guard(mutex, &cmd->mutex) {
			cmd->replayed++;
			if (ret)
				cmd->replay_errors++;
		}
		if (ret && !failed++)
			dev_err(c->dev, "codec %u: restoring verb %#010x failed: %d\n",
				addr, verb, ret);
	}
	return failed;
}

/**
 * hda_wdm_cmd_cached() - how many set verbs the cache holds
 * @c: controller
 *
 * Context: any.
 * Return: the number of entries.
 */
unsigned int hda_wdm_cmd_cached(struct hda_wdm_ctrl *c)
{
	unsigned long index;
	unsigned int n = 0;
	void *entry;

	xa_for_each(&c->cmd->cache, index, entry)
		n++;
	return n;
}

#ifdef HDA_WDM_TEST_BUILD
/**
 * hda_wdm_cmd_forget() - test only: a codec loses its amps and pin controls
 * @c: controller, its link up
 * @addr: codec address
 *
 * QEMU's codec models keep their settings through a link reset and a
 * machine reset, where a real codec that lost power forgets them. This
 * mutes every amp the cache has an entry for at gain 0 and switches every
 * pin control it has off, behind the cache's back, so that only the
 * replay at resume can bring them back.
 *
 * Context: process context, may sleep.
 * Return: the number of verbs sent.
 */
unsigned int hda_wdm_cmd_forget(struct hda_wdm_ctrl *c, u8 addr)
{
	unsigned long index = hda_cache_first(addr);
	unsigned int n = 0;
	u32 verb, resp;

	while (hda_cache_next(c->cmd, addr, &index, &verb)) {
		if (HDA_VERB_ID4(verb) == HDA_SET_AMP)
			verb = (verb & ~(u32)(HDA_AMP_GAIN)) | HDA_AMP_MUTE;
		else if (HDA_VERB_ID12(verb) == HDA_SET_PIN_CTL)
			verb &= ~(u32)0xff;
		else
			continue;
		if (!hda_cmd_exec(c, verb, &resp, false))
			n++;
	}
	return n;
}
#endif
