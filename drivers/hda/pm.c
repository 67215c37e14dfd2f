// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: power management: system sleep (suspend to RAM, suspend to
 * idle) and runtime power saving (the power_save parameter).
 *
 * System suspend, in this order:
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
 *
 * Runtime power saving takes the codecs and link steps only: the PM core
 * suspends a controller that nothing has used for power_save seconds, and
 * "used" is counted by the bus itself, so that its clients need not know:
 * each TransferCodecVerbs call holds a reference while its verbs run (the
 * controller is resumed first), and each allocated DMA engine holds one
 * from its allocation to its free (so nothing runs, nothing is programmed
 * and no client's settings are in flight when it suspends). The ALSA
 * driver's mixer reads its own cache: reading a control wakes nothing.
 *
 * An unsolicited response (a jack) cannot cross a link in reset. A
 * controller that can signal a wake-up from D3 at run time (PME) gets the
 * codecs' WAKEEN bits set before it suspends, and its clients' resume
 * callbacks run after the resume so that they read their jacks again. A
 * controller that cannot (the emulated PC's has no PCI PM capability)
 * stays awake while any client listens for unsolicited responses: its
 * listeners hold a reference, and the log says so once.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>

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

/* Codecs to D3 and the link into reset; returns the codecs in D3. */
static unsigned long hda_pm_link_down(struct hda_wdm_ctrl *c)
{
	unsigned long addr, d3 = 0;
	u32 resp;

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
	return d3;
}

/* A suspend begun at @start is done: its codecs in D3, its time, traced. */
static void hda_pm_suspended(struct hda_wdm_ctrl *c, unsigned long d3,
			     ktime_t start, bool runtime)
{
	c->pm.d3 = d3;
	c->pm.suspend_us = ktime_us_delta(ktime_get(), start);
	trace_hda_wdm_suspend(c, d3, c->pm.suspend_us, runtime);
	dev_dbg(c->dev, "%ssuspended in %lld us\n", runtime ? "runtime " : "",
		c->pm.suspend_us);
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
	unsigned long d3;

	hda_wdm_clients_power(c, true);
	flush_workqueue(c->bus->wq);
	hda_pm_stop_engines(c);
	d3 = hda_pm_link_down(c);

	c->pm.suspends++;
	hda_pm_suspended(c, d3, start, false);
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

/*
 * The link up, the codecs in D0 with their settings written back, and
 * with @engines the programmed engines (a runtime resume has none, and
 * must not wait for the bus's lock: a verb's sender may hold it). A
 * controller that does not come back is left in reset with every codec
 * cut off; a codec that does not come back is cut off alone.
 */
static int hda_pm_power_up(struct hda_wdm_ctrl *c, ktime_t start,
			   bool engines)
{
	struct pci_dev *pci = to_pci_dev(c->dev);
	unsigned long addr, answered = 0;
	unsigned int failed, replayed = 0, replay_failed = 0;
	int ret;

	ret = hda_pm_link_up(c, pci, &answered);
	if (ret) {
		dev_err(c->dev, "controller did not come back from suspend: %d; its codecs are cut off\n",
			ret);
		c->cmd->dead_codecs = c->codec_mask;
		hda_wdm_ctrl_stop(c);
		trace_hda_wdm_resume(c, ret, answered, c->cmd->dead_codecs, 0, 0,
				     ktime_us_delta(ktime_get(), start));
		return ret;
	}
	hda_wdm_cmd_resume(c);
	hda_updatel(c, HDA_GCTL, HDA_GCTL_UNSOL, HDA_GCTL_UNSOL);
	hda_wdm_bus_posbuf_enable(c);
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

	if (engines)
		hda_pm_program_engines(c);
	/* before the clients hear of it: what they do next follows it */
	trace_hda_wdm_resume(c, 0, answered, c->cmd->dead_codecs, replayed,
			     replay_failed, ktime_us_delta(ktime_get(), start));
	return 0;
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
	ktime_t start = ktime_get();
	int ret;

	c->pm.resumes++;
	ret = hda_pm_power_up(c, start, true);
	if (ret)
		c->pm.failed++;
	hda_wdm_clients_power(c, false);
	if (ret)
		return ret;
	c->pm.resume_us = ktime_us_delta(ktime_get(), start);
	dev_dbg(c->dev, "resumed in %lld us\n", c->pm.resume_us);
	return 0;
}

/* Runtime power saving: the power_save parameter and the PM core's calls. */

static unsigned int power_save;
static LIST_HEAD(hda_pm_ctrls);
static DEFINE_MUTEX(hda_pm_ctrls_lock);	/* hda_pm_ctrls, power_save */

/* power_save as it stands, onto one controller */
static void hda_pm_apply(struct hda_wdm_ctrl *c, unsigned int seconds)
{
	if (seconds) {
		pm_runtime_set_autosuspend_delay(c->dev, seconds * MSEC_PER_SEC);
		pm_runtime_allow(c->dev);
	} else {
		/* resumes it if it slept, and keeps it awake */
		pm_runtime_forbid(c->dev);
	}
}

static int hda_pm_param_set(const char *val, const struct kernel_param *kp)
{
	struct hda_wdm_ctrl *c;
	unsigned int seconds;
	int ret;

	ret = kstrtouint(val, 0, &seconds);
	if (ret)
		return ret;
	/* the PM core's delay is an int of milliseconds */
	if (seconds > INT_MAX / MSEC_PER_SEC)
		return -ERANGE;
	guard(mutex)(&hda_pm_ctrls_lock);
	power_save = seconds;
	list_for_each_entry(c, &hda_pm_ctrls, rpm.node)
		hda_pm_apply(c, seconds);
	return 0;
}

static const struct kernel_param_ops hda_pm_param_ops = {
	.set = hda_pm_param_set,
	.get = param_get_uint,
};
module_param_cb(power_save, &hda_pm_param_ops, &power_save, 0644);
MODULE_PARM_DESC(power_save,
		 "Seconds a controller and its codecs stay powered with nothing to do before they power down (runtime PM); 0 keeps them powered (default: 0)");

/* after a runtime resume that a wake-up may explain: jacks to read again */
static void hda_pm_notify_work(struct work_struct *work)
{
	struct hda_wdm_ctrl *c = container_of(work, struct hda_wdm_ctrl,
					      rpm.notify);

	hda_wdm_clients_power(c, false);
}

/**
 * hda_wdm_pm_init() - runtime power saving's state, early in the probe
 * @c: the controller being probed, before its bus and clients
 *
 * Context: process context (probe).
 */
void hda_wdm_pm_init(struct hda_wdm_ctrl *c)
{
	INIT_WORK(&c->rpm.notify, hda_pm_notify_work);
	INIT_LIST_HEAD(&c->rpm.node);
	atomic_set(&c->rpm.listeners, 0);
	c->rpm.wake = pci_dev_run_wake(to_pci_dev(c->dev));
}

/**
 * hda_wdm_pm_enable() - runtime power saving for a probed controller
 * @c: the controller, fully set up
 *
 * Called last in the probe: the PCI core holds the device active while it
 * probes; this drops that hold, so the controller may suspend power_save
 * seconds after its last use.
 *
 * Context: process context (probe).
 */
void hda_wdm_pm_enable(struct hda_wdm_ctrl *c)
{
	pm_runtime_use_autosuspend(c->dev);
	guard(mutex)(&hda_pm_ctrls_lock);
	list_add_tail(&c->rpm.node, &hda_pm_ctrls);
	pm_runtime_set_autosuspend_delay(c->dev,
					 (power_save ?: 1) * MSEC_PER_SEC);
	if (power_save)
		pm_runtime_allow(c->dev);
	dev_dbg(c->dev, "runtime PM: power_save %u s, wake-up from D3 %s\n",
		power_save, c->rpm.wake ? "possible" : "not possible");
	pm_runtime_mark_last_busy(c->dev);
	pm_runtime_put_autosuspend(c->dev);
}

/**
 * hda_wdm_pm_exit() - runtime power saving off, before the unbind's teardown
 * @c: the controller
 *
 * The PCI core has resumed the device for its remove; this keeps it so
 * (forbidden, as PCI devices start) until the teardown is over, and
 * restores the probe's hold.
 *
 * Context: process context (remove).
 */
void hda_wdm_pm_exit(struct hda_wdm_ctrl *c)
{
	scoped_guard(mutex, &hda_pm_ctrls_lock)
		list_del(&c->rpm.node);
	pm_runtime_get_noresume(c->dev);
	pm_runtime_forbid(c->dev);
	pm_runtime_dont_use_autosuspend(c->dev);
	cancel_work_sync(&c->rpm.notify);
}

/**
 * hda_wdm_pm_get() - the controller awake for a use
 * @c: the controller
 *
 * Resumes it if it slept (with the resume's handshakes) and counts the use
 * until hda_wdm_pm_put().
 *
 * Context: process context, may sleep; no bus lock held (a runtime suspend
 * in progress takes them).
 * Return: 0, or the resume's error (the use must not go on).
 */
int hda_wdm_pm_get(struct hda_wdm_ctrl *c)
{
	int ret = pm_runtime_resume_and_get(c->dev);

	if (ret < 0)
		dev_err_ratelimited(c->dev, "controller cannot be resumed for use: %d\n",
				    ret);
	return ret < 0 ? ret : 0;
}

/**
 * hda_wdm_pm_put() - a use of hda_wdm_pm_get() is over
 * @c: the controller
 *
 * The controller may suspend power_save seconds from now.
 *
 * Context: any.
 */
void hda_wdm_pm_put(struct hda_wdm_ctrl *c)
{
	pm_runtime_mark_last_busy(c->dev);
	pm_runtime_put_autosuspend(c->dev);
}

/**
 * hda_wdm_pm_listen() - a client starts or stops listening for
 *			 unsolicited responses
 * @c: the controller
 * @on: true for a registration, false for its end
 *
 * Without a wake-up from D3, listeners keep the controller awake.
 *
 * Context: any (the resume it asks for runs asynchronously).
 */
void hda_wdm_pm_listen(struct hda_wdm_ctrl *c, bool on)
{
	int n = atomic_add_return(on ? 1 : -1, &c->rpm.listeners);

	if (c->rpm.wake)
		return;
	if (!on) {
		hda_wdm_pm_put(c);
		return;
	}
	if (n == 1 && !c->rpm.told && READ_ONCE(power_save)) {
		c->rpm.told = true;
		dev_info(c->dev, "power_save: stays powered while its clients listen for unsolicited responses (jacks): it cannot signal a wake-up from D3\n");
	}
	pm_runtime_get(c->dev);
}

static bool hda_pm_engines_idle(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_bus *bus = c->bus;
	bool idle = true;
	unsigned int i;

	spin_lock_irq(&bus->state_lock);
	for (i = 0; i < hda_wdm_num_streams(c); i++)
		if (bus->engines[i].phase != HDA_PHASE_FREE)
			idle = false;
	spin_unlock_irq(&bus->state_lock);
	return idle;
}

/**
 * hda_wdm_pm_runtime_suspend() - power a controller down after its idle delay
 * @c: the controller
 *
 * Its codecs go to D3 and the link into reset, as for system sleep; the
 * engines are all free (each allocated one holds the device awake) and the
 * clients are not told (nothing of theirs runs). With listeners (only with
 * a wake-up from D3), each codec's WAKEEN bit is set.
 *
 * Context: process context (the PM core's runtime suspend).
 * Return: 0, or -EBUSY when an engine is allocated after all.
 */
int hda_wdm_pm_runtime_suspend(struct hda_wdm_ctrl *c)
{
	ktime_t start = ktime_get();
	unsigned long d3;

	if (!hda_pm_engines_idle(c)) {
		dev_warn(c->dev, "runtime suspend with an engine allocated; refused\n");
		return -EBUSY;
	}
	c->rpm.listened = atomic_read(&c->rpm.listeners) > 0;
	d3 = hda_pm_link_down(c);
	if (c->rpm.listened)
		hda_ww(c, HDA_WAKEEN, c->codec_mask & HDA_STATESTS_SDIWAKE);
	c->pm.rt_suspends++;
	hda_pm_suspended(c, d3, start, true);
	return 0;
}

/**
 * hda_wdm_pm_runtime_resume() - power a controller up for a use
 * @c: a controller that hda_wdm_pm_runtime_suspend() powered down
 *
 * As a system resume, without the engines (none is allocated); a codec's
 * wake bit (its jack changed) is counted, and if clients listened they are
 * told, from a work item: they read their jacks with verbs, and a verb
 * waits for this resume to end.
 *
 * A controller that does not come back is left in reset with its codecs
 * cut off (logged and counted), and is tried again at its next resume.
 *
 * Context: process context (the PM core's runtime resume).
 * Return: 0.
 */
int hda_wdm_pm_runtime_resume(struct hda_wdm_ctrl *c)
{
	ktime_t start = ktime_get();
	u16 wake = 0;
	int ret;

	c->pm.rt_resumes++;
	if (c->rpm.listened) {
		wake = hda_rw(c, HDA_STATESTS) & hda_rw(c, HDA_WAKEEN);
		hda_ww(c, HDA_WAKEEN, 0);
	}
	if (wake) {
		c->pm.rt_wakes++;
		dev_dbg(c->dev, "runtime resume: wake-up from codecs %#x\n", wake);
	}
	ret = hda_pm_power_up(c, start, false);
	if (ret) {
		/*
		 * Its codecs are cut off (their verbs fail with -EIO) until
		 * the next resume after the idle delay tries the link again;
		 * an error here would leave the device unusable to the PM
		 * core until an unbind.
		 */
		c->pm.rt_failed++;
		return 0;
	}
	if (c->rpm.listened)
		schedule_work(&c->rpm.notify);
	c->pm.resume_us = ktime_us_delta(ktime_get(), start);
	dev_dbg(c->dev, "runtime resumed in %lld us\n", c->pm.resume_us);
	return 0;
}
