// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: codec enumeration and capture and render path programming.
 *
 * At probe the bus reads each codec's root node, finds the audio function
 * group, reads every widget (capabilities, connection list, pin
 * capabilities and configuration default, amplifier capabilities, PCM
 * sizes and rates) and searches, from every input converter, the paths back
 * through mixers and selectors to an input-capable pin that is connected.
 *
 * Setting a path up is a verb list (hda_wdm_codec_capture_setup()) that
 * the client sends through TransferCodecVerbs: every node to D0, the pin's
 * input enabled (a microphone jack's with its bias voltage, VRef), selectors
 * pointed along the path, input and output amps on the path unmuted at
 * 0 dB, and the converter given its stream tag and format. Render paths
 * are searched from every connected output-capable pin back through mixers
 * and selectors to an output converter, and set up likewise
 * (hda_wdm_codec_render_setup()). Nothing here touches controller
 * registers.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <wdm/hda_verbs.h>

#include "cmd.h"
#include "codec.h"
#include "controller.h"

static int hda_param(struct hda_wdm_ctrl *c, u8 addr, u8 nid, u8 par,
		     u32 *val)
{
	return hda_wdm_cmd_exec(c, hda_verb12(addr, nid, HDA_GET_PARAMETER, par),
				val);
}

static int hda_read_connections(struct hda_wdm_ctrl *c, u8 addr,
				struct hda_wdm_widget *w)
{
	unsigned int len, per, i, j;
	u32 val, resp = 0;
	u8 prev = 0;
	int ret;

	w->nconn = 0;
	/* a volume knob has its list without saying so in its caps */
	if (!(w->caps & HDA_WCAP_CONN_LIST) && w->type != HDA_WID_VOL_KNB)
		return 0;
	ret = hda_param(c, addr, w->nid, HDA_PAR_CONNLIST_LEN, &val);
	if (ret)
		return ret;
	len = FIELD_GET(HDA_CONNLIST_LEN, val);
	/* long form: 2 entries of 16 bits per response, short: 4 of 8 */
	per = (val & HDA_CONNLIST_LONG) ? 2 : 4;
	for (i = 0; i < len; i++) {
		unsigned int bits = 32 / per;
		u16 entry;

		if (i % per == 0) {
			ret = hda_wdm_cmd_exec(c, hda_verb12(addr, w->nid,
							     HDA_GET_CONNECT_LIST,
							     i), &resp);
			if (ret)
				return ret;
		}
		entry = (resp >> ((i % per) * bits)) & GENMASK(bits - 1, 0);
		/* the top bit of an entry marks a range from the previous one */
		if (entry & BIT(bits - 1)) {
			entry &= GENMASK(bits - 2, 0);
			for (j = prev + 1; j <= entry && w->nconn < HDA_CODEC_MAX_CONN; j++)
				w->conn[w->nconn++] = j;
		} else if (w->nconn < HDA_CODEC_MAX_CONN) {
			w->conn[w->nconn++] = entry;
		}
		prev = entry;
	}
	return 0;
}

static int hda_read_widget(struct hda_wdm_ctrl *c, struct hda_wdm_codec *codec,
			   struct hda_wdm_widget *w, u32 afg_in, u32 afg_out)
{
	u8 addr = codec->addr;
	int ret;

	ret = hda_param(c, addr, w->nid, HDA_PAR_AUDIO_WIDGET_CAP, &w->caps);
	if (ret)
		return ret;
	w->type = FIELD_GET(HDA_WCAP_TYPE, w->caps);
	w->amp_in_cap = afg_in;
	w->amp_out_cap = afg_out;
	if (w->caps & HDA_WCAP_AMP_OVRD) {
		if (w->caps & HDA_WCAP_IN_AMP)
			ret = hda_param(c, addr, w->nid, HDA_PAR_AMP_IN_CAP,
					&w->amp_in_cap);
		if (!ret && (w->caps & HDA_WCAP_OUT_AMP))
			ret = hda_param(c, addr, w->nid, HDA_PAR_AMP_OUT_CAP,
					&w->amp_out_cap);
		if (ret)
			return ret;
	}
	if (w->type == HDA_WID_AUD_IN || w->type == HDA_WID_AUD_OUT) {
		w->pcm = codec->afg_pcm;
		if (w->caps & HDA_WCAP_FORMAT_OVRD) {
			ret = hda_param(c, addr, w->nid, HDA_PAR_PCM, &w->pcm);
			if (ret)
				return ret;
		}
	}
	if (w->type == HDA_WID_PIN) {
		ret = hda_param(c, addr, w->nid, HDA_PAR_PIN_CAP, &w->pincap);
		if (!ret)
			ret = hda_wdm_cmd_exec(c, hda_verb12(addr, w->nid,
							     HDA_GET_CONFIG_DEFAULT, 0),
					       &w->config);
		if (ret)
			return ret;
	}
	return hda_read_connections(c, addr, w);
}

/**
 * hda_wdm_codec_widget() - a widget of a codec by node ID
 * @codec: the codec
 * @nid: node ID
 *
 * Return: the widget, or NULL if @nid is not a widget of the audio group.
 */
const struct hda_wdm_widget *
hda_wdm_codec_widget(const struct hda_wdm_codec *codec, u8 nid)
{
	if (nid < codec->start_nid || nid >= codec->start_nid + codec->nwidgets)
		return NULL;
	return &codec->widgets[nid - codec->start_nid];
}

static bool hda_is_input_pin(const struct hda_wdm_widget *w)
{
	return w->type == HDA_WID_PIN && (w->pincap & HDA_PINCAP_IN) &&
	       FIELD_GET(HDA_CFG_PORT_CONN, w->config) != HDA_CFG_PORT_NONE;
}

/* Whether @nid is among the path's nodes 0 to @depth */
static bool hda_path_has(const u8 *nids, unsigned int depth, u8 nid)
{
	unsigned int k;

	for (k = 0; k <= depth; k++)
		if (nids[k] == nid)
			return true;
	return false;
}

/*
 * Depth-first search from @path->nid[depth] towards an input pin. The
 * converter's paths start at @first: it gets HDA_CODEC_CONV_PATHS at most,
 * so that one converter behind a wide mixer leaves room for the others.
 */
static void hda_find_paths(struct hda_wdm_codec *codec,
			   struct hda_wdm_capture_path *path, unsigned int depth,
			   unsigned int first)
{
	const struct hda_wdm_widget *w = hda_wdm_codec_widget(codec, path->nid[depth]);
	unsigned int i;

	if (!w || codec->npaths >= HDA_CODEC_MAX_PATHS ||
	    codec->npaths - first >= HDA_CODEC_CONV_PATHS)
		return;
	if (depth && hda_is_input_pin(w)) {
		path->len = depth + 1;
		codec->paths[codec->npaths++] = *path;
		return;
	}
	if (depth && w->type != HDA_WID_AUD_MIX && w->type != HDA_WID_AUD_SEL)
		return;
	if (depth + 1 >= HDA_CODEC_PATH_LEN)
		return;
	for (i = 0; i < w->nconn; i++) {
		if (hda_path_has(path->nid, depth, w->conn[i]))
			continue;	/* no loops */
		path->idx[depth] = i;
		path->nid[depth + 1] = w->conn[i];
		hda_find_paths(codec, path, depth + 1, first);
	}
}

static bool hda_is_output_pin(const struct hda_wdm_widget *w)
{
	return w->type == HDA_WID_PIN && (w->pincap & HDA_PINCAP_OUT) &&
	       FIELD_GET(HDA_CFG_PORT_CONN, w->config) != HDA_CFG_PORT_NONE;
}

/*
 * Depth-first search from the pin @path->nid[0] through mixers and
 * selectors to an output converter; the first path to each converter is
 * kept (a pin offers a converter once).
 */
static void hda_find_render_paths(struct hda_wdm_codec *codec,
				  struct hda_wdm_render_path *path,
				  unsigned int depth, unsigned int first)
{
	const struct hda_wdm_widget *w = hda_wdm_codec_widget(codec, path->nid[depth]);
	unsigned int i, k;

	if (!w || codec->nrpaths >= HDA_CODEC_MAX_RPATHS)
		return;
	if (w->type == HDA_WID_AUD_OUT) {
		for (k = first; k < codec->nrpaths; k++) {
			const struct hda_wdm_render_path *o = &codec->rpaths[k];

			if (o->nid[o->len - 1] == w->nid)
				return;
		}
		path->len = depth + 1;
		codec->rpaths[codec->nrpaths++] = *path;
		return;
	}
	if (depth && w->type != HDA_WID_AUD_MIX && w->type != HDA_WID_AUD_SEL)
		return;
	if (depth + 1 >= HDA_CODEC_PATH_LEN)
		return;
	for (i = 0; i < w->nconn; i++) {
		if (hda_path_has(path->nid, depth, w->conn[i]))
			continue;	/* no loops */
		path->idx[depth] = i;
		path->nid[depth + 1] = w->conn[i];
		hda_find_render_paths(codec, path, depth + 1, first);
	}
}

/**
 * hda_wdm_codec_probe() - enumerate a codec
 * @c: controller
 * @addr: codec address
 * @out: the codec, for hda_wdm_codec_free()
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOMEM, or the verb transport's error for a codec that does
 * not answer.
 */
int hda_wdm_codec_probe(struct hda_wdm_ctrl *c, u8 addr,
			struct hda_wdm_codec **out)
{
	struct hda_wdm_codec *codec;
	u32 val, afg_in = 0, afg_out = 0;
	unsigned int i, n, start;
	int ret;

	codec = kzalloc(sizeof(*codec), GFP_KERNEL);
	if (!codec)
		return -ENOMEM;
	mutex_init(&codec->pin_lock);
	codec->addr = addr;
	ret = hda_param(c, addr, 0, HDA_PAR_VENDOR_ID, &codec->vendor_id);
	if (!ret)
		ret = hda_param(c, addr, 0, HDA_PAR_REVISION_ID,
				&codec->revision_id);
	if (!ret)
		ret = hda_param(c, addr, 0, HDA_PAR_NODE_COUNT, &val);
	if (ret)
		goto fail;

	start = FIELD_GET(HDA_NODE_COUNT_START, val);
	n = FIELD_GET(HDA_NODE_COUNT_TOTAL, val);
	for (i = start; i < start + n; i++) {
		ret = hda_param(c, addr, i, HDA_PAR_FG_TYPE, &val);
		if (ret)
			goto fail;
		if (FIELD_GET(HDA_FG_TYPE_MASK, val) == HDA_FG_TYPE_AUDIO) {
			codec->afg = i;
			codec->afg_type = val;
			break;
		}
	}
	if (!codec->afg) {
		dev_info(c->dev, "codec %u (%#010x) has no audio function group\n",
			 addr, codec->vendor_id);
		*out = codec;
		return 0;
	}

	/* The group's defaults, then every widget */
	ret = hda_wdm_cmd_exec(c, hda_verb12(addr, codec->afg,
					     HDA_SET_POWER_STATE, 0), &val);
	if (!ret)
		ret = hda_param(c, addr, codec->afg, HDA_PAR_PCM, &codec->afg_pcm);
	if (!ret)
		ret = hda_param(c, addr, codec->afg, HDA_PAR_AMP_IN_CAP, &afg_in);
	if (!ret)
		ret = hda_param(c, addr, codec->afg, HDA_PAR_AMP_OUT_CAP, &afg_out);
	if (!ret)
		ret = hda_param(c, addr, codec->afg, HDA_PAR_NODE_COUNT, &val);
	if (ret)
		goto fail;
	codec->afg_amp_in_cap = afg_in;
	codec->afg_amp_out_cap = afg_out;
	codec->start_nid = FIELD_GET(HDA_NODE_COUNT_START, val);
	codec->nwidgets = FIELD_GET(HDA_NODE_COUNT_TOTAL, val);
	codec->widgets = kcalloc(codec->nwidgets, sizeof(*codec->widgets),
				 GFP_KERNEL);
	if (codec->nwidgets && !codec->widgets) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < codec->nwidgets; i++) {
		codec->widgets[i].nid = codec->start_nid + i;
		ret = hda_read_widget(c, codec, &codec->widgets[i], afg_in,
				      afg_out);
		if (ret)
			goto fail;
	}

	for (i = 0; i < codec->nwidgets; i++) {
		const struct hda_wdm_widget *w = &codec->widgets[i];

		if (w->type == HDA_WID_PIN && (w->pincap & HDA_PINCAP_IN) &&
		    !hda_is_input_pin(w))
			dev_dbg(c->dev, "codec %u pin %#x: input-capable but unconnected (config %#010x), no capture path\n",
				addr, w->nid, w->config);
	}
	for (i = 0; i < codec->nwidgets; i++) {
		struct hda_wdm_capture_path path = { };

		if (codec->widgets[i].type != HDA_WID_AUD_IN)
			continue;
		path.nid[0] = codec->widgets[i].nid;
		n = codec->npaths;
		hda_find_paths(codec, &path, 0, n);
		if (codec->npaths - n == HDA_CODEC_CONV_PATHS)
			dev_dbg(c->dev, "codec %u ADC %#x: first %u capture paths kept, any others left out\n",
				addr, path.nid[0], HDA_CODEC_CONV_PATHS);
	}
	for (i = 0; i < codec->nwidgets; i++) {
		struct hda_wdm_render_path path = { };

		if (!hda_is_output_pin(&codec->widgets[i]))
			continue;
		path.nid[0] = codec->widgets[i].nid;
		hda_find_render_paths(codec, &path, 0, codec->nrpaths);
	}
	for (i = 0; i < codec->npaths; i++)
		dev_dbg(c->dev, "codec %u capture path %u: nodes %*ph (converter to pin)\n",
			addr, i, codec->paths[i].len, codec->paths[i].nid);
	for (i = 0; i < codec->nrpaths; i++)
		dev_dbg(c->dev, "codec %u render path %u: nodes %*ph (pin to converter)\n",
			addr, i, codec->rpaths[i].len, codec->rpaths[i].nid);
	dev_dbg(c->dev, "codec %u: %#010x, AFG %u, %u widgets, %u capture paths, %u render paths\n",
		addr, codec->vendor_id, codec->afg, codec->nwidgets,
		codec->npaths, codec->nrpaths);
	*out = codec;
	return 0;

fail:
	dev_err(c->dev, "codec %u: enumeration failed (%d)\n", addr, ret);
	hda_wdm_codec_free(codec);
	return ret;
}

