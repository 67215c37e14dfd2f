// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: system sleep (suspend to RAM, suspend to idle).
 *
 * Suspend, in this order:
 *
 *   clients   each client's suspend callback (the ALSA driver suspends its
 *             PCMs and marks its card D3hot), then the asynchronous verbs
 *             already queued are let finish
 *   engines   an engine still running is stopped (RUN 1->0, polled) and
 *             left in Stop; owners, buffers and programming are kept
 *   codecs    each codec's audio function group goes to D3
 *             (SET_POWER_STATE 3)
 *   link      CORB and RIRB DMA stopped (polled), interrupts off, every
 *             stream stopped, the controller into reset (CRST 0, polled):
 *             hda_wdm_ctrl_stop(), as at unbind
 *
 * Resume undoes it: the link is reset and brought up with the probe's
 * handshakes and timeouts (hda_wdm_ctrl_start(); the codecs answer with
 * their SDIWAKE bits), the CORB and RIRB restart, the interrupts and the
 * position buffer come back; each codec that answered gets D0 and is
 * polled until its actual power state reads D0, then every set verb it
 * had accepted is written back from the verb cache (cmd.c); each engine
 * that was programmed is reset and programmed again (BDL, lengths, format,
 * stream tag, interrupt enables); and the clients' resume callbacks run.
 * A codec that does not answer the link reset is logged and gets no more
 * verbs (-EIO), like one that let a verb time out.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/pci.h>

#include <wdm/hda_verbs.h>

#include "bus.h"
#include "client.h"
#include "cmd.h"
#include "codec.h"
#include "controller.h"
#include "models.h"
#include "pm.h"
#include "trace.h"

#define HDA_PM_D0_TIMEOUT_US	500000	/* a codec's D3 -> D0 transition */
#define HDA_PM_D0_POLL_US	1000
#define HDA_PM_D3		3

#ifdef HDA_WDM_TEST_BUILD
static bool pm_forget;
module_param(pm_forget, bool, 0644);
MODULE_PARM_DESC(pm_forget,
		 "Test only: at suspend, mute every amp and switch every pin control off behind the verb cache's back, as a codec that lost power would have them at resume (default: no)");
#endif

/* Codecs worth a power verb: enumerated, with an audio function group. */
static bool hda_pm_codec(struct hda_wdm_ctrl *c, unsigned long addr)
{
	return c->codecs[addr] && c->codecs[addr]->afg;
}

/* Stop what runs; the engines keep their state otherwise. */
static void hda_pm_stop_engines(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_bus *bus = c->bus;
	unsigned long run = 0;
	unsigned int i;

	guard(mutex)(&bus->lock);
	spin_lock_irq(&bus->state_lock);
	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		struct wdm_hdaudio_engine *e = &bus->engines[i];

		if (e->phase == HDA_PHASE_PROGRAMMED &&
		    e->state == WDM_HDA_STATE_RUN) {
			run |= BIT(i);
			e->state = WDM_HDA_STATE_STOP;
		}
	}
	if (run)
		hda_wdm_streams_run(c, run, false);
	spin_unlock_irq(&bus->state_lock);
	if (!run)
		return;
	c->pm.stopped += hweight_long(run);
	dev_dbg(c->dev, "suspend: engines %#lx were running; stopped\n", run);
}

/* Every programmed engine's descriptor again, after the link reset. */
static void hda_pm_program_engines(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_bus *bus = c->bus;
	unsigned int i;

	guard(mutex)(&bus->lock);
	spin_lock_irq(&bus->state_lock);
	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		struct wdm_hdaudio_engine *e = &bus->engines[i];

		if (e->phase != HDA_PHASE_PROGRAMMED)
			continue;
		if (!hda_wdm_stream_reset(c, e->hw))
			hda_wdm_stream_program(c, e->hw);
	}
	spin_unlock_irq(&bus->state_lock);
}

static int hda_pm_codec_power(struct hda_wdm_ctrl *c, u8 addr, u8 state,
			      u32 *resp)
{
	return hda_wdm_cmd_exec_uncached(c, hda_verb12(addr, c->codecs[addr]->afg,
						       HDA_SET_POWER_STATE,
						       state), resp);
}

static int hda_pm_codec_state(struct hda_wdm_ctrl *c, u8 addr, u32 *state)
{
	return hda_wdm_cmd_exec_uncached(c, hda_verb12(addr, c->codecs[addr]->afg,
						       HDA_GET_POWER_STATE, 0),
					 state);
}

/* D0, and wait until the codec reports it has arrived there. */
static int hda_pm_codec_wake(struct hda_wdm_ctrl *c, u8 addr)
{
	u32 state = 0;
	int ret, err;

	ret = hda_pm_codec_power(c, addr, 0, &state);
	if (ret) {
		dev_err(c->dev, "codec %u: D0 not accepted after resume: %d\n",
			addr, ret);
		return ret;
	}
	ret = read_poll_timeout(hda_pm_codec_state, err,
				err || !FIELD_GET(HDA_PWRST_ACTUAL, state),
				HDA_PM_D0_POLL_US, HDA_PM_D0_TIMEOUT_US, false,
				c, addr, &state);
	if (!ret && err)
		ret = err;
	if (ret)
		dev_err(c->dev, "codec %u: not in D0 within %u ms of resume (power state %#x): %d\n",
			addr, HDA_PM_D0_TIMEOUT_US / 1000, state, ret);
	return ret;
}

/**
 * hda_wdm_pm_suspend() - put a controller to sleep
 * @c: a probed controller
 *
 * See the top of this file. Failures are logged and the controller goes
 * into reset regardless: the machine sleeps whatever we answer.
 *
 * Context: process context, may sleep; the device lock held (PM core).
 * Return: 0.
 */
