// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: jack detection.
 *
 * A pin gets a jack when the codec can tell whether something is plugged
 * into it: its configuration default says it is a jack (port connectivity
 * 0), the misc field does not carry the "jack detect override" bit, its
 * pin capabilities have presence detect and the widget can send
 * unsolicited responses. Fixed (built-in) pins, pins that are both, and
 * pins with no connection get none: snd-hda-intel gives fixed pins a
 * "Phantom Jack" that is always on, which tells user space that the
 * speaker or microphone exists; this driver plays every output pin of a
 * converter at once and has nothing to switch, so such a control would
 * tell nothing (Documentation/alsa.rst).
 *
 * Each jack is the ALSA core's snd_jack, whose control is "<label> Jack"
 * (iface CARD, read-only boolean; the core gives a repeated name the next
 * index) and whose input device reports the switch. Labels follow what
 * snd-hda-intel's generic parser calls such pins: the device type of the
 * configuration default, a location prefix where the codec has several
 * pins of the kind, a channel suffix for several line outs.
 *
 * Events: one tag a codec (RegisterEventCallback), enabled on each jack's
 * pin with SET_UNSOLICITED_ENABLE. The callback runs in interrupt context
 * under the bus's lock and only queues the codec's work item; the work
 * reads GET_PIN_SENSE of every jack of the codec and reports those that
 * changed (the core sends a control event only for a value that changed).
 * The state at probe is read the same way, after the pins are enabled and
 * before the card is registered, so nothing is missed in between.
 */

#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <sound/control.h>
#include <sound/core.h>
#include <sound/info.h>
#include <sound/jack.h>

#include <wdm/hda_verbs.h>

#include "alsa.h"
#include "trace.h"

/* where a pin is, as far as its label goes */
enum hwa_place {
	HWA_PLACE_INTERNAL,
	HWA_PLACE_DOCK,
	HWA_PLACE_OTHER,	/* no prefix */
	HWA_PLACE_REAR,
	HWA_PLACE_FRONT,
};

static enum hwa_place hwa_jack_place(u32 config)
{
	unsigned int loc = FIELD_GET(HDA_CFG_LOCATION, config);
	unsigned int port = FIELD_GET(HDA_CFG_PORT_CONN, config);

	if (port == HDA_CFG_PORT_FIXED || port == HDA_CFG_PORT_BOTH)
		return HWA_PLACE_INTERNAL;
	/* gross location in 5:4: 1 internal, 2 a separate chassis (dock) */
	if ((loc & 0x30) == 0x10)
		return HWA_PLACE_INTERNAL;
	if ((loc & 0x30) == 0x20)
		return HWA_PLACE_DOCK;
	if (loc == 0x01)
		return HWA_PLACE_REAR;
	if (loc == 0x02)
		return HWA_PLACE_FRONT;
	return HWA_PLACE_OTHER;
}

/* the codec's connected pins: widget configuration defaults, for labels */
struct hwa_pins {
	unsigned int n;
	struct {
		u8 nid;
		u32 config;
	} pin[128];
};

static unsigned int hwa_dev(u32 config)
{
	return FIELD_GET(HDA_CFG_DEVICE, config);
}

/**
 * hwa_pin_is_speaker() - a pin the jack labels call "Speaker"
 * @config: the pin's configuration default
 *
 * Return: true for a Speaker, and for a Line Out that is built in (fixed,
 * both fixed and a jack, or at an internal place).
 */
bool hwa_pin_is_speaker(u32 config)
{
	return hwa_dev(config) == HDA_CFG_DEV_SPEAKER ||
	       (hwa_dev(config) == HDA_CFG_DEV_LINE_OUT &&
		hwa_jack_place(config) == HWA_PLACE_INTERNAL);
}

/* a microphone's label: a location only where mics are in several places */
static const char *hwa_mic_label(const struct hwa_pins *pins, u32 config)
{
	static const char *const names[] = {
		[HWA_PLACE_INTERNAL] = "Internal Mic",
		[HWA_PLACE_DOCK] = "Dock Mic",
		[HWA_PLACE_OTHER] = "Mic",
		[HWA_PLACE_REAR] = "Rear Mic",
		[HWA_PLACE_FRONT] = "Front Mic",
	};
	enum hwa_place place = hwa_jack_place(config), p, seen = 0;
	unsigned int i, mics = 0;
	bool mixed = false;

	for (i = 0; i < pins->n; i++) {
		if (hwa_dev(pins->pin[i].config) != HDA_CFG_DEV_MIC_IN)
			continue;
		mics++;
		/* the external ones: in more than one place? */
		p = hwa_jack_place(pins->pin[i].config);
		if (p < HWA_PLACE_OTHER)
			continue;
		if (seen && seen != p)
			mixed = true;
		seen = p;
	}
	if (mics < 2 || (place > HWA_PLACE_OTHER && !mixed))
		return "Mic";
	return names[place];
}