/**
 * hda_wdm_codec_free() - free what hda_wdm_codec_probe() allocated
 * @codec: the codec, or NULL
 */
void hda_wdm_codec_free(struct hda_wdm_codec *codec)
{
	if (!codec)
		return;
	mutex_destroy(&codec->pin_lock);
	kfree(codec->widgets);
	kfree(codec);
}

/*
 * The bias a microphone pin gets: 80 % of the analog supply, else 50 %,
 * else 100 %, whichever the pin offers first (its VRef capability bits);
 * none for other jacks or a pin without VRef (QEMU's hda-micro has none).
 */
static u8 hda_pin_vref(const struct hda_wdm_widget *w)
{
	static const u8 order[] = {
		HDA_PINCTL_VREF_80, HDA_PINCTL_VREF_50, HDA_PINCTL_VREF_100,
	};
	u32 caps = FIELD_GET(HDA_PINCAP_VREF, w->pincap);
	unsigned int i;

	if (FIELD_GET(HDA_CFG_DEVICE, w->config) != HDA_CFG_DEV_MIC_IN)
		return 0;
	for (i = 0; i < ARRAY_SIZE(order); i++)
		if (caps & BIT(order[i]))
			return order[i];
	return 0;
}

static u16 hda_amp_unmuted_0db(u32 ampcap)
{
	/* the offset step is 0 dB */
	return FIELD_PREP(HDA_AMP_GAIN, FIELD_GET(HDA_AMPCAP_OFFSET, ampcap));
}

