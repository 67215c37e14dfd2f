// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the codec helpers of the bus interface. Not Windows routines:
 * they spare every client a codec parser of its own, offering the capture
 * and render paths the codec layer found and the verbs that program one,
 * and the controller's device for a client to parent what it creates.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/slab.h>

#include <wdm/hda_verbs.h>
#include <wdm/hdaudio.h>

#include "bus.h"
#include "codec.h"
#include "controller.h"

/**
 * wdm_hdaudio_codec_capture_paths() - capture paths the bus found
 * @context: the interface's context
 *
 * The codec helpers are not part of the Windows interface: they spare each
 * client a codec parser of its own. Path 0 is the first input converter's
 * first reachable input pin.
 *
 * Return: the number of capture paths of this codec.
 */
unsigned int wdm_hdaudio_codec_capture_paths(void *context)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];

	return codec ? codec->npaths : 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_capture_paths);

/**
 * wdm_hdaudio_codec_capture_path() - describe one capture path
 * @context: the interface's context
 * @path: path index, below wdm_hdaudio_codec_capture_paths()
 * @info: filled in
 *
 * What a function driver needs to offer the path: the converter's formats
 * and channels, the pin (its configuration default names the jack), the
 * input amplifier nearest the converter and the selector that picks this
 * path among the converter's others.
 *
 * Return: 0 or -EINVAL for a bad path or a NULL @info.
 */
int wdm_hdaudio_codec_capture_path(void *context, unsigned int path,
				   struct wdm_hdaudio_capture_path *info)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];
	const struct hda_wdm_capture_path *p;
	const struct hda_wdm_widget *w;
	unsigned int i;

	if (!codec || path >= codec->npaths || !info)
		return -EINVAL;
	p = &codec->paths[path];
	memset(info, 0, sizeof(*info));
	w = hda_wdm_codec_widget(codec, p->nid[0]);
	if (!w)
		return -EINVAL;
	info->converter = w->nid;
	info->converter_caps = w->caps;
	info->pcm = w->pcm;
	info->channels = (FIELD_GET(HDA_WCAP_CHAN_EXT, w->caps) << 1 |
			  (w->caps & HDA_WCAP_STEREO)) + 1;
	w = hda_wdm_codec_widget(codec, p->nid[p->len - 1]);
	if (w) {
		info->pin = w->nid;
		info->pin_config = w->config;
	}
	for (i = 0; i + 1 < p->len; i++) {
		w = hda_wdm_codec_widget(codec, p->nid[i]);
		if (!w)
			continue;
		if (!info->amp_node && (w->caps & HDA_WCAP_IN_AMP)) {
			info->amp_node = w->nid;
			info->amp_index = w->type == HDA_WID_AUD_MIX ? p->idx[i] : 0;
			info->amp_caps = w->amp_in_cap;
		}
		if (!info->select_node && w->nconn > 1 &&
		    w->type != HDA_WID_AUD_MIX) {
			info->select_node = w->nid;
			info->select_index = p->idx[i];
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_capture_path);

/**
 * wdm_hdaudio_get_codec_info() - the codec as the bus enumerated it
 * @context: the interface's context
 * @info: filled in
 *
 * What the codec layer read of the codec's root node and audio function
 * group at probe, for a client that describes the codec (the ALSA
 * driver's /proc/asound/cardN/codec#M); widgets by wdm_hdaudio_codec_widget().
 *
 * Return: 0, or -EINVAL for a NULL @info or a context without a codec.
 */
int wdm_hdaudio_get_codec_info(void *context, struct wdm_hdaudio_codec_info *info)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];

	if (!codec || !info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->vendor_id = codec->vendor_id;
	info->revision_id = codec->revision_id;
	info->afg = codec->afg;
	info->afg_type = codec->afg_type;
	info->afg_pcm = codec->afg_pcm;
	info->afg_amp_in_cap = codec->afg_amp_in_cap;
	info->afg_amp_out_cap = codec->afg_amp_out_cap;
	info->start_nid = codec->start_nid;
	info->nwidgets = codec->nwidgets;
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_get_codec_info);

/**
 * wdm_hdaudio_codec_widget() - one widget as the bus read it at probe
 * @context: the interface's context
 * @nid: node ID, from wdm_hdaudio_get_codec_info()'s @start_nid on
 * @info: filled in
 *
 * The capabilities, amplifier capabilities (the ones the bus uses), pin
 * capabilities and configuration default, PCM sizes and rates and the
 * connection list the codec layer read at probe. Current values (amp
 * gains, selections, pin controls) are the codec's: ask it with
 * TransferCodecVerbs.
 *
 * Return: 0, or -EINVAL for a NULL @info or a node that is not a widget of
 * the audio function group.
 */
