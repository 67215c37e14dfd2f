// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: /sys/kernel/debug/hda-wdm-alsa/<card id>/streams
 *
 * Per codec its system suspends and resumes, and its jacks with the
 * unsolicited responses their tag received and the jack states reported
 * (at probe, after a response, after a resume). Then one block per
 * capture device: its codec and converter, the sources and
 * the selected one, the cached amp values, and the stream as this driver
 * holds it (engine, stream tag, converter format, FIFO, buffer, the
 * periods the ISR signalled, the errors it turned into xruns and the
 * overruns the pointer found by the clock). The
 * engine's own view (LPIB, CBL, BDL, IOC counts) is the bus's debugfs.
 */

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <sound/core.h>

#include "alsa.h"

static struct dentry *hwa_debugfs_root;

static void hwa_show_stream(struct seq_file *m, struct hwa_stream *s)
{
	struct snd_pcm_substream *ss;
	unsigned int i;

	seq_printf(m, "pcmC%dD%d%c: codec %u converter %#x\n",
		   s->codec->card->card->number, s->device,
		   hwa_dir_char(s->dir), s->codec->addr, s->info[0].converter);
	guard(mutex)(&s->lock);
	for (i = 0; i < s->npaths; i++)
		seq_printf(m, "  source %u%s: path %u pin %#x (%s) select %#x[%u]\n",
			   i, s->dir == SNDRV_PCM_STREAM_CAPTURE && i == s->source ?
			   " *" : "", s->paths[i],
			   s->info[i].pin,
			   hwa_pin_name(s->info[i].pin_config, s->dir),
			   s->info[i].select_node, s->info[i].select_index);
	for (i = 0; i < s->namps; i++)
		seq_printf(m, "  amp %#x[%u]: caps %#010x gain %u/%u mute %u/%u\n",
			   s->amps[i].node, s->amps[i].index, s->amps[i].caps,
			   s->amps[i].gain[0], s->amps[i].gain[1],
			   s->amps[i].mute[0], s->amps[i].mute[1]);
	ss = READ_ONCE(s->substream);
	seq_printf(m, "  open: %s\n", ss ? "yes" : "no");
	if (s->engine)
		seq_printf(m, "  engine: stream %u format %#06x fifo %u bytes\n",
			   s->stream_id, s->converter_format, s->fifo_size);
	else
		seq_puts(m, "  engine: none\n");
	seq_printf(m, "  periods signalled: %lu\n  fifo/descriptor errors: %lu\n",
		   atomic_long_read(&s->periods), atomic_long_read(&s->errors));
	seq_printf(m, "  overruns seen by the clock: %lu\n",
		   atomic_long_read(&s->laps));
	seq_printf(m, "  early period interrupts: %lu\n",
		   atomic_long_read(&s->early));
	seq_printf(m, "  position: %s\n  position buffer reads: %lu\n",
		   READ_ONCE(s->posbuf_bad) ? "register (the DMA position buffer disagreed)" :
		   !s->engine ? "-" :
		   !s->posbuf ? "register (no DMA position buffer)" :
		   READ_ONCE(s->posbuf_live) ? "DMA position buffer" :
		   "register (the DMA position buffer not checked yet)",
		   atomic_long_read(&s->posbuf_reads));
}

static int hwa_streams_show(struct seq_file *m, void *unused)
{
	struct hwa_card *hc = m->private;
	struct hwa_codec *codec;
	unsigned int i;

	guard(mutex)(&hc->lock);
	list_for_each_entry(codec, &hc->codecs, node) {
		seq_printf(m, "codec %u: suspends %lu, resumes %lu\n",
			   codec->addr, atomic_long_read(&codec->suspends),
			   atomic_long_read(&codec->resumes));
		seq_printf(m, "codec %u: jacks %u, unsolicited responses %lu, jack reports %lu\n",
			   codec->addr, codec->njacks,
			   atomic_long_read(&codec->jack_unsol),
			   atomic_long_read(&codec->jack_reports));
		if (codec->nspk)
			seq_printf(m, "codec %u: automute %s (control index %d), speaker pins [%*ph] %s, switched %lu\n",
				   codec->addr,
				   READ_ONCE(codec->automute) ? "enabled" : "disabled",
				   codec->streams[0].device,
				   codec->nspk, codec->spk,
				   !READ_ONCE(codec->spk_known) ? "unknown" :
				   READ_ONCE(codec->spk_off) ? "off" : "on",
				   atomic_long_read(&codec->automutes));
		for (i = 0; i < codec->nstreams; i++)
			hwa_show_stream(m, &codec->streams[i]);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hwa_streams);

/**
 * hwa_debugfs_card() - a card's directory, once its first codec is in
 * @hc: the card
 */
void hwa_debugfs_card(struct hwa_card *hc)
{
	if (!hwa_debugfs_root || hc->debugfs)
		return;
	hc->debugfs = debugfs_create_dir(hc->card->id, hwa_debugfs_root);
	debugfs_create_file("streams", 0444, hc->debugfs, hc, &hwa_streams_fops);
}

/**
 * hwa_debugfs_card_remove() - a card's directory goes, readers drained
 * @hc: the card
 */
void hwa_debugfs_card_remove(struct hwa_card *hc)
{
	debugfs_remove_recursive(hc->debugfs);
	hc->debugfs = NULL;
}

/** hwa_debugfs_init() - the module's debugfs root */
void hwa_debugfs_init(void)
{
	hwa_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

/** hwa_debugfs_exit() - remove the module's debugfs root */
void hwa_debugfs_exit(void)
{
	debugfs_remove_recursive(hwa_debugfs_root);
	hwa_debugfs_root = NULL;
}
