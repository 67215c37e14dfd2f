// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: one ALSA card per HD Audio controller.
 *
 * The bus offers codecs one by one (wdm_hdaudio_client.probe()); codecs of
 * the same controller (wdm_hdaudio_bus_device()) join the same card. A
 * codec's input converters (with a capture path) and output converters
 * (with a render path) are paired in node order onto its PCM devices, as
 * snd-hda-intel puts a codec's analog playback and capture on one device:
 * the codec's first capture and first playback stream are the substreams
 * of its first device, the second of each the next device, and so on; a
 * device has one direction only when the codec has more converters of the
 * other. The card is registered again after each codec, which registers
 * the new devices only.
 *
 * Removal: the bus removes all codecs of a controller together (unbind,
 * rmmod) or all codecs of this client (rmmod of this module). The first
 * removal disconnects the whole card and waits until every file is closed,
 * while every codec's interface is still valid, so that closing streams
 * can hand their engines back; the last removal frees the card, and with
 * it the codecs (the card's private_free).
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <sound/core.h>
#include <sound/initval.h>
#include <sound/pcm.h>

#include <wdm/hda_verbs.h>
#include <wdm/version.h>

#include "alsa.h"

/*
 * index= and id= are keyed to controllers: entry N applies to the
 * controller whose PCI address is entry N of pci=. A controller pci= does
 * not name takes the first entry that pci= leaves empty and no other card
 * of ours uses. Without pci=, that is probe order, as in other drivers.
 */
static int index[SNDRV_CARDS] = SNDRV_DEFAULT_IDX;
static char *id[SNDRV_CARDS] = SNDRV_DEFAULT_STR;
static char *pci[SNDRV_CARDS];
module_param_array(index, int, NULL, 0444);
MODULE_PARM_DESC(index, "Index value for hda-wdm cards (entry N: the controller of pci= entry N).");
module_param_array(id, charp, NULL, 0444);
MODULE_PARM_DESC(id, "ID string for hda-wdm cards (entry N: the controller of pci= entry N; default HDAWDM).");
module_param_array(pci, charp, NULL, 0444);
MODULE_PARM_DESC(pci, "PCI addresses of controllers (e.g. 0000:00:1f.3) that index= and id= entries apply to.");

static DEFINE_MUTEX(hwa_cards_lock);	/* the list and each card's codecs */
static LIST_HEAD(hwa_cards);

/* the entry of index= and id= for a controller: see above */
static unsigned int hwa_card_slot(struct device *dev)
	__must_hold(&hwa_cards_lock)
{
	struct hwa_card *hc;
	unsigned int i;
	bool used;

	lockdep_assert_held(&hwa_cards_lock);
	for (i = 0; i < SNDRV_CARDS; i++)
		if (pci[i] && sysfs_streq(pci[i], dev_name(dev)))
			return i;
	for (i = 0; i < SNDRV_CARDS; i++) {
		if (pci[i] && *pci[i])
			continue;
		used = false;
		list_for_each_entry(hc, &hwa_cards, node)
			used |= hc->slot == i;
		if (!used)
			return i;
	}
	return SNDRV_CARDS;	/* no entry: any free index, default id */
}

/**
 * hwa_verbs() - send verbs to a codec and wait for the answers
 * @codec: the codec (its address replaces the verbs' own)
 * @count: number of verbs, at most 16
 * @verbs: the verbs
 * @responses: room for @count responses, or NULL
 *
 * Context: process context, may sleep.
 * Return: 0, -EIO when a verb got no answer, or the bus's error.
 */
int hwa_verbs(struct hwa_codec *codec, unsigned int count, const u32 *verbs,
	      u32 *responses)
{
	struct wdm_hdaudio_codec_transfer t[16] = {};
	unsigned int i;
	int ret;

	if (!codec->bus)
		return -ENODEV;
	if (count > ARRAY_SIZE(t))
		return -EINVAL;
	for (i = 0; i < count; i++)
		t[i].output = verbs[i];
	ret = codec->bus->transfer_codec_verbs(codec->bus->context, count, t,
					       NULL, NULL);
	if (ret)
		return ret;
	for (i = 0; i < count; i++) {
		if (!t[i].input.is_valid)
			return -EIO;
		if (responses)
			responses[i] = t[i].input.response;
	}
	return 0;
}

/**
 * hwa_pin_name() - what a pin's configuration default says it is
 * @pin_config: configuration default
 * @dir: the direction the pin is used in (SNDRV_PCM_STREAM_*)
 *
 * Return: a short name for PCM and control names.
 */
const char *hwa_pin_name(u32 pin_config, int dir)
{
	static const char *const in[16] = {
		[0x3] = "CD", [0x6] = "Modem Line", [0x7] = "Modem Handset",
		[0x8] = "Line", [0x9] = "Aux", [0xa] = "Mic",
		[0xb] = "Telephony", [0xc] = "SPDIF In",
		[0xd] = "Digital In",
	};
	static const char *const out[16] = {
		[0x0] = "Line Out", [0x1] = "Speaker", [0x2] = "Headphone",
		[0x3] = "CD", [0x4] = "SPDIF Out", [0x5] = "Digital Out",
		[0x6] = "Modem Line", [0x7] = "Modem Handset",
		[0x8] = "Line", [0x9] = "Aux", [0xb] = "Telephony",
	};
	unsigned int dev = FIELD_GET(HDA_CFG_DEVICE, pin_config);

	if (dir == SNDRV_PCM_STREAM_PLAYBACK)
		return out[dev] ?: "Output";
	return in[dev] ?: "Input";
}

static void hwa_card_free(struct snd_card *card)
{
	struct hwa_card *hc = card->private_data;
	struct hwa_codec *codec, *tmp;
	unsigned int i;

	list_for_each_entry_safe(codec, tmp, &hc->codecs, node) {
		for (i = 0; i < codec->nstreams; i++)
			mutex_destroy(&codec->streams[i].lock);
		kfree(codec->streams);
		if (codec->jack_init)
			mutex_destroy(&codec->jack_lock);
		kfree(codec->jacks);
		list_del(&codec->node);
		kfree(codec);
	}
	mutex_destroy(&hc->lock);
}

static struct hwa_card *hwa_card_get(struct device *dev,
				     const struct wdm_hdaudio_bus_interface *bus)
	__must_hold(&hwa_cards_lock)
{
	struct wdm_hdaudio_device_information info = { .size = sizeof(info) };
	struct snd_card *card;
	struct hwa_card *hc;
	int ret, i;

	lockdep_assert_held(&hwa_cards_lock);
	list_for_each_entry(hc, &hwa_cards, node)
		if (hc->dev == dev && !hc->gone)
			return hc;

	i = hwa_card_slot(dev);
	ret = snd_card_new(dev, i < SNDRV_CARDS ? index[i] : SNDRV_DEFAULT_IDX1,
			   i < SNDRV_CARDS ? id[i] : NULL, THIS_MODULE,
			   sizeof(*hc), &card);
	if (ret) {
		dev_err(dev, "cannot create an ALSA card: %d\n", ret);
		return ERR_PTR(ret);
	}
	hc = card->private_data;
	hc->slot = i;
	hc->dev = dev;
	hc->card = card;
	INIT_LIST_HEAD(&hc->codecs);
	mutex_init(&hc->lock);
	card->private_free = hwa_card_free;
	strscpy(card->driver, "hda-wdm", sizeof(card->driver));
	strscpy(card->shortname, "HDA WDM", sizeof(card->shortname));
	if (i == SNDRV_CARDS || !id[i])
		snd_card_set_id(card, "HDAWDM");
	if (bus->get_device_information(bus->context, &info))
		memset(&info, 0, sizeof(info));
	snprintf(card->longname, sizeof(card->longname),
		 "HD Audio controller %04x:%04x at %s (hda-wdm)",
		 info.pci_vendor, info.pci_device, dev_name(dev));
	list_add_tail(&hc->node, &hwa_cards);
	dev_dbg(dev, "card %d (%s), index=/id= entry %u\n", card->number,
		card->id, i);
	return hc;
}

static void hwa_card_put(struct hwa_card *hc)
	__must_hold(&hwa_cards_lock)
{
	list_del(&hc->node);
	hwa_debugfs_card_remove(hc);
	snd_card_free(hc->card);
}

/* the stream of @converter in @dir, a new one when it has none yet */
static struct hwa_stream *hwa_stream_of(struct hwa_codec *codec, int dir,
					u8 converter)
{
	struct hwa_stream *s;
	unsigned int i;

	for (i = 0; i < codec->nstreams; i++) {
		s = &codec->streams[i];
		if (s->dir == dir && s->info[0].converter == converter)
			return s;
	}
	s = &codec->streams[codec->nstreams++];
	s->codec = codec;
	s->dir = dir;
	mutex_init(&s->lock);
	return s;
}

static void hwa_path_add(struct hwa_codec *codec, int dir, unsigned int p,
			 const struct hwa_path *info)
{
	struct hwa_stream *s = hwa_stream_of(codec, dir, info->converter);
	bool play = dir == SNDRV_PCM_STREAM_PLAYBACK;

	if (s->npaths == HWA_MAX_SOURCES) {
		dev_dbg(wdm_hdaudio_bus_device(codec->bus->context),
			"codec %u %s path %u (%s %#x, pin %#x): the converter has %u paths already, left out\n",
			codec->addr, play ? "render" : "capture", p,
			play ? "DAC" : "ADC", info->converter, info->pin,
			HWA_MAX_SOURCES);
		return;
	}
	s->paths[s->npaths] = p;
	s->info[s->npaths] = *info;
	s->npaths++;
}

/* group the codec's capture and render paths by converter, one stream each */
static int hwa_codec_streams(struct hwa_codec *codec, unsigned int ncap,
			     unsigned int nplay)
{
	void *ctx = codec->bus->context;
	struct wdm_hdaudio_capture_path c;
	struct wdm_hdaudio_render_path r;
	struct hwa_path info;
	unsigned int p;
	int ret;

	codec->streams = kcalloc(ncap + nplay, sizeof(*codec->streams),
				 GFP_KERNEL);
	if (!codec->streams)
		return -ENOMEM;
	for (p = 0; p < ncap; p++) {
		ret = wdm_hdaudio_codec_capture_path(ctx, p, &c);
		if (ret)
			return ret;
		info = (struct hwa_path) {
			.converter = c.converter, .pcm = c.pcm,
			.channels = c.channels, .pin = c.pin,
			.pin_config = c.pin_config, .amp_node = c.amp_node,
			.amp_index = c.amp_index, .amp_caps = c.amp_caps,
			.select_node = c.select_node,
			.select_index = c.select_index,
		};
		hwa_path_add(codec, SNDRV_PCM_STREAM_CAPTURE, p, &info);
	}
	for (p = 0; p < nplay; p++) {
		ret = wdm_hdaudio_codec_render_path(ctx, p, &r);
		if (ret)
			return ret;
		info = (struct hwa_path) {
			.converter = r.converter, .pcm = r.pcm,
			.channels = r.channels, .pin = r.pin,
			.pin_config = r.pin_config, .amp_node = r.amp_node,
			.amp_caps = r.amp_caps,
		};
		hwa_path_add(codec, SNDRV_PCM_STREAM_PLAYBACK, p, &info);
	}
	return 0;
}

/* the codec's @n-th stream of direction @dir, or NULL */
static struct hwa_stream *hwa_nth(struct hwa_codec *codec, int dir,
				  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < codec->nstreams; i++)
		if (codec->streams[i].dir == dir && !n--)
			return &codec->streams[i];
	return NULL;
}

