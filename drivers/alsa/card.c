// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: one ALSA card per HD Audio controller.
 *
 * The bus offers codecs one by one (wdm_hdaudio_client.probe()); codecs of
 * the same controller (wdm_hdaudio_bus_device()) join the same card, each
 * input converter as the next PCM device. The card is registered again
 * after each codec, which registers the new devices only.
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
 *
 * Return: a short name for PCM and control names.
 */
const char *hwa_pin_name(u32 pin_config)
{
	static const char *const names[16] = {
		[0x3] = "CD", [0x6] = "Modem Line", [0x7] = "Modem Handset",
		[0x8] = "Line", [0x9] = "Aux", [0xa] = "Mic",
		[0xb] = "Telephony", [0xc] = "SPDIF In",
		[0xd] = "Digital In",
	};
	const char *name = names[FIELD_GET(HDA_CFG_DEVICE, pin_config)];

	return name ?: "Input";
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

/* group the codec's capture paths by converter, one stream each */
static int hwa_codec_streams(struct hwa_codec *codec, unsigned int npaths)
{
	struct wdm_hdaudio_capture_path info;
	struct hwa_stream *s;
	unsigned int p, i;
	int ret;

	codec->streams = kcalloc(npaths, sizeof(*codec->streams), GFP_KERNEL);
	if (!codec->streams)
		return -ENOMEM;
	for (p = 0; p < npaths; p++) {
		ret = wdm_hdaudio_codec_capture_path(codec->bus->context, p, &info);
		if (ret)
			return ret;
		for (i = 0; i < codec->nstreams; i++)
			if (codec->streams[i].info[0].converter == info.converter)
				break;
		s = &codec->streams[i];
		if (i == codec->nstreams) {
			codec->nstreams++;
			s->codec = codec;
			mutex_init(&s->lock);
		}
		if (s->npaths == HWA_MAX_SOURCES) {
			dev_dbg(wdm_hdaudio_bus_device(codec->bus->context),
				"codec %u path %u (ADC %#x, pin %#x): the converter has %u sources already, left out\n",
				codec->addr, p, info.converter, info.pin,
				HWA_MAX_SOURCES);
			continue;
		}
		s->paths[s->npaths] = p;
		s->info[s->npaths] = info;
		s->npaths++;
	}
	return 0;
}

static int hwa_codec_build(struct hwa_codec *codec)
{
	unsigned int i;
	int ret;

	for (i = 0; i < codec->nstreams; i++) {
		struct hwa_stream *s = &codec->streams[i];

		s->device = codec->card->next_device++;
		ret = hwa_pcm_new(s);
		if (ret)
			return ret;
		ret = hwa_mixer_new(s);
		if (ret)
			return ret;
	}
	ret = hwa_proc_new(codec);
	if (ret)
		return ret;
	return snd_card_register(codec->card->card);
}

static int hwa_probe(struct wdm_hdaudio_client *client,
		     const struct wdm_hdaudio_bus_interface *bus, void **data)
{
	struct device *dev = wdm_hdaudio_bus_device(bus->context);
	u32 verb = hda_verb12(0, 0, HDA_GET_PARAMETER, HDA_PAR_VENDOR_ID);
	struct hwa_codec *codec;
	unsigned int npaths;
	struct hwa_card *hc;
	bool fresh;
	u8 addr;
	int ret;

	/*
	 * A codec without capture paths (HDMI, or outputs only) joins the
	 * card too, with no PCM: its codec#M file describes it.
	 */
	npaths = wdm_hdaudio_codec_capture_paths(bus->context);
	if (!npaths) {
		bus->get_resource_information(bus->context, &addr, NULL);
		dev_dbg(dev, "codec %u has no capture path: no PCM for it\n",
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
		ret = hwa_codec_streams(codec, npaths);
	if (ret) {
		dev_err(dev, "codec %u: cannot describe its capture paths: %d\n",
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
		dev_err(dev, "codec %u: cannot add its capture devices: %d\n",
			codec->addr, ret);
		/* the card owns the codec now; keep it, but cut it off */
		codec->bus = NULL;
		if (fresh)
			hwa_card_put(hc);
		return ret;
	}
	hwa_debugfs_card(hc);
	dev_info(dev, "codec %u (%08x): %u capture device(s) on card %d\n",
		 codec->addr, codec->vendor_id, codec->nstreams,
		 hc->card->number);
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

static struct wdm_hdaudio_client hwa_client = {
	.name = KBUILD_MODNAME,
	.probe = hwa_probe,
	.remove = hwa_remove,
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
MODULE_DESCRIPTION("ALSA capture devices on the hda-wdm HD Audio bus interface");
MODULE_LICENSE("GPL");
