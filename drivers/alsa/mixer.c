// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: capture and playback controls from the codec's
 * amplifiers and selectors.
 *
 * Each capture stream's sources (the capture paths ending at its
 * converter) go through an input amplifier nearest the converter; the
 * distinct ones become "Capture Volume" / "Capture Switch" (one amp for all
 * sources) or "<jack> Capture Volume" / "<jack> Capture Switch" (one per
 * source). Several sources give a "Capture Source" enumeration.
 *
 * Each playback stream's paths (the render paths from its converter, all
 * playing at once) go through an output amplifier nearest the converter;
 * the distinct ones become "<jack> Playback Volume" / "<jack> Playback
 * Switch" ("Speaker", "Headphone", ...), or "PCM Playback Volume" /
 * "PCM Playback Switch" when one amp (the converter's own, say) serves
 * several pins.
 *
 * Controls carry the stream's PCM device number as their index. An amp
 * that two converters' paths share (a mixer feeding both ADCs' selectors)
 * is one amp in the codec: its controls are the first stream's, and the
 * later streams send that stream's values.
 *
 * Values are cached here and sent with SET_AMP_GAIN_MUTE / SET_CONNECT_SEL
 * through TransferCodecVerbs when they change, and again after a stream's
 * path setup (which puts amps at 0 dB). A put returns 1 exactly when a
 * value changed, so the ALSA core sends change events only then.
 */

#include <linux/bitfield.h>
#include <sound/control.h>
#include <sound/core.h>
#include <sound/info.h>
#include <sound/tlv.h>

#include <wdm/hda_verbs.h>

#include "alsa.h"

static unsigned int hwa_amp_channels(struct hwa_stream *s)
{
	return s->info[0].channels == 1 ? 1 : 2;
}

static int hwa_amp_send(struct hwa_stream *s, struct hwa_amp *amp)
	__must_hold(&s->lock)
{
	u32 dir = s->dir == SNDRV_PCM_STREAM_PLAYBACK ? HDA_AMP_SET_OUT :
							 HDA_AMP_SET_IN;
	u32 verbs[2];
	unsigned int ch, n = hwa_amp_channels(s);

	lockdep_assert_held(&s->lock);
	if (amp->owner) {
		/*
		 * Another stream's controls hold this amp's values: send
		 * those. Streams are taken in codec order, an earlier one's
		 * lock inside a later one's, never the other way round.
		 */
		struct hwa_stream *o = amp->owner;

		mutex_lock_nested(&o->lock, SINGLE_DEPTH_NESTING);
		memcpy(amp->gain, o->amps[amp->owner_amp].gain, sizeof(amp->gain));
		memcpy(amp->mute, o->amps[amp->owner_amp].mute, sizeof(amp->mute));
		mutex_unlock(&o->lock);
	}
	for (ch = 0; ch < n; ch++)
		verbs[ch] = hda_verb4(0, amp->node, HDA_SET_AMP, dir |
				      (ch ? HDA_AMP_SET_RIGHT : HDA_AMP_SET_LEFT) |
				      (n == 1 ? HDA_AMP_SET_RIGHT : 0) |
				      FIELD_PREP(HDA_AMP_SET_INDEX, amp->index) |
				      (amp->mute[ch] ? HDA_AMP_MUTE : 0) |
				      FIELD_PREP(HDA_AMP_GAIN, amp->gain[ch]));
	return hwa_verbs(s->codec, n, verbs, NULL);
}

static int hwa_source_send(struct hwa_stream *s)
	__must_hold(&s->lock)
{
	const struct hwa_path *p = &s->info[s->source];
	u32 verb;

	lockdep_assert_held(&s->lock);
	if (!p->select_node)
		return 0;
	verb = hda_verb12(0, p->select_node, HDA_SET_CONNECT_SEL,
			  p->select_index);
	return hwa_verbs(s->codec, 1, &verb, NULL);
}

/**
 * hwa_mixer_apply() - send every cached control value to the codec
 * @s: the stream, its lock held
 *
 * Return: 0 or the first verb transfer's error.
 */
int hwa_mixer_apply(struct hwa_stream *s)
	__must_hold(&s->lock)
{
	unsigned int i;
	int ret;

	lockdep_assert_held(&s->lock);
	for (i = 0; i < s->namps; i++) {
		ret = hwa_amp_send(s, &s->amps[i]);
		if (ret)
			return ret;
	}
	return hwa_source_send(s);
}

/*
 * Put a control value into an amp, its gains or (@mute) its mute switches:
 * validated, sent to the codec when anything changed, the old values kept
 * when the verbs fail.
 * Return: 1 changed, 0 unchanged, -EINVAL, or the transfer's error.
 */
