// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: debugfs views of a controller, under
 * /sys/kernel/debug/hda-wdm/<pci-bdf>/.
 *
 *   caps       the model and its settings (models.c); GCAP decoded:
 *              stream descriptor counts, SDO lines, 64OK
 *   registers  global registers and every stream descriptor, read at
 *              their natural width (reading has no side effect)
 *   codecs     one line per codec address that answered the link reset
 *   widgets    every codec's widget tree: connections, amps (read live),
 *              pin configurations and controls, capture paths
 *   engines    DMA engines: owner, state, format, BDL, positions, counts;
 *              link bandwidth per SDI line
 *   verbs      verb transport: mode, counts, unresponsive codecs; the
 *              verb cache: entries, verbs replayed at resume, failures
 *   pm         system sleep: suspends, resumes, failed resumes, engines
 *              stopped at suspend, codecs lost, restore failures, the
 *              last suspend's and resume's duration (system or runtime),
 *              the codecs the last suspend put in D3;
 *              runtime power saving (power_save): the runtime status,
 *              runtime suspends, resumes, failed resumes and wake-ups,
 *              the clients listening for unsolicited responses, whether
 *              the controller can signal a wake-up from D3
 *   irq        interrupt type, number and counts
 *   pm_cycle   (test build only) write "1": the controller's system
 *              suspend and resume (pm.c) at once, without the PM core
 *              (woken from runtime suspend first),
 *              for kernels without CONFIG_PM_SLEEP (the debug kernel), so
 *              that the bus's half of a sleep runs under its detectors;
 *              -EBUSY while the device lock is held elsewhere
 *   unsol_inject  (test only: probed with inject=16) write "ADDR RESPONSE"
 *              to deliver an unsolicited response from codec ADDR through
 *              the RIRB parsing (hda_wdm_cmd_inject_unsol())
 */

#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/pm_runtime.h>
#include <linux/seq_file.h>

#include "bus.h"
#include "cmd.h"
#include "codec.h"
#include "controller.h"
#include "debugfs.h"
#include "models.h"
#include "pm.h"

static struct dentry *hda_wdm_debugfs_root;

static int caps_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;

	seq_printf(s, "model: %s\n", c->model->name);
	seq_printf(s, "settings:%s%s%s%s\n",
		   c->model->flags & HDA_WDM_M_TCSEL ? " tcsel" : "",
		   c->model->flags & HDA_WDM_M_SNOOP ? " snoop" : "",
		   c->model->flags & HDA_WDM_M_CGCTL ? " cgctl" : "",
		   c->model->flags & HDA_WDM_M_IMMEDIATE ? " immediate" : "");
	seq_printf(s, "gcap: %#06x\n", c->gcap);
	seq_printf(s, "version: %u.%u\n", c->vmaj, c->vmin);
	seq_printf(s, "input_streams: %u\n", c->n_in);
	seq_printf(s, "output_streams: %u\n", c->n_out);
	seq_printf(s, "bidir_streams: %u\n", c->n_bidir);
	seq_printf(s, "sdo_lines: %u\n", c->n_sdo);
	seq_printf(s, "addr64: %u\n", c->addr64);
	seq_printf(s, "dma_mask: %#llx\n", dma_get_mask(c->dev));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(caps);

struct hda_reg_desc {
	const char *name;
	u16 off;
	u8 width;
};

#define R(n, w) { #n, HDA_##n, w }
static const struct hda_reg_desc hda_global_regs[] = {
	R(GCAP, 16), R(VMIN, 8), R(VMAJ, 8), R(OUTPAY, 16), R(INPAY, 16),
	R(GCTL, 32), R(WAKEEN, 16), R(STATESTS, 16), R(GSTS, 16),
	R(OUTSTRMPAY, 16), R(INSTRMPAY, 16), R(INTCTL, 32), R(INTSTS, 32),
	R(WALCLK, 32), R(SSYNC, 32), R(CORBLBASE, 32), R(CORBUBASE, 32),
	R(CORBWP, 16), R(CORBRP, 16), R(CORBCTL, 8), R(CORBSTS, 8),
	R(CORBSIZE, 8), R(RIRBLBASE, 32), R(RIRBUBASE, 32), R(RIRBWP, 16),
	R(RINTCNT, 16), R(RIRBCTL, 8), R(RIRBSTS, 8), R(RIRBSIZE, 8),
	R(DPLBASE, 32), R(DPUBASE, 32),
};