int wdm_hdaudio_codec_widget(void *context, u8 nid,
			     struct wdm_hdaudio_widget *info)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];
	const struct hda_wdm_widget *w;

	if (!codec || !info)
		return -EINVAL;
	w = hda_wdm_codec_widget(codec, nid);
	if (!w)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->nid = w->nid;
	info->type = w->type;
	info->caps = w->caps;
	info->pincap = w->pincap;
	info->config = w->config;
	info->amp_in_cap = w->amp_in_cap;
	info->amp_out_cap = w->amp_out_cap;
	info->pcm = w->pcm;
	info->nconn = w->nconn;
	memcpy(info->conn, w->conn, w->nconn);
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_widget);

/**
 * wdm_hdaudio_bus_device() - the controller behind an interface
 * @context: the interface's context
 *
 * Not part of the Windows interface: a Linux function driver needs the
 * device to parent what it creates (an ALSA card per controller), and to
 * tell which of its codecs share a controller.
 *
 * Return: the controller's device (a PCI device), valid until the client's
 * remove() for this context returns.
 */
struct device *wdm_hdaudio_bus_device(void *context)
{
	struct hda_wdm_ctx *ctx = context;

	return hda_wdm_ctx_ctrl(ctx)->dev;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_bus_device);

/* A path's setup or teardown verbs, sent through TransferCodecVerbs */
static int hda_send_verbs(struct hda_wdm_ctx *ctx, const u32 *verbs,
			  unsigned int n)
{
	struct wdm_hdaudio_codec_transfer *t;
	unsigned int i;
	int ret;

	t = kcalloc(n, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		t[i].output = verbs[i];
	ret = hda_wdm_bus_transfer_sync(ctx, n, t);
	kfree(t);
	return ret;
}

/**
 * wdm_hdaudio_codec_capture_setup() - program or release a capture path
 * @context: the interface's context
 * @path: path index, below wdm_hdaudio_codec_capture_paths()
 * @stream_id: the engine's stream ID; 0 detaches the converter
 * @converter_format: the engine's converter format
 *
 * Sends the verbs through TransferCodecVerbs: nodes to D0, pin input on,
 * selectors along the path, amps unmuted at 0 dB, converter stream and
 * format.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a bad path, -ENOMEM, or the transfer's error.
 */
int wdm_hdaudio_codec_capture_setup(void *context, unsigned int path,
				    u8 stream_id, u16 converter_format)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];
	u32 verbs[HDA_CODEC_SETUP_VERBS];
	unsigned int n;

	if (!codec || path >= codec->npaths || stream_id > 15)
		return -EINVAL;
	if (stream_id)
		n = hda_wdm_codec_capture_setup(codec, &codec->paths[path],
						stream_id, converter_format,
						verbs);
	else
		n = hda_wdm_codec_capture_teardown(codec, &codec->paths[path],
						   verbs);
	dev_dbg(hda_wdm_ctx_ctrl(ctx)->dev,
		"codec %u capture path %u (nodes %*ph): stream %u (0: released), format %#06x\n",
		ctx->addr, path, codec->paths[path].len, codec->paths[path].nid,
		stream_id, converter_format);
	return hda_send_verbs(ctx, verbs, n);
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_capture_setup);

/**
 * wdm_hdaudio_codec_render_paths() - render paths the bus found
 * @context: the interface's context
 *
 * A render path goes from an output converter through mixers and
 * selectors to a connected output-capable pin (line out, speaker,
 * headphone, ...); each pin has at most one path to each converter. Pins
 * are taken in node order.
 *
 * Return: the number of render paths of this codec.
 */
unsigned int wdm_hdaudio_codec_render_paths(void *context)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];

	return codec ? codec->nrpaths : 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_render_paths);

/**
 * wdm_hdaudio_codec_render_path() - describe one render path
 * @context: the interface's context
 * @path: path index, below wdm_hdaudio_codec_render_paths()
 * @info: filled in
 *
 * The converter's formats and channels, the pin (its configuration
 * default names the jack) and the output amplifier nearest the converter.
 *
 * Return: 0 or -EINVAL for a bad path or a NULL @info.
 */