static int hwa_amp_put(struct snd_kcontrol *kc,
		       const struct snd_ctl_elem_value *uv, bool mute)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);
	struct hwa_amp *amp = &s->amps[kc->private_value];
	long max = mute ? 1 : FIELD_GET(HDA_AMPCAP_STEPS, amp->caps);
	unsigned int ch, n = hwa_amp_channels(s);
	struct hwa_amp old;
	int ret;

	for (ch = 0; ch < n; ch++)
		if (uv->value.integer.value[ch] < 0 ||
		    uv->value.integer.value[ch] > max)
			return -EINVAL;
	guard(mutex)(&s->lock);
	old = *amp;
	for (ch = 0; ch < n; ch++) {
		if (mute)
			amp->mute[ch] = !uv->value.integer.value[ch];
		else
			amp->gain[ch] = uv->value.integer.value[ch];
	}
	if (!memcmp(old.gain, amp->gain, sizeof(amp->gain)) &&
	    !memcmp(old.mute, amp->mute, sizeof(amp->mute)))
		return 0;
	ret = hwa_amp_send(s, amp);
	if (ret) {
		*amp = old;
		return ret;
	}
	return 1;
}

static int hwa_vol_info(struct snd_kcontrol *kc, struct snd_ctl_elem_info *ui)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);
	struct hwa_amp *amp = &s->amps[kc->private_value];

	ui->type = SNDRV_CTL_ELEM_TYPE_INTEGER;
	ui->count = hwa_amp_channels(s);
	ui->value.integer.min = 0;
	ui->value.integer.max = FIELD_GET(HDA_AMPCAP_STEPS, amp->caps);
	return 0;
}

static int hwa_vol_get(struct snd_kcontrol *kc, struct snd_ctl_elem_value *uv)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);
	struct hwa_amp *amp = &s->amps[kc->private_value];
	unsigned int ch;

	guard(mutex)(&s->lock);
	for (ch = 0; ch < hwa_amp_channels(s); ch++)
		uv->value.integer.value[ch] = amp->gain[ch];
	return 0;
}

static int hwa_vol_put(struct snd_kcontrol *kc, struct snd_ctl_elem_value *uv)
{
	return hwa_amp_put(kc, uv, false);
}

static int hwa_sw_info(struct snd_kcontrol *kc, struct snd_ctl_elem_info *ui)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);

	ui->type = SNDRV_CTL_ELEM_TYPE_BOOLEAN;
	ui->count = hwa_amp_channels(s);
	ui->value.integer.min = 0;
	ui->value.integer.max = 1;
	return 0;
}

static int hwa_sw_get(struct snd_kcontrol *kc, struct snd_ctl_elem_value *uv)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);
	struct hwa_amp *amp = &s->amps[kc->private_value];
	unsigned int ch;

	guard(mutex)(&s->lock);
	for (ch = 0; ch < hwa_amp_channels(s); ch++)
		uv->value.integer.value[ch] = !amp->mute[ch];
	return 0;
}

static int hwa_sw_put(struct snd_kcontrol *kc, struct snd_ctl_elem_value *uv)
{
	return hwa_amp_put(kc, uv, true);
}

static int hwa_src_info(struct snd_kcontrol *kc, struct snd_ctl_elem_info *ui)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);
	const char *names[HWA_MAX_SOURCES];
	unsigned int i;

	for (i = 0; i < s->npaths; i++)
		names[i] = hwa_pin_name(s->info[i].pin_config, s->dir);
	/* equal jack names stay apart by their item index only */
	return snd_ctl_enum_info(ui, 1, s->npaths, names);
}

static int hwa_src_get(struct snd_kcontrol *kc, struct snd_ctl_elem_value *uv)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);

	guard(mutex)(&s->lock);
	uv->value.enumerated.item[0] = s->source;
	return 0;
}

static int hwa_src_put(struct snd_kcontrol *kc, struct snd_ctl_elem_value *uv)
{
	struct hwa_stream *s = snd_kcontrol_chip(kc);
	const struct wdm_hdaudio_bus_interface *bus = s->codec->bus;
	unsigned int item = uv->value.enumerated.item[0];
	unsigned int old;
	int ret;

	if (item >= s->npaths)
		return -EINVAL;
	guard(mutex)(&s->lock);
	if (item == s->source)
		return 0;
	old = s->source;
	s->source = item;
	if (s->stream_id && bus) {
		/* capturing: move the converter's path over */
		ret = hwa_setup(s, s->stream_id, s->converter_format);
		if (!ret)
			ret = hwa_mixer_apply(s);
	} else {
		ret = hwa_source_send(s);
	}
	if (ret) {
		s->source = old;
		return ret;
	}
	return 1;
}