static const struct hda_reg_desc hda_stream_regs[] = {
	R(SD_CTL0, 8), R(SD_CTL2, 8), R(SD_STS, 8), R(SD_LPIB, 32),
	R(SD_CBL, 32), R(SD_LVI, 16), R(SD_FIFOW, 16), R(SD_FIFOS, 16),
	R(SD_FMT, 16), R(SD_BDPL, 32), R(SD_BDPU, 32),
};

#undef R

static u32 hda_read_width(struct hda_wdm_ctrl *c, unsigned int off, u8 width)
{
	switch (width) {
	case 8:
		return hda_rb(c, off);
	case 16:
		return hda_rw(c, off);
	default:
		return hda_rl(c, off);
	}
}

static u32 hda_sd_read_width(struct hda_wdm_stream *sd, unsigned int off,
			     u8 width)
{
	switch (width) {
	case 8:
		return hda_sd_rb(sd, off);
	case 16:
		return hda_sd_rw(sd, off);
	default:
		return hda_sd_rl(sd, off);
	}
}

static const char *hda_stream_kind(struct hda_wdm_ctrl *c, unsigned int idx)
{
	if (idx < c->n_in)
		return "in";
	if (idx < c->n_in + c->n_out)
		return "out";
	return "bidir";
}

static int registers_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;
	const struct hda_reg_desc *r;
	unsigned int i;

	for (r = hda_global_regs; r < hda_global_regs + ARRAY_SIZE(hda_global_regs); r++)
		seq_printf(s, "%-12s %#0*x\n", r->name, r->width / 4 + 2,
			   hda_read_width(c, r->off, r->width));

	for (i = 0; i < hda_wdm_num_streams(c); i++) {
		seq_printf(s, "SD%u (%s)\n", i, hda_stream_kind(c, i));
		for (r = hda_stream_regs;
		     r < hda_stream_regs + ARRAY_SIZE(hda_stream_regs); r++)
			seq_printf(s, "  %-10s %#0*x\n", r->name + 3,
				   r->width / 4 + 2,
				   hda_sd_read_width(&c->streams[i], r->off,
						     r->width));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(registers);

static int codecs_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;
	unsigned int addr;

	for_each_set_bit(addr, &c->codec_mask, HDA_MAX_CODECS)
		seq_printf(s, "%u\n", addr);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(codecs);

static int widgets_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;
	unsigned int i;
	int ret;

	/* the amps are read from the codecs: awake for it */
	ret = hda_wdm_pm_get(c);
	if (ret)
		return ret;
	for (i = 0; i < HDA_MAX_CODECS; i++)
		if (c->codecs[i])
			hda_wdm_codec_show(s, c, c->codecs[i]);
	hda_wdm_pm_put(c);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(widgets);

static int engines_show(struct seq_file *s, void *unused)
{
	hda_wdm_bus_show_engines(s, s->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(engines);

static int verbs_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;
	struct hda_wdm_cmd *cmd = c->cmd;

	seq_printf(s, "mode: %s\n", cmd->immediate ? "immediate" : "corb-rirb");
	seq_printf(s, "corb_entries: %u\n", cmd->corb_entries);
	seq_printf(s, "rirb_entries: %u\n", cmd->rirb_entries);
	seq_printf(s, "verbs: %llu\n", cmd->verbs);
	seq_printf(s, "timeouts: %llu\n", cmd->timeouts);
	seq_printf(s, "stray: %llu\n", cmd->stray);
	seq_printf(s, "overruns: %llu\n", cmd->overruns);
	seq_printf(s, "resent: %llu\n", cmd->resent);
	seq_printf(s, "unsolicited: %llu\n", cmd->unsol_count);
	seq_printf(s, "unresponsive: %#lx\n", cmd->dead_codecs);
	seq_printf(s, "cached: %u\n", hda_wdm_cmd_cached(c));
	seq_printf(s, "cache_errors: %llu\n", cmd->cache_errors);
	seq_printf(s, "replayed: %llu\n", cmd->replayed);
	seq_printf(s, "replay_errors: %llu\n", cmd->replay_errors);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(verbs);

static int pm_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;
	struct hda_wdm_pm_stats *pm = &c->pm;

	seq_printf(s, "suspends: %llu\n", pm->suspends);
	seq_printf(s, "resumes: %llu\n", pm->resumes);
	seq_printf(s, "failed_resumes: %llu\n", pm->failed);
	seq_printf(s, "engines_stopped: %llu\n", pm->stopped);
	seq_printf(s, "codecs_lost: %llu\n", pm->lost);
	seq_printf(s, "restore_failures: %llu\n", pm->replay_failed);
	seq_printf(s, "last_suspend_us: %lld\n", pm->suspend_us);
	seq_printf(s, "last_resume_us: %lld\n", pm->resume_us);
	seq_printf(s, "last_codecs_d3: %#lx\n", pm->d3);
	seq_printf(s, "runtime_status: %s\n",
		   pm_runtime_status_suspended(c->dev) ? "suspended" : "active");
	seq_printf(s, "runtime_suspends: %llu\n", pm->rt_suspends);
	seq_printf(s, "runtime_resumes: %llu\n", pm->rt_resumes);
	seq_printf(s, "runtime_failed_resumes: %llu\n", pm->rt_failed);
	seq_printf(s, "runtime_wakeups: %llu\n", pm->rt_wakes);
	seq_printf(s, "runtime_listeners: %d\n", atomic_read(&c->rpm.listeners));
	seq_printf(s, "runtime_wake_capable: %s\n", c->rpm.wake ? "yes" : "no");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pm);

static int irq_show(struct seq_file *s, void *unused)
{
	struct hda_wdm_ctrl *c = s->private;

	seq_printf(s, "type: %s\n", c->irq_type);
	seq_printf(s, "irq: %d\n", c->irq);
	seq_printf(s, "count: %lld\n", (long long)atomic64_read(&c->irq_count));
	seq_printf(s, "unhandled: %lld\n",
		   (long long)atomic64_read(&c->irq_unhandled));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(irq);

static ssize_t unsol_inject_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct hda_wdm_ctrl *c = file->private_data;
	unsigned int addr, resp;
	char buf[32];
	ssize_t len;
	int ret;

	len = simple_write_to_buffer(buf, sizeof(buf) - 1, ppos, ubuf, count);
	if (len < 0)
		return len;
	buf[len] = '\0';
	if (sscanf(buf, "%u %x", &addr, &resp) != 2 || addr >= HDA_MAX_CODECS)
		return -EINVAL;
	ret = hda_wdm_cmd_inject_unsol(c, addr, resp);
	return ret ?: len;
}

static const struct file_operations unsol_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = unsol_inject_write,
};

#ifdef HDA_WDM_TEST_BUILD
static ssize_t pm_cycle_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct hda_wdm_ctrl *c = file->private_data;
	bool go;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &go);
	if (ret)
		return ret;
	if (!go)
		return count;
	/*
	 * as the PM core calls us, under the device lock; never waiting for
	 * it: an unbind holds it while it removes this file
	 */
	if (!device_trylock(c->dev))
		return -EBUSY;
	/* a controller that power_save put down first comes back */
	ret = hda_wdm_pm_get(c);
	if (!ret) {
		hda_wdm_pm_suspend(c);
		ret = hda_wdm_pm_resume(c);
		hda_wdm_pm_put(c);
	}
	device_unlock(c->dev);
	return ret ?: count;
}