static unsigned int hwa_count(struct hwa_codec *codec, int dir)
{
	unsigned int i, n = 0;

	for (i = 0; i < codec->nstreams; i++)
		n += codec->streams[i].dir == dir;
	return n;
}

/*
 * A PCM with both directions whose registration failed for its second
 * direction stays with the first one registered, and the ALSA core never
 * disconnects a device that did not complete its registration: that
 * character device would hold the card, and snd_card_free() would wait
 * for it forever. Take such stragglers off here (a direction that is not
 * registered is simply not found).
 */
/*
 * A PCM stream's device: a pointer since upstream's "ALSA: pcm: Don't
 * embed device" (6.6), embedded in the stream before (6.1). Kbuild tells
 * which from the kernel's sound/pcm.h.
 */
#ifdef HWA_PCM_STR_DEV_PTR
#define hwa_pcm_dev(pcm, dir)	((pcm)->streams[dir].dev)
#else
#define hwa_pcm_dev(pcm, dir)	(&(pcm)->streams[dir].dev)
#endif

static void hwa_pcm_unregister(struct hwa_codec *codec)
{
	unsigned int i, dir;

	for (i = 0; i < codec->nstreams; i++) {
		struct snd_pcm *pcm = codec->streams[i].pcm;

		if (!pcm)
			continue;
		for (dir = 0; dir < 2; dir++)
			if (pcm->streams[dir].substream)
				snd_unregister_device(hwa_pcm_dev(pcm, dir));
	}
}