static int hwa_ctl_add(struct hwa_stream *s, const struct snd_kcontrol_new *tmpl,
		       const char *name, unsigned long private_value,
		       unsigned int *tlv)
{
	struct snd_kcontrol_new n = *tmpl;
	struct snd_kcontrol *kc;

	n.name = name;
	n.index = s->device;
	n.private_value = private_value;
	if (tlv) {
		n.access |= SNDRV_CTL_ELEM_ACCESS_TLV_READ;
		n.tlv.p = tlv;
	}
	kc = snd_ctl_new1(&n, s);
	if (!kc)
		return -ENOMEM;
	return snd_ctl_add(s->codec->card->card, kc);
}

static const struct snd_kcontrol_new hwa_vol_tmpl = {
	.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
	.access = SNDRV_CTL_ELEM_ACCESS_READWRITE,
	.info = hwa_vol_info,
	.get = hwa_vol_get,
	.put = hwa_vol_put,
};

static const struct snd_kcontrol_new hwa_sw_tmpl = {
	.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
	.access = SNDRV_CTL_ELEM_ACCESS_READWRITE,
	.info = hwa_sw_info,
	.get = hwa_sw_get,
	.put = hwa_sw_put,
};

static const struct snd_kcontrol_new hwa_src_tmpl = {
	.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
	.access = SNDRV_CTL_ELEM_ACCESS_READWRITE,
	.info = hwa_src_info,
	.get = hwa_src_get,
	.put = hwa_src_put,
};

/* an earlier stream of the codec with the same amp among its own */
static void hwa_amp_find_owner(struct hwa_stream *s, struct hwa_amp *amp)
{
	struct hwa_codec *codec = s->codec;
	unsigned int i, j;

	for (i = 0; &codec->streams[i] != s; i++) {
		struct hwa_stream *o = &codec->streams[i];

		for (j = 0; j < o->namps; j++)
			if (o->dir == s->dir && o->amps[j].node == amp->node &&
			    o->amps[j].index == amp->index && !o->amps[j].owner) {
				amp->owner = o;
				amp->owner_amp = j;
				return;
			}
	}
}

/* the distinct amps of the stream's sources, at 0 dB and unmuted */
static void hwa_mixer_find_amps(struct hwa_stream *s)
{
	unsigned int i, j;

	for (i = 0; i < s->npaths; i++) {
		const struct hwa_path *p = &s->info[i];
		struct hwa_amp *amp;
		u32 step, offset;

		/* an amp with no steps and no mute is a fixed gain: no control */
		if (!p->amp_node ||
		    !(p->amp_caps & (HDA_AMPCAP_STEPS | HDA_AMPCAP_MUTE)))
			continue;
		for (j = 0; j < s->namps; j++)
			if (s->amps[j].node == p->amp_node &&
			    s->amps[j].index == p->amp_index)
				break;
		if (j < s->namps)
			continue;
		amp = &s->amps[s->namps++];
		amp->node = p->amp_node;
		amp->index = p->amp_index;
		amp->caps = p->amp_caps;
		amp->source = i;
		hwa_amp_find_owner(s, amp);
		offset = FIELD_GET(HDA_AMPCAP_OFFSET, amp->caps);
		offset = min_t(u32, offset, FIELD_GET(HDA_AMPCAP_STEPS, amp->caps));
		amp->gain[0] = offset;
		amp->gain[1] = offset;
		/* step size in 0.25 dB units minus one; TLV in 0.01 dB */
		step = (FIELD_GET(HDA_AMPCAP_STEP_SIZE, amp->caps) + 1) * 25;
		amp->tlv[SNDRV_CTL_TLVO_TYPE] = SNDRV_CTL_TLVT_DB_SCALE;
		amp->tlv[SNDRV_CTL_TLVO_LEN] = 2 * sizeof(unsigned int);
		amp->tlv[SNDRV_CTL_TLVO_DB_SCALE_MIN] = -(int)(offset * step);
		amp->tlv[SNDRV_CTL_TLVO_DB_SCALE_MUTE_AND_STEP] = step;
	}
}

/*
 * The name of amp @i's controls: its source's jack ("Mic"), numbered from
 * the second amp of the stream whose source is the same kind of jack on
 * ("Mic 2"): a codec with two microphone jacks gets controls of two names.
 */