static const struct file_operations pm_cycle_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = pm_cycle_write,
};
#endif

void hda_wdm_debugfs_add(struct hda_wdm_ctrl *c, const char *name)
{
	c->debugfs = debugfs_create_dir(name, hda_wdm_debugfs_root);
	debugfs_create_file("caps", 0444, c->debugfs, c, &caps_fops);
	debugfs_create_file("registers", 0444, c->debugfs, c, &registers_fops);
	debugfs_create_file("codecs", 0444, c->debugfs, c, &codecs_fops);
	debugfs_create_file("irq", 0444, c->debugfs, c, &irq_fops);
	debugfs_create_file("widgets", 0444, c->debugfs, c, &widgets_fops);
	debugfs_create_file("engines", 0444, c->debugfs, c, &engines_fops);
	debugfs_create_file("verbs", 0444, c->debugfs, c, &verbs_fops);
	debugfs_create_file("pm", 0444, c->debugfs, c, &pm_fops);
#ifdef HDA_WDM_TEST_BUILD
	debugfs_create_file("pm_cycle", 0200, c->debugfs, c, &pm_cycle_fops);
#endif
	if (hda_wdm_injected(c, HDA_WDM_INJECT_UNSOL))
		debugfs_create_file("unsol_inject", 0200, c->debugfs, c,
				    &unsol_inject_fops);
}

void hda_wdm_debugfs_remove(struct hda_wdm_ctrl *c)
{
	debugfs_remove_recursive(c->debugfs);
	c->debugfs = NULL;
}

void hda_wdm_debugfs_init(void)
{
	hda_wdm_debugfs_root = debugfs_create_dir("hda-wdm", NULL);
}

void hda_wdm_debugfs_exit(void)
{
	debugfs_remove_recursive(hda_wdm_debugfs_root);
}