int wdm_hdaudio_codec_render_path(void *context, unsigned int path,
				  struct wdm_hdaudio_render_path *info)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];
	const struct hda_wdm_render_path *p;
	const struct hda_wdm_widget *w;
	unsigned int i;

	if (!codec || path >= codec->nrpaths || !info)
		return -EINVAL;
	p = &codec->rpaths[path];
	memset(info, 0, sizeof(*info));
	w = hda_wdm_codec_widget(codec, p->nid[p->len - 1]);
	if (!w)
		return -EINVAL;
	info->converter = w->nid;
	info->converter_caps = w->caps;
	info->pcm = w->pcm;
	info->channels = (FIELD_GET(HDA_WCAP_CHAN_EXT, w->caps) << 1 |
			  (w->caps & HDA_WCAP_STEREO)) + 1;
	w = hda_wdm_codec_widget(codec, p->nid[0]);
	if (w) {
		info->pin = w->nid;
		info->pin_config = w->config;
	}
	for (i = p->len; i > 0; i--) {
		w = hda_wdm_codec_widget(codec, p->nid[i - 1]);
		if (w && (w->caps & HDA_WCAP_OUT_AMP)) {
			info->amp_node = w->nid;
			info->amp_caps = w->amp_out_cap;
			break;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_render_path);

/**
 * wdm_hdaudio_codec_render_setup() - program or release a render path
 * @context: the interface's context
 * @path: path index, below wdm_hdaudio_codec_render_paths()
 * @stream_id: the engine's stream ID; 0 detaches the converter
 * @converter_format: the engine's converter format
 *
 * Sends the verbs through TransferCodecVerbs: nodes to D0, pin output on
 * (with the headphone amplifier on a headphone pin that has one), EAPD on
 * a pin that has it, selectors along the path, the mixers' inputs on the
 * path and every output amp on it unmuted at 0 dB, converter stream and
 * format. Releasing detaches the converter and leaves the pin enabled.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a bad path, -ENOMEM, or the transfer's error.
 */
int wdm_hdaudio_codec_render_setup(void *context, unsigned int path,
				   u8 stream_id, u16 converter_format)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];
	u32 verbs[HDA_CODEC_RENDER_VERBS];
	unsigned int n;
	int ret;

	if (!codec || path >= codec->nrpaths || stream_id > 15)
		return -EINVAL;
	dev_dbg(hda_wdm_ctx_ctrl(ctx)->dev,
		"codec %u render path %u (nodes %*ph): stream %u (0: released), format %#06x\n",
		ctx->addr, path, codec->rpaths[path].len, codec->rpaths[path].nid,
		stream_id, converter_format);
	if (!stream_id) {
		n = hda_wdm_codec_render_teardown(codec, &codec->rpaths[path],
						  verbs);
		return hda_send_verbs(ctx, verbs, n);
	}
	/* a pin switched off meanwhile must not come on again */
	mutex_lock(&codec->pin_lock);
	n = hda_wdm_codec_render_setup(codec, &codec->rpaths[path], stream_id,
				       converter_format, verbs);
	ret = hda_send_verbs(ctx, verbs, n);
	mutex_unlock(&codec->pin_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_render_setup);

/**
 * wdm_hdaudio_codec_pin_output() - switch an output pin of a render path
 * @context: the interface's context
 * @pin: node ID of the pin: the pin of one of the codec's render paths
 * @on: true: output enabled (as a render path's setup enables it); false:
 *	output off, and left off by every render path's setup until switched
 *	on again
 *
 * For a client that mutes pins by what is plugged in (automute: the
 * speakers off while headphones are in). The pin control is sent at once
 * through TransferCodecVerbs; the bus's verb cache keeps it across a
 * suspend.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL when @pin is no render path's pin, or the transfer's
 * error (the pin's state is recorded all the same).
 */
int wdm_hdaudio_codec_pin_output(void *context, u8 pin, bool on)
{
	struct hda_wdm_ctx *ctx = context;
	struct hda_wdm_codec *codec = hda_wdm_ctx_ctrl(ctx)->codecs[ctx->addr];
	const struct hda_wdm_widget *w;
	unsigned int i;
	u32 verb;
	int ret;

	if (!codec)
		return -EINVAL;
	for (i = 0; i < codec->nrpaths; i++)
		if (codec->rpaths[i].nid[0] == pin)
			break;
	w = hda_wdm_codec_widget(codec, pin);
	if (i == codec->nrpaths || !w)
		return -EINVAL;
	mutex_lock(&codec->pin_lock);
	if (on)
		clear_bit(pin, codec->pins_off);
	else
		set_bit(pin, codec->pins_off);
	verb = hda_verb12(codec->addr, pin, HDA_SET_PIN_CTL,
			  hda_wdm_codec_pin_out_ctl(codec, w));
	ret = hda_send_verbs(ctx, &verb, 1);
	mutex_unlock(&codec->pin_lock);
	dev_dbg(hda_wdm_ctx_ctrl(ctx)->dev, "codec %u pin %#x: output %s: %d\n",
		ctx->addr, pin, on ? "on" : "off", ret);
	return ret;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_codec_pin_output);