/*
 * "Front", "Surround", "CLFE", "Side" for the 2 to 4 connected external
 * pins of a line out or speaker kind, by their association and sequence
 */
static const char *hwa_channel_suffix(const struct hwa_pins *pins, u8 nid,
				      u32 config)
{
	static const char *const sfx[] = { " Front", " Surround", " CLFE", " Side" };
	u32 key = FIELD_GET(HDA_CFG_ASSOC | HDA_CFG_SEQUENCE, config) << 8 | nid;
	unsigned int i, n = 0, rank = 0;
	u32 k;

	for (i = 0; i < pins->n; i++) {
		if (hwa_dev(pins->pin[i].config) != hwa_dev(config) ||
		    hwa_jack_place(pins->pin[i].config) == HWA_PLACE_INTERNAL)
			continue;
		n++;
		k = FIELD_GET(HDA_CFG_ASSOC | HDA_CFG_SEQUENCE,
			      pins->pin[i].config) << 8 | pins->pin[i].nid;
		rank += k < key;
	}
	if (n < 2 || n > ARRAY_SIZE(sfx) || rank >= n)
		return "";
	/*
	 * Sequence numbers put the center/LFE pair before the surround
	 * pair; the names go in ALSA's channel order (surround first).
	 */
	if (n >= 3 && (rank == 1 || rank == 2))
		rank = 3 - rank;
	return sfx[rank];
}

/* a jack's control name, "<label> Jack", into @name */
static void hwa_jack_label(const struct hwa_pins *pins, u8 nid, u32 config,
			   char *name, size_t size)
{
	enum hwa_place place = hwa_jack_place(config);
	const char *pfx = "", *label, *sfx = "";
	unsigned int i, lines = 0;

	if (place == HWA_PLACE_DOCK)
		pfx = "Dock ";
	else if (place == HWA_PLACE_FRONT)
		pfx = "Front ";
	switch (hwa_dev(config)) {
	case 0x0:	/* line out */
		label = place == HWA_PLACE_INTERNAL ? "Speaker" : "Line Out";
		sfx = hwa_channel_suffix(pins, nid, config);
		break;
	case 0x1:
		label = "Speaker";
		sfx = hwa_channel_suffix(pins, nid, config);
		break;
	case HDA_CFG_DEV_HP_OUT:
		label = "Headphone";
		break;
	case 0x4:	/* S/PDIF out */
	case 0x5:	/* other digital out */
		/* location 0x18: HDMI or DisplayPort */
		pfx = "";
		label = FIELD_GET(HDA_CFG_LOCATION, config) == 0x18 ? "HDMI" : "SPDIF";
		break;
	case HDA_CFG_DEV_MIC_IN:
		pfx = "";
		label = hwa_mic_label(pins, config);
		break;
	case 0x8:	/* line in */
		pfx = "";
		for (i = 0; i < pins->n; i++)
			lines += hwa_dev(pins->pin[i].config) == 0x8;
		label = lines > 1 && place == HWA_PLACE_DOCK ? "Dock Line" : "Line";
		break;
	default:
		pfx = "";
		label = hwa_pin_name(config, SNDRV_PCM_STREAM_CAPTURE);
		if (!strcmp(label, "Input") || !strncmp(label, "Modem", 5) ||
		    !strcmp(label, "Telephony"))
			label = "Misc";
		break;
	}
	snprintf(name, size, "%s%s%s Jack", pfx, label, sfx);
}

static int hwa_jack_type(u32 config)
{
	switch (hwa_dev(config)) {
	case 0x0:
	case 0x1:
		return SND_JACK_LINEOUT;
	case HDA_CFG_DEV_HP_OUT:
		return SND_JACK_HEADPHONE;
	case 0x4:
	case 0x5:
		return SND_JACK_AVOUT;
	case HDA_CFG_DEV_MIC_IN:
		return SND_JACK_MICROPHONE;
	default:
		return SND_JACK_LINEIN;
	}
}

static bool hwa_jack_detectable(const struct wdm_hdaudio_widget *w)
{
	return w->type == HDA_WID_PIN &&
	       FIELD_GET(HDA_CFG_PORT_CONN, w->config) == HDA_CFG_PORT_JACK &&
	       !(w->config & HDA_CFG_MISC_NO_PRESENCE) &&
	       (w->pincap & HDA_PINCAP_PRES_DETECT) &&
	       (w->caps & HDA_WCAP_UNSOL);
}