/**
 * hda_wdm_codec_capture_setup() - verbs that make a capture path record
 * @codec: the codec
 * @path: one of @codec's paths
 * @stream_tag: stream tag of the DMA engine (1..15)
 * @format: converter format (the stream descriptor's FMT value)
 * @verbs: room for HDA_CODEC_SETUP_VERBS verbs
 *
 * Return: the number of verbs written.
 */
unsigned int hda_wdm_codec_capture_setup(const struct hda_wdm_codec *codec,
					 const struct hda_wdm_capture_path *path,
					 u8 stream_tag, u16 format, u32 *verbs)
{
	u8 addr = codec->addr;
	unsigned int i, n = 0;

	verbs[n++] = hda_verb12(addr, codec->afg, HDA_SET_POWER_STATE, 0);
	for (i = 0; i < path->len; i++) {
		const struct hda_wdm_widget *w = hda_wdm_codec_widget(codec, path->nid[i]);
		bool last = i + 1 == path->len;

		if (!w)
			continue;
		if (w->caps & HDA_WCAP_POWER)
			verbs[n++] = hda_verb12(addr, w->nid, HDA_SET_POWER_STATE, 0);
		if (last) {
			verbs[n++] = hda_verb12(addr, w->nid, HDA_SET_PIN_CTL,
						HDA_PINCTL_IN_EN |
						FIELD_PREP(HDA_PINCTL_VREF,
							   hda_pin_vref(w)));
			continue;
		}
		if (w->nconn > 1 && w->type != HDA_WID_AUD_MIX)
			verbs[n++] = hda_verb12(addr, w->nid, HDA_SET_CONNECT_SEL,
						path->idx[i]);
		if (w->caps & HDA_WCAP_IN_AMP)
			verbs[n++] = hda_verb4(addr, w->nid, HDA_SET_AMP,
					       HDA_AMP_SET_IN | HDA_AMP_SET_LEFT |
					       HDA_AMP_SET_RIGHT |
					       FIELD_PREP(HDA_AMP_SET_INDEX,
							  w->type == HDA_WID_AUD_MIX ?
							  path->idx[i] : 0) |
					       hda_amp_unmuted_0db(w->amp_in_cap));
		if (i && (w->caps & HDA_WCAP_OUT_AMP))
			verbs[n++] = hda_verb4(addr, w->nid, HDA_SET_AMP,
					       HDA_AMP_SET_OUT | HDA_AMP_SET_LEFT |
					       HDA_AMP_SET_RIGHT |
					       hda_amp_unmuted_0db(w->amp_out_cap));
	}
	verbs[n++] = hda_verb12(addr, path->nid[0], HDA_SET_CONV, stream_tag << 4);
	verbs[n++] = hda_verb4(addr, path->nid[0], HDA_SET_FORMAT, format);
	return n;
}