static int hwa_codec_build(struct hwa_codec *codec)
{
	struct hwa_stream *play, *cap;
	unsigned int i;
	int ret;

	/* the n-th capture and the n-th playback stream share a device */
	for (i = 0; ; i++) {
		play = hwa_nth(codec, SNDRV_PCM_STREAM_PLAYBACK, i);
		cap = hwa_nth(codec, SNDRV_PCM_STREAM_CAPTURE, i);
		if (!play && !cap)
			break;
		if (play)
			play->device = codec->card->next_device;
		if (cap)
			cap->device = codec->card->next_device;
		codec->card->next_device++;
		ret = hwa_pcm_new(play, cap);
		if (ret)
			return ret;
	}
	for (i = 0; i < codec->nstreams; i++) {
		ret = hwa_mixer_new(&codec->streams[i]);
		if (ret)
			return ret;
	}
	ret = hwa_proc_new(codec);
	if (ret)
		return ret;
	/* jacks report their state before the card shows them */
	ret = hwa_jack_new(codec);
	if (!ret)
		ret = snd_card_register(codec->card->card);
	if (ret) {
		hwa_jack_stop(codec);
		hwa_pcm_unregister(codec);
	}
	return ret;
}

static int hwa_probe(struct wdm_hdaudio_client *client,
		     const struct wdm_hdaudio_bus_interface *bus, void **data)
{
	struct device *dev = wdm_hdaudio_bus_device(bus->context);
	u32 verb = hda_verb12(0, 0, HDA_GET_PARAMETER, HDA_PAR_VENDOR_ID);
	struct hwa_codec *codec;
	unsigned int ncap, nplay;
	struct hwa_card *hc;
	bool fresh;
	u8 addr;
	int ret;

	/*
	 * A codec without capture and render paths joins the card too, with
	 * no PCM: its codec#M file describes it.
	 */
	ncap = wdm_hdaudio_codec_capture_paths(bus->context);
	nplay = wdm_hdaudio_codec_render_paths(bus->context);
	if (!ncap && !nplay) {
		bus->get_resource_information(bus->context, &addr, NULL);
		dev_dbg(dev, "codec %u has no capture or render path: no PCM for it\n",
			addr);
	}
	codec = kzalloc(sizeof(*codec), GFP_KERNEL);
	if (!codec)
		return -ENOMEM;
	codec->bus = bus;
	INIT_LIST_HEAD(&codec->node);
	bus->get_resource_information(bus->context, &codec->addr, NULL);
	ret = hwa_verbs(codec, 1, &verb, &codec->vendor_id);
	if (!ret)
		ret = hwa_codec_streams(codec, ncap, nplay);
	if (ret) {
		dev_err(dev, "codec %u: cannot describe its paths: %d\n",
			codec->addr, ret);
		kfree(codec->streams);
		kfree(codec);
		return ret;
	}

	guard(mutex)(&hwa_cards_lock);
	hc = hwa_card_get(dev, bus);
	if (IS_ERR(hc)) {
		kfree(codec->streams);
		kfree(codec);
		return PTR_ERR(hc);
	}
	fresh = list_empty(&hc->codecs);
	codec->card = hc;
	scoped_guard(mutex, &hc->lock)
		list_add_tail(&codec->node, &hc->codecs);
	ret = hwa_codec_build(codec);
	if (ret) {
		dev_err(dev, "codec %u: cannot add its PCM devices: %d\n",
			codec->addr, ret);
		/* the card owns the codec now; keep it, but cut it off */
		codec->bus = NULL;
		if (fresh)
			hwa_card_put(hc);
		return ret;
	}
	hwa_debugfs_card(hc);
	dev_info(dev, "codec %u (%08x): %u capture and %u playback stream(s) on card %d\n",
		 codec->addr, codec->vendor_id,
		 hwa_count(codec, SNDRV_PCM_STREAM_CAPTURE),
		 hwa_count(codec, SNDRV_PCM_STREAM_PLAYBACK), hc->card->number);
	*data = codec;
	return 0;
}