/* read every jack's pin sense and report those that changed */
static void hwa_jack_sense(struct hwa_codec *codec)
{
	unsigned int i;
	u32 verbs[2], resp[2];
	bool present;
	int ret;

	guard(mutex)(&codec->jack_lock);
	for (i = 0; i < codec->njacks; i++) {
		struct hwa_jack *j = &codec->jacks[i];
		unsigned int n = 0;

		/* a pin that needs it measures first (pin caps' trigger bit) */
		if (j->trigger)
			verbs[n++] = hda_verb12(0, j->nid, HDA_SET_PIN_SENSE, 0);
		verbs[n++] = hda_verb12(0, j->nid, HDA_GET_PIN_SENSE, 0);
		ret = hwa_verbs(codec, n, verbs, resp);
		if (ret) {
			dev_dbg(wdm_hdaudio_bus_device(codec->bus->context),
				"codec %u pin %#x: no pin sense: %d\n",
				codec->addr, j->nid, ret);
			continue;
		}
		present = resp[n - 1] & HDA_PIN_SENSE_PRESENT;
		if (j->known && present == j->present)
			continue;
		j->known = true;
		j->present = present;
		snd_jack_report(j->jack, present ? hwa_jack_type(j->config) : 0);
		atomic_long_inc(&codec->jack_reports);
		trace_hda_wdm_jack(codec->card->card->number, codec->addr, j->nid,
				   present);
	}
	hwa_automute_update(codec);
}

static void hwa_jack_work(struct work_struct *work)
{
	struct hwa_codec *codec = container_of(work, struct hwa_codec,
					       jack_work);

	hwa_jack_sense(codec);
}

/* interrupt context, under the bus's lock: the verbs wait for the work */
static void hwa_jack_unsol(u32 response, void *context)
{
	struct hwa_codec *codec = context;

	atomic_long_inc(&codec->jack_unsol);
	schedule_work(&codec->jack_work);
}

/* SET_UNSOLICITED_ENABLE on every jack's pin: @tag enabled, or off */
static int hwa_jack_enable(struct hwa_codec *codec, bool on)
{
	u8 payload = on ? HDA_UNSOL_ENABLE | codec->jack_tag : 0;
	unsigned int i;
	u32 verb;
	int ret, err = 0;

	for (i = 0; i < codec->njacks; i++) {
		verb = hda_verb12(0, codec->jacks[i].nid, HDA_SET_UNSOL, payload);
		ret = hwa_verbs(codec, 1, &verb, NULL);
		if (ret && !err)
			err = ret;
	}
	return err;
}

/* the core's index of the control just added as @name: the last one */
static unsigned int hwa_jack_index(struct snd_card *card, const char *name)
{
	struct snd_kcontrol *kc;
	unsigned int index = 0;

	down_read(&card->controls_rwsem);
	list_for_each_entry(kc, &card->controls, list)
		if (kc->id.iface == SNDRV_CTL_ELEM_IFACE_CARD &&
		    !strcmp(kc->id.name, name))
			index = kc->id.index;
	up_read(&card->controls_rwsem);
	return index;
}

static int hwa_jack_pins(struct hwa_codec *codec, struct hwa_pins *pins)
{
	void *ctx = codec->bus->context;
	struct wdm_hdaudio_codec_info info;
	struct wdm_hdaudio_widget *w;
	unsigned int i, n = 0;
	int ret;

	ret = wdm_hdaudio_get_codec_info(ctx, &info);
	if (ret)
		return ret;
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	codec->jacks = kcalloc(info.nwidgets, sizeof(*codec->jacks),
			       GFP_KERNEL);
	if (!codec->jacks) {
		kfree(w);
		return -ENOMEM;
	}
	for (i = 0; i < info.nwidgets; i++) {
		ret = wdm_hdaudio_codec_widget(ctx, info.start_nid + i, w);
		if (ret)
			break;
		if (w->type != HDA_WID_PIN ||
		    FIELD_GET(HDA_CFG_PORT_CONN, w->config) == HDA_CFG_PORT_NONE)
			continue;
		if (pins->n < ARRAY_SIZE(pins->pin)) {
			pins->pin[pins->n].nid = w->nid;
			pins->pin[pins->n].config = w->config;
			pins->n++;
		}
		if (!hwa_jack_detectable(w))
			continue;
		codec->jacks[n].nid = w->nid;
		codec->jacks[n].config = w->config;
		codec->jacks[n].trigger = w->pincap & HDA_PINCAP_TRIG_REQ;
		n++;
	}
	kfree(w);
	codec->njacks = n;
	return ret;
}

/**
 * hwa_jack_new() - the codec's jacks, their events and their state
 * @codec: the codec, on its card, before the card is registered again
 *
 * Makes a jack of each pin that detects presence, enables the pins'
 * unsolicited responses and reports the state they sense now. A codec
 * whose events cannot be had (no tag left on the bus) keeps its jacks at
 * the state of probe, with a warning.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative error code; on error nothing is left enabled
 * (jacks already made belong to the card).
 */