/**
 * hda_wdm_codec_capture_teardown() - verbs that stop a path's converter
 * @codec: the codec
 * @path: the path
 * @verbs: room for 1 verb
 *
 * Return: the number of verbs written.
 */
unsigned int hda_wdm_codec_capture_teardown(const struct hda_wdm_codec *codec,
					    const struct hda_wdm_capture_path *path,
					    u32 *verbs)
{
	/* stream 0 means: not attached to a stream */
	verbs[0] = hda_verb12(codec->addr, path->nid[0], HDA_SET_CONV, 0);
	return 1;
}

/**
 * hda_wdm_codec_pin_out_ctl() - the pin control of an output pin in use
 * @codec: the codec
 * @pin: one of its pins
 *
 * Output enabled, with the headphone amplifier on a headphone pin that has
 * one; 0 for a pin a client switched off (@codec->pins_off).
 *
 * Return: the SET_PIN_WIDGET_CONTROL payload.
 */
u8 hda_wdm_codec_pin_out_ctl(const struct hda_wdm_codec *codec,
			     const struct hda_wdm_widget *pin)
{
	u8 pinctl = HDA_PINCTL_OUT_EN;

	if (test_bit(pin->nid, codec->pins_off))
		return 0;
	if ((pin->pincap & HDA_PINCAP_HP_DRV) &&
	    FIELD_GET(HDA_CFG_DEVICE, pin->config) == HDA_CFG_DEV_HP_OUT)
		pinctl |= HDA_PINCTL_HP_EN;
	return pinctl;
}