static void hwa_amp_name(const struct hwa_stream *s, unsigned int i,
			 char *buf, size_t size)
{
	const char *jack = hwa_pin_name(s->info[s->amps[i].source].pin_config,
					s->dir);
	unsigned int j, same = 0;

	for (j = 0; j < i; j++)
		if (!strcmp(hwa_pin_name(s->info[s->amps[j].source].pin_config,
					 s->dir), jack))
			same++;
	if (same)
		snprintf(buf, size, "%s %u", jack, same + 1);
	else
		strscpy(buf, jack, size);
}

/*
 * The prefix of amp @i's control names, with a trailing space, or "" (a
 * capture stream's one amp: plain "Capture Volume").
 */
static void hwa_ctl_prefix(const struct hwa_stream *s, unsigned int i,
			   char *buf, size_t size)
{
	char jack[24];	/* "Modem Handset 16" at most */

	if (s->namps > 1 ||
	    (s->dir == SNDRV_PCM_STREAM_PLAYBACK && s->npaths == 1)) {
		hwa_amp_name(s, i, jack, sizeof(jack));
		snprintf(buf, size, "%s ", jack);
	} else if (s->dir == SNDRV_PCM_STREAM_PLAYBACK) {
		strscpy(buf, "PCM ", size);	/* one amp for several pins */
	} else {
		buf[0] = '\0';
	}
}

/**
 * hwa_mixer_new() - the controls of one stream
 * @s: the stream, with its paths and device number set
 *
 * Sends the initial values (0 dB, unmuted, the first source) to the codec.
 *
 * Return: 0 or a negative errno.
 */
int hwa_mixer_new(struct hwa_stream *s)
{
	const char *what = s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "Playback" :
								 "Capture";
	char name[SNDRV_CTL_ELEM_ID_NAME_MAXLEN];
	char prefix[32];
	unsigned int i;
	int ret;

	hwa_mixer_find_amps(s);
	for (i = 0; i < s->namps; i++) {
		struct hwa_amp *amp = &s->amps[i];

		/* a shared amp has its controls on its first stream only */
		if (amp->owner)
			continue;
		hwa_ctl_prefix(s, i, prefix, sizeof(prefix));
		if (FIELD_GET(HDA_AMPCAP_STEPS, amp->caps)) {
			snprintf(name, sizeof(name), "%s%s Volume", prefix, what);
			ret = hwa_ctl_add(s, &hwa_vol_tmpl, name, i, amp->tlv);
			if (ret)
				return ret;
		}
		if (amp->caps & HDA_AMPCAP_MUTE) {
			snprintf(name, sizeof(name), "%s%s Switch", prefix, what);
			ret = hwa_ctl_add(s, &hwa_sw_tmpl, name, i, NULL);
			if (ret)
				return ret;
		}
	}
	if (s->dir == SNDRV_PCM_STREAM_CAPTURE && s->npaths > 1) {
		ret = hwa_ctl_add(s, &hwa_src_tmpl, "Capture Source", 0, NULL);
		if (ret)
			return ret;
	}
	guard(mutex)(&s->lock);
	return hwa_mixer_apply(s);
}

/**
 * hwa_mixer_proc() - a stream's controls on one node, for codec#M
 * @buf: the proc text
 * @s: the stream
 * @nid: the node being printed
 *
 * Prints the Control: lines (and ControlAmp: lines of amp controls) of
 * Linux's codec proc file for the controls of @s that act on @nid: volume
 * and switch on their amp's node, the source selector on the node that
 * selects the stream's first source (the converter when none does).
 */
void hwa_mixer_proc(struct snd_info_buffer *buf, struct hwa_stream *s, u8 nid)
{
	struct snd_card *card = s->codec->card->card;
	const struct hwa_path *first = &s->info[0];
	struct snd_kcontrol *kc;
	const struct hwa_amp *amp;

	down_read(&card->controls_rwsem);
	list_for_each_entry(kc, &card->controls, list) {
		if (kc->private_data != s)
			continue;
		amp = NULL;
		if (kc->info == hwa_vol_info || kc->info == hwa_sw_info) {
			if (kc->private_value >= s->namps)
				continue;
			amp = &s->amps[kc->private_value];
			if (amp->node != nid)
				continue;
		} else if ((first->select_node ?: first->converter) != nid) {
			continue;
		}
		snd_iprintf(buf, "  Control: name=\"%s\", index=%u, device=%u\n",
			    kc->id.name, kc->id.index, kc->id.device);
		if (amp)
			snd_iprintf(buf, "    ControlAmp: chs=3, dir=%s, idx=%u, ofs=0\n",
				    s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "Out" : "In",
				    amp->index);
	}
	up_read(&card->controls_rwsem);
}