int hwa_jack_new(struct hwa_codec *codec)
{
	struct device *dev = wdm_hdaudio_bus_device(codec->bus->context);
	struct snd_card *card = codec->card->card;
	struct hwa_pins *pins;
	unsigned int i;
	int ret;

	mutex_init(&codec->jack_lock);
	INIT_WORK(&codec->jack_work, hwa_jack_work);
	codec->jack_init = true;
	pins = kzalloc(sizeof(*pins), GFP_KERNEL);
	if (!pins)
		return -ENOMEM;
	ret = hwa_jack_pins(codec, pins);
	for (i = 0; !ret && i < codec->njacks; i++) {
		struct hwa_jack *j = &codec->jacks[i];

		hwa_jack_label(pins, j->nid, j->config, j->name, sizeof(j->name));
		ret = snd_jack_new(card, j->name, hwa_jack_type(j->config),
				   &j->jack, true, false);
		if (ret) {
			codec->njacks = i;
			break;
		}
		j->index = hwa_jack_index(card, j->name);
	}
	kfree(pins);
	if (ret) {
		dev_err(dev, "codec %u: cannot make its jacks: %d\n",
			codec->addr, ret);
		return ret;
	}
	if (!codec->njacks)
		return 0;
	ret = hwa_automute_new(codec);
	if (ret) {
		dev_err(dev, "codec %u: cannot make its automute control: %d\n",
			codec->addr, ret);
		return ret;
	}

	ret = codec->bus->register_event_callback(codec->bus->context,
						  hwa_jack_unsol, codec,
						  &codec->jack_tag);
	if (ret) {
		dev_warn(dev, "codec %u: no unsolicited responses (%d): its jacks keep the state of probe\n",
			 codec->addr, ret);
	} else {
		codec->jack_events_on = true;
		ret = hwa_jack_enable(codec, true);
		if (ret)
			dev_warn(dev, "codec %u: enabling unsolicited responses failed: %d\n",
				 codec->addr, ret);
	}
	hwa_jack_sense(codec);
	dev_dbg(dev, "codec %u: %u jack(s), tag %u\n", codec->addr,
		codec->njacks, codec->jack_tag);
	return 0;
}

/**
 * hwa_jack_stop() - no more jack events for the codec
 * @codec: the codec, its bus interface still valid
 *
 * Turns the pins' unsolicited responses off, gives the tag back (after
 * which the callback neither runs nor will), waits for a work item it
 * queued and switches speakers that automute switched off on again. Safe
 * on a codec without jacks and to call twice.
 *
 * Context: process context, may sleep.
 */
void hwa_jack_stop(struct hwa_codec *codec)
{
	if (!codec->jack_init || !codec->bus)
		return;
	if (codec->jack_events_on) {
		hwa_jack_enable(codec, false);
		codec->bus->unregister_event_callback(codec->bus->context,
						      codec->jack_tag);
		codec->jack_events_on = false;
	}
	cancel_work_sync(&codec->jack_work);
	hwa_automute_stop(codec);
}

/**
 * hwa_jack_suspend() - no pin sense while the link goes down
 * @codec: the codec, its card going to D3hot
 *
 * Waits for a work item an unsolicited response queued; one that comes
 * after this finds the link down and changes nothing.
 *
 * Context: process context, may sleep.
 */
void hwa_jack_suspend(struct hwa_codec *codec)
{
	if (codec->jack_init)
		cancel_work_sync(&codec->jack_work);
}

/**
 * hwa_jack_resume() - read the jacks again after a system sleep
 * @codec: the codec, its settings restored by the bus (the pins'
 *	unsolicited enables among them)
 *
 * Something may have been plugged in or out while the codec slept, with
 * no unsolicited response to say so: every jack's sense is read again,
 * and those that changed are reported.
 *
 * Context: any.
 */
void hwa_jack_resume(struct hwa_codec *codec)
{
	if (codec->jack_init && codec->njacks)
		schedule_work(&codec->jack_work);
}

/**
 * hwa_jack_proc() - a pin's jack control, for codec#M
 * @buf: the proc text
 * @codec: the codec
 * @nid: the node being printed
 */
void hwa_jack_proc(struct snd_info_buffer *buf, struct hwa_codec *codec,
		   u8 nid)
{
	unsigned int i;

	for (i = 0; i < codec->njacks; i++)
		if (codec->jacks[i].nid == nid)
			snd_iprintf(buf, "  Control: name=\"%s\", index=%u, device=0\n",
				    codec->jacks[i].name, codec->jacks[i].index);
}