/**
 * hda_wdm_codec_render_setup() - verbs that make a render path play
 * @codec: the codec
 * @path: one of @codec's render paths
 * @stream_tag: stream tag of the DMA engine (1..15)
 * @format: converter format (the stream descriptor's FMT value)
 * @verbs: room for HDA_CODEC_RENDER_VERBS verbs
 *
 * Every node to D0; the pin's output enabled (a headphone jack's
 * amplifier too, if the pin has one; not for a pin a client switched off,
 * hda_wdm_codec_pin_out_ctl()) and its EAPD set if it has one;
 * selectors (the pin's own connection select among them) pointed along
 * the path; the mixers' inputs on the path and every output amp unmuted
 * at 0 dB; the converter given its stream tag and format.
 *
 * Return: the number of verbs written.
 */
unsigned int hda_wdm_codec_render_setup(const struct hda_wdm_codec *codec,
					const struct hda_wdm_render_path *path,
					u8 stream_tag, u16 format, u32 *verbs)
{
	u8 addr = codec->addr, dac = path->nid[path->len - 1];
	unsigned int i, n = 0;

	verbs[n++] = hda_verb12(addr, codec->afg, HDA_SET_POWER_STATE, 0);
	for (i = 0; i < path->len; i++) {
		const struct hda_wdm_widget *w = hda_wdm_codec_widget(codec, path->nid[i]);

		if (!w)
			continue;
		if (w->caps & HDA_WCAP_POWER)
			verbs[n++] = hda_verb12(addr, w->nid, HDA_SET_POWER_STATE, 0);
		if (!i) {
			verbs[n++] = hda_verb12(addr, w->nid, HDA_SET_PIN_CTL,
						hda_wdm_codec_pin_out_ctl(codec, w));
			if (w->pincap & HDA_PINCAP_EAPD)
				verbs[n++] = hda_verb12(addr, w->nid,
							HDA_SET_EAPD_BTL,
							HDA_EAPD_BTL_EAPD);
		}
		if (i + 1 < path->len && w->nconn > 1 &&
		    w->type != HDA_WID_AUD_MIX)
			verbs[n++] = hda_verb12(addr, w->nid, HDA_SET_CONNECT_SEL,
						path->idx[i]);
		if (i + 1 < path->len && w->type == HDA_WID_AUD_MIX &&
		    (w->caps & HDA_WCAP_IN_AMP))
			verbs[n++] = hda_verb4(addr, w->nid, HDA_SET_AMP,
					       HDA_AMP_SET_IN | HDA_AMP_SET_LEFT |
					       HDA_AMP_SET_RIGHT |
					       FIELD_PREP(HDA_AMP_SET_INDEX,
							  path->idx[i]) |
					       hda_amp_unmuted_0db(w->amp_in_cap));
		if (w->caps & HDA_WCAP_OUT_AMP)
			verbs[n++] = hda_verb4(addr, w->nid, HDA_SET_AMP,
					       HDA_AMP_SET_OUT | HDA_AMP_SET_LEFT |
					       HDA_AMP_SET_RIGHT |
					       hda_amp_unmuted_0db(w->amp_out_cap));
	}
	verbs[n++] = hda_verb12(addr, dac, HDA_SET_CONV, stream_tag << 4);
	verbs[n++] = hda_verb4(addr, dac, HDA_SET_FORMAT, format);
	return n;
}