int hda_wdm_pm_suspend(struct hda_wdm_ctrl *c)
{
	ktime_t start = ktime_get();
	unsigned long addr, d3 = 0;
	u32 resp;

	hda_wdm_clients_power(c, true);
	flush_workqueue(c->bus->wq);
	hda_pm_stop_engines(c);

	for_each_set_bit(addr, &c->codec_mask, HDA_MAX_CODECS) {
		if (!hda_pm_codec(c, addr) || test_bit(addr, &c->cmd->dead_codecs))
			continue;
#ifdef HDA_WDM_TEST_BUILD
		if (READ_ONCE(pm_forget))
			dev_info(c->dev, "test: codec %u forgets: %u verbs\n",
				 (u8)addr, hda_wdm_cmd_forget(c, addr));
#endif
		if (hda_pm_codec_power(c, addr, HDA_PM_D3, &resp))
			dev_warn(c->dev, "codec %lu: D3 not accepted at suspend\n",
				 addr);
		else
			__set_bit(addr, &d3);
	}

	hda_wdm_cmd_suspend(c);
	hda_wdm_ctrl_irq_enable(c, HDA_INT_GIE | HDA_INT_CIE, false);
	synchronize_irq(c->irq);
	hda_wdm_ctrl_stop(c);

	c->pm.suspends++;
	c->pm.suspend_us = ktime_us_delta(ktime_get(), start);
	trace_hda_wdm_suspend(c, d3, c->pm.suspend_us);
	dev_dbg(c->dev, "suspended in %lld us\n", c->pm.suspend_us);
	return 0;
}

/* The link again, with the probe's handshakes; codec_mask stays as it was. */
static int hda_pm_link_up(struct hda_wdm_ctrl *c, struct pci_dev *pci,
			  unsigned long *answered)
{
	unsigned long mask = c->codec_mask;
	bool addr64 = c->addr64;
	u16 gcap = c->gcap;
	int ret;

	hda_wdm_model_setup(pci, c->model);
	hda_wdm_model_reset_prepare(pci, c->model, true);
	ret = hda_wdm_ctrl_start(c);
	hda_wdm_model_reset_prepare(pci, c->model, false);
	*answered = c->codec_mask;
	c->codec_mask = mask;
	/* a test build's force_dma32 cleared it after the probe's start */
	c->addr64 = addr64;
	if (!ret && c->gcap != gcap) {
		dev_err(c->dev, "GCAP %#06x after resume, %#06x at probe\n",
			c->gcap, gcap);
		ret = -EIO;
	}
	c->gcap = gcap;
	return ret;
}

/**
 * hda_wdm_pm_resume() - bring a controller back from sleep
 * @c: a controller that hda_wdm_pm_suspend() put to sleep
 *
 * See the top of this file. A controller that does not come back is left
 * in reset with every codec cut off (their verbs fail with -EIO, their
 * clients are resumed and find that out); a codec that does not come back
 * is cut off alone.
 *
 * Context: process context, may sleep; the device lock held (PM core).
 * Return: 0 or the link's error (-ETIMEDOUT, -ENODEV, -EIO).
 */
int hda_wdm_pm_resume(struct hda_wdm_ctrl *c)
{
	struct pci_dev *pci = to_pci_dev(c->dev);
	ktime_t start = ktime_get();
	unsigned long addr, answered = 0;
	unsigned int failed, replayed = 0, replay_failed = 0;
	int ret;

	c->pm.resumes++;
	ret = hda_pm_link_up(c, pci, &answered);
	if (ret) {
		c->pm.failed++;
		dev_err(c->dev, "controller did not come back from suspend: %d; its codecs are cut off\n",
			ret);
		c->cmd->dead_codecs = c->codec_mask;
		hda_wdm_ctrl_stop(c);
		trace_hda_wdm_resume(c, ret, answered, c->cmd->dead_codecs, 0, 0,
				     ktime_us_delta(ktime_get(), start));
		hda_wdm_clients_power(c, false);
		return ret;
	}
	hda_wdm_cmd_resume(c);
	hda_updatel(c, HDA_GCTL, HDA_GCTL_UNSOL, HDA_GCTL_UNSOL);
	hda_wl(c, HDA_DPUBASE, upper_32_bits(c->bus->posbuf_dma));
	hda_wl(c, HDA_DPLBASE, lower_32_bits(c->bus->posbuf_dma) |
	       HDA_DPLBASE_ENABLE);
	hda_wdm_ctrl_irq_enable(c, HDA_INT_GIE | HDA_INT_CIE, true);

	for_each_set_bit(addr, &c->codec_mask, HDA_MAX_CODECS) {
		if (!(answered & BIT(addr))) {
			if (!test_and_set_bit(addr, &c->cmd->dead_codecs)) {
				c->pm.lost++;
				dev_err(c->dev, "codec %lu did not come back after resume; no more verbs go to it\n",
					addr);
			}
			continue;
		}
		/* it answered the link reset: whatever it did before */
		clear_bit(addr, &c->cmd->dead_codecs);
		if (!hda_pm_codec(c, addr))
			continue;
		if (hda_pm_codec_wake(c, addr))
			continue;
		failed = hda_wdm_cmd_replay(c, addr, &replayed);
		c->pm.replay_failed += failed;
		replay_failed += failed;
	}

	hda_pm_program_engines(c);
	/* before the clients hear of it: what they do next follows it */
	trace_hda_wdm_resume(c, 0, answered, c->cmd->dead_codecs, replayed,
			     replay_failed, ktime_us_delta(ktime_get(), start));
	hda_wdm_clients_power(c, false);
	c->pm.resume_us = ktime_us_delta(ktime_get(), start);
	dev_dbg(c->dev, "resumed in %lld us\n", c->pm.resume_us);
	return 0;
}