static void hwa_remove(struct wdm_hdaudio_client *client,
		       const struct wdm_hdaudio_bus_interface *bus, void *data)
{
	struct hwa_codec *codec = data, *other;
	struct hwa_card *hc = codec->card;
	bool last = true;

	guard(mutex)(&hwa_cards_lock);
	if (!hc->gone) {
		hc->gone = true;
		/*
		 * No jack of the card reports into its disconnection: every
		 * codec's tag is given back and its work done first (each
		 * codec's interface is valid until its own removal).
		 */
		list_for_each_entry(other, &hc->codecs, node)
			hwa_jack_stop(other);
		/* streams close while every codec's interface is valid */
		snd_card_disconnect_sync(hc->card);
	}
	codec->bus = NULL;
	list_for_each_entry(other, &hc->codecs, node)
		if (other->bus)
			last = false;
	if (last)
		hwa_card_put(hc);
}

/*
 * System sleep, per codec. The PCM devices are the card's children, so the
 * ALSA core has suspended their streams already (the PCM device's own PM
 * callback) before the controller's suspend calls this; suspending them
 * here too does no harm and covers a stream that a trigger started in
 * between. The card is D3hot until resume: control and PCM ioctls wait
 * for it (snd_power_ref_and_wait()).
 */
static void hwa_suspend(struct wdm_hdaudio_client *client,
			const struct wdm_hdaudio_bus_interface *bus, void *data)
{
	struct hwa_codec *codec = data;
	struct snd_card *card = codec->card->card;
	unsigned int i;

	guard(mutex)(&hwa_cards_lock);
	if (codec->card->gone)
		return;
	hwa_jack_suspend(codec);
	snd_power_change_state(card, SNDRV_CTL_POWER_D3hot);
	for (i = 0; i < codec->nstreams; i++)
		if (codec->streams[i].pcm)
			snd_pcm_suspend_all(codec->streams[i].pcm);
	atomic_long_inc(&codec->suspends);
}