/**
 * hda_wdm_codec_render_teardown() - verbs that stop a render path's converter
 * @codec: the codec
 * @path: the path
 * @verbs: room for 1 verb
 *
 * The pin stays enabled: switching it off and on between streams would be
 * heard.
 *
 * Return: the number of verbs written.
 */
unsigned int hda_wdm_codec_render_teardown(const struct hda_wdm_codec *codec,
					   const struct hda_wdm_render_path *path,
					   u32 *verbs)
{
	verbs[0] = hda_verb12(codec->addr, path->nid[path->len - 1],
			      HDA_SET_CONV, 0);
	return 1;
}

static const char *const hda_widget_names[16] = {
	[HDA_WID_AUD_OUT] = "output", [HDA_WID_AUD_IN] = "input",
	[HDA_WID_AUD_MIX] = "mixer", [HDA_WID_AUD_SEL] = "selector",
	[HDA_WID_PIN] = "pin", [HDA_WID_POWER] = "power",
	[HDA_WID_VOL_KNB] = "volume-knob", [HDA_WID_BEEP] = "beep",
	[HDA_WID_VENDOR] = "vendor",
};

/**
 * hda_wdm_codecs_detach_stream() - take converters off a stream tag
 * @c: controller
 * @tag: stream tag (1..15) of an engine the bus took back from a client
 *
 * A converter the departed client left on the tag would feed (input) or
 * play (output) whichever engine gets the tag next, another client's
 * perhaps: every input and output converter of every codec still on it
 * goes to stream 0. Tags are unique across directions (bus.c), so an
 * output converter on the tag was on this engine's stream.
 *
 * Context: process context, may sleep.
 */
