// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: automute, the speakers off while headphones are in.
 *
 * A playback stream plays every pin its converter reaches at once
 * (card.c). On a laptop that is the built-in speaker and the headphone
 * jack together, so that plugging headphones in would not silence the
 * room. As snd-hda-intel's generic parser does by default, the codec's
 * speaker pins are switched off while any of its headphone jacks senses
 * something, and on again when the last is unplugged.
 *
 * Which pins: the pins of the codec's render paths that the jack labels
 * call "Speaker" (hwa_pin_is_speaker(): Speaker, or a built-in Line Out);
 * the headphones are the codec's jacks (jack.c) of the Headphone kind. A
 * codec with both gets the control "Auto-Mute Mode" (Disabled / Enabled,
 * snd-hda-intel's names where only speakers are muted; default Enabled),
 * at the index of its first PCM device.
 *
 * How: the bus's wdm_hdaudio_codec_pin_output() switches the pin's output
 * off (pin control 0) and keeps it off through every render path's setup
 * until switched on again; the bus's verb cache restores it after a
 * suspend. The state is decided under the codec's jack lock, after every
 * reading of the jacks (probe, unsolicited response, resume) and every
 * change of the control.
 */

#include <linux/bitfield.h>
#include <linux/slab.h>
#include <sound/control.h>
#include <sound/core.h>

#include <wdm/hda_verbs.h>

#include "alsa.h"

static bool hwa_jack_is_hp(const struct hwa_jack *j)
{
	return FIELD_GET(HDA_CFG_DEVICE, j->config) == HDA_CFG_DEV_HP_OUT;
}

static bool hwa_hp_plugged(const struct hwa_codec *codec)
{
	unsigned int i;

	for (i = 0; i < codec->njacks; i++)
		if (hwa_jack_is_hp(&codec->jacks[i]) && codec->jacks[i].present)
			return true;
	return false;
}

/**
 * hwa_automute_update() - the speakers off or on, as the jacks say now
 * @codec: the codec, its jack lock held
 *
 * Sends nothing when the speakers are already as they should be.
 *
 * Context: process context, may sleep.
 * Return: 0 or the first pin's error (the next update tries again).
 */
int hwa_automute_update(struct hwa_codec *codec)
{
	struct device *dev = wdm_hdaudio_bus_device(codec->bus->context);
	bool off = codec->automute && hwa_hp_plugged(codec);
	unsigned int i;
	int ret, err = 0;

	lockdep_assert_held(&codec->jack_lock);
	if (!codec->nspk || (codec->spk_known && codec->spk_off == off))
		return 0;
	for (i = 0; i < codec->nspk; i++) {
		ret = wdm_hdaudio_codec_pin_output(codec->bus->context,
						   codec->spk[i], !off);
		if (ret && !err)
			err = ret;
	}
	codec->spk_known = !err;
	codec->spk_off = off;
	if (err)
		dev_warn(dev, "codec %u: automute: switching the speakers %s failed: %d\n",
			 codec->addr, off ? "off" : "on", err);
	else
		dev_dbg(dev, "codec %u: automute: speakers %s\n", codec->addr,
			off ? "off (headphones in)" : "on");
	atomic_long_inc(&codec->automutes);
	return err;
}

/**
 * hwa_automute_stop() - the speakers on again, for whoever comes next
 * @codec: the codec, its jack events off, its bus interface still valid
 *
 * The bus keeps a pin switched off for every later render path setup, a
 * later client's too: the client that switched it gives it back.
 *
 * Context: process context, may sleep.
 */
void hwa_automute_stop(struct hwa_codec *codec)
{
	unsigned int i;

	mutex_lock(&codec->jack_lock);
	if (codec->spk_off) {
		for (i = 0; i < codec->nspk; i++)
			wdm_hdaudio_codec_pin_output(codec->bus->context,
						     codec->spk[i], true);
		codec->spk_off = false;
	}
	mutex_unlock(&codec->jack_lock);
}

static int hwa_automute_info(struct snd_kcontrol *kc,
			     struct snd_ctl_elem_info *ui)
{
	static const char *const texts[] = { "Disabled", "Enabled" };

	return snd_ctl_enum_info(ui, 1, ARRAY_SIZE(texts), texts);
}

static int hwa_automute_get(struct snd_kcontrol *kc,
			    struct snd_ctl_elem_value *uv)
{
	struct hwa_codec *codec = snd_kcontrol_chip(kc);

	guard(mutex)(&codec->jack_lock);
	uv->value.enumerated.item[0] = codec->automute;
	return 0;
}

static int hwa_automute_put(struct snd_kcontrol *kc,
			    struct snd_ctl_elem_value *uv)
{
	struct hwa_codec *codec = snd_kcontrol_chip(kc);
	unsigned int v = uv->value.enumerated.item[0];
	int ret;

	if (v > 1)
		return -EINVAL;
	mutex_lock(&codec->jack_lock);
	if (codec->automute == v) {
		mutex_unlock(&codec->jack_lock);
		return 0;
	}
	codec->automute = v;
	ret = hwa_automute_update(codec);
	if (ret)	/* as the mixer's controls: the old value stays */
		codec->automute = !v;
	mutex_unlock(&codec->jack_lock);
	return ret ?: 1;
}

static const struct snd_kcontrol_new hwa_automute_tmpl = {
	.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
	.name = "Auto-Mute Mode",
	.info = hwa_automute_info,
	.get = hwa_automute_get,
	.put = hwa_automute_put,
};

/**
 * hwa_automute_new() - the codec's speakers and its automute control
 * @codec: the codec, its jacks made (hwa_jack_new()), its streams too
 *
 * A codec without a headphone jack or without a speaker pin gets nothing.
 * The speakers' state is first set by the first reading of the jacks.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOMEM, or the control's error.
 */
int hwa_automute_new(struct hwa_codec *codec)
{
	void *ctx = codec->bus->context;
	struct wdm_hdaudio_render_path r;
	struct snd_kcontrol_new n = hwa_automute_tmpl;
	unsigned int i, k, npaths, hp = 0;
	struct snd_kcontrol *kc;

	for (i = 0; i < codec->njacks; i++)
		hp += hwa_jack_is_hp(&codec->jacks[i]);
	if (!hp || !codec->nstreams)
		return 0;
	for (i = 0, npaths = wdm_hdaudio_codec_render_paths(ctx); i < npaths; i++) {
		if (wdm_hdaudio_codec_render_path(ctx, i, &r) ||
		    !hwa_pin_is_speaker(r.pin_config))
			continue;
		for (k = 0; k < codec->nspk && codec->spk[k] != r.pin; k++)
			;
		if (k < codec->nspk || codec->nspk == ARRAY_SIZE(codec->spk))
			continue;
		codec->spk[codec->nspk++] = r.pin;
	}
	if (!codec->nspk)
		return 0;
	codec->automute = true;
	n.index = codec->streams[0].device;
	dev_dbg(wdm_hdaudio_bus_device(ctx),
		"codec %u: automute of %u speaker pin(s), %u headphone jack(s)\n",
		codec->addr, codec->nspk, hp);
	kc = snd_ctl_new1(&n, codec);
	if (!kc)
		return -ENOMEM;
	return snd_ctl_add(codec->card->card, kc);
}