/*
 * The bus has restored the codec's settings (the mixer's amps and
 * selectors among them): the card's power state is ours, and the jacks,
 * which may have changed while the codec slept. Streams stay SUSPENDED
 * until the application prepares them.
 */
static void hwa_resume(struct wdm_hdaudio_client *client,
		       const struct wdm_hdaudio_bus_interface *bus, void *data)
{
	struct hwa_codec *codec = data;

	guard(mutex)(&hwa_cards_lock);
	if (codec->card->gone)
		return;
	snd_power_change_state(codec->card->card, SNDRV_CTL_POWER_D0);
	hwa_jack_resume(codec);
	atomic_long_inc(&codec->resumes);
}

static struct wdm_hdaudio_client hwa_client = {
	.name = KBUILD_MODNAME,
	.probe = hwa_probe,
	.remove = hwa_remove,
	.suspend = hwa_suspend,
	.resume = hwa_resume,
};

static int __init hwa_init(void)
{
	int ret;

	hwa_debugfs_init();
	ret = wdm_hdaudio_register_client(&hwa_client);
	if (ret)
		hwa_debugfs_exit();
	return ret;
}

static void __exit hwa_exit(void)
{
	wdm_hdaudio_unregister_client(&hwa_client);
	hwa_debugfs_exit();
}

module_init(hwa_init);
module_exit(hwa_exit);

MODULE_AUTHOR(WDM_MODULE_AUTHOR);
MODULE_VERSION(WDM_VERSION);
MODULE_DESCRIPTION("ALSA capture and playback devices on the hda-wdm HD Audio bus interface");
MODULE_LICENSE("GPL");