void hda_wdm_codecs_detach_stream(struct hda_wdm_ctrl *c, u8 tag)
{
	unsigned int addr, i;
	u32 val;

	for (addr = 0; addr < HDA_MAX_CODECS; addr++) {
		const struct hda_wdm_codec *codec = c->codecs[addr];

		for (i = 0; codec && i < codec->nwidgets; i++) {
			const struct hda_wdm_widget *w = &codec->widgets[i];

			if ((w->type != HDA_WID_AUD_IN &&
			     w->type != HDA_WID_AUD_OUT) ||
			    hda_wdm_cmd_exec(c, hda_verb12(addr, w->nid,
							   HDA_GET_CONV, 0), &val) ||
			    FIELD_GET(HDA_CONV_STREAM, val) != tag)
				continue;
			dev_dbg(c->dev, "codec %u node %u: off stream %u\n",
				addr, w->nid, tag);
			hda_wdm_cmd_exec(c, hda_verb12(addr, w->nid, HDA_SET_CONV,
						       0), &val);
		}
	}
}

/* Default device of a pin configuration (configuration default 23:20) */
static const char *const hda_device_names[16] = {
	"line-out", "speaker", "hp-out", "cd", "spdif-out", "digital-out",
	"modem-line", "modem-handset", "line-in", "aux", "mic-in", "telephony",
	"spdif-in", "digital-in", "reserved", "other",
};

static void hda_show_amp(struct seq_file *s, struct hda_wdm_ctrl *c, u8 addr,
			 const struct hda_wdm_widget *w, bool out, unsigned int idx)
{
	u16 get = (out ? HDA_AMP_GET_OUT : 0) | idx;
	u32 l, r;

	if (hda_wdm_cmd_exec(c, hda_verb4(addr, w->nid, HDA_GET_AMP,
					  get | HDA_AMP_GET_LEFT), &l) ||
	    hda_wdm_cmd_exec(c, hda_verb4(addr, w->nid, HDA_GET_AMP, get), &r)) {
		seq_puts(s, " (no answer)");
		return;
	}
	seq_printf(s, " %s[%u]=%s%u/%s%u", out ? "out" : "in", idx,
		   (l & HDA_AMP_MUTE) ? "m" : "", (u32)FIELD_GET(HDA_AMP_GAIN, l),
		   (r & HDA_AMP_MUTE) ? "m" : "", (u32)FIELD_GET(HDA_AMP_GAIN, r));
}

/**
 * hda_wdm_codec_show() - print a codec's widget tree, amps and pins
 * @s: seq_file
 * @c: controller, to read the current amp values
 * @codec: the codec
 */
void hda_wdm_codec_show(struct seq_file *s, struct hda_wdm_ctrl *c,
			const struct hda_wdm_codec *codec)
{
	u8 addr = codec->addr;
	unsigned int i, j;

	seq_printf(s, "codec %u: vendor %#010x revision %#010x afg %u\n",
		   codec->addr, codec->vendor_id, codec->revision_id, codec->afg);
	for (i = 0; i < codec->nwidgets; i++) {
		const struct hda_wdm_widget *w = &codec->widgets[i];
		u32 v = 0;

		seq_printf(s, "  node %u: %s caps %#010x", w->nid,
			   hda_widget_names[w->type] ?: "reserved", w->caps);
		if (w->type == HDA_WID_PIN) {
			seq_printf(s, " pincap %#010x config %#010x", w->pincap,
				   w->config);
			if (!hda_wdm_cmd_exec(c, hda_verb12(addr, w->nid,
							    HDA_GET_PIN_CTL, 0), &v))
				seq_printf(s, " pinctl %#04x", v);
		}
		if (w->pcm)
			seq_printf(s, " pcm %#010x", w->pcm);
		if (w->nconn) {
			seq_puts(s, " conn");
			for (j = 0; j < w->nconn; j++)
				seq_printf(s, "%c%u", j ? ',' : ' ', w->conn[j]);
		}
		seq_puts(s, "\n");
		if (w->caps & HDA_WCAP_IN_AMP) {
			seq_printf(s, "    in-amp cap %#010x:", w->amp_in_cap);
			for (j = 0; j < max_t(unsigned int, w->nconn, 1); j++)
				hda_show_amp(s, c, addr, w, false, j);
			seq_puts(s, "\n");
		}
		if (w->caps & HDA_WCAP_OUT_AMP) {
			seq_printf(s, "    out-amp cap %#010x:", w->amp_out_cap);
			hda_show_amp(s, c, addr, w, true, 0);
			seq_puts(s, "\n");
		}
	}
	for (i = 0; i < codec->npaths; i++) {
		const struct hda_wdm_capture_path *p = &codec->paths[i];

		const struct hda_wdm_widget *pin = hda_wdm_codec_widget(codec,
								    p->nid[p->len - 1]);

		seq_printf(s, "  capture path %u:", i);
		for (j = 0; j < p->len; j++)
			seq_printf(s, " %u", p->nid[j]);
		if (pin)
			seq_printf(s, " (%s)",
				   hda_device_names[FIELD_GET(HDA_CFG_DEVICE,
							      pin->config)]);
		seq_puts(s, "\n");
	}
	for (i = 0; i < codec->nrpaths; i++) {
		const struct hda_wdm_render_path *p = &codec->rpaths[i];
		const struct hda_wdm_widget *pin = hda_wdm_codec_widget(codec,
								    p->nid[0]);

		/* converter to pin, as the capture paths */
		seq_printf(s, "  render path %u:", i);
		for (j = p->len; j > 0; j--)
			seq_printf(s, " %u", p->nid[j - 1]);
		if (pin)
			seq_printf(s, " (%s)",
				   hda_device_names[FIELD_GET(HDA_CFG_DEVICE,
							      pin->config)]);
		seq_puts(s, "\n");
	}
}
