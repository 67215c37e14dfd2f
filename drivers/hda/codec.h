/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm codec layer: what the bus found in each codec at probe (the audio
 * function group, its widgets, the capture and the render paths), and the
 * verb lists that set a path up and down.
 */
#ifndef _HDA_WDM_CODEC_H
#define _HDA_WDM_CODEC_H

#include <linux/mutex.h>
#include <linux/types.h>

#include <wdm/hdaudio.h>

struct hda_wdm_ctrl;
struct seq_file;

#define HDA_CODEC_MAX_CONN	WDM_HDA_MAX_CONN	/* connections kept per widget */
#define HDA_CODEC_MAX_PATHS	32	/* capture paths kept per codec */
#define HDA_CODEC_MAX_RPATHS	128	/* render paths kept per codec */
#define HDA_CODEC_CONV_PATHS	8	/* ... per input converter */
#define HDA_CODEC_PATH_LEN	6	/* ADC ... pin, at most */
#define HDA_CODEC_SETUP_VERBS	(4 + 4 * HDA_CODEC_PATH_LEN)
#define HDA_CODEC_RENDER_VERBS	(3 + 5 * HDA_CODEC_PATH_LEN)

/**
 * struct hda_wdm_widget - one node of the audio function group
 * @nid: node ID
 * @type: enum hda_widget_type
 * @caps: audio widget capabilities
 * @pincap: pin capabilities (pins)
 * @config: configuration default (pins)
 * @amp_in_cap: input amplifier capabilities (the group's unless overridden)
 * @amp_out_cap: output amplifier capabilities (likewise)
 * @pcm: supported sizes and rates (converters)
 * @nconn: entries in @conn
 * @conn: connection list
 */
struct hda_wdm_widget {
	u8 nid;
	u8 type;
	u32 caps;
	u32 pincap;
	u32 config;
	u32 amp_in_cap;
	u32 amp_out_cap;
	u32 pcm;
	u8 nconn;
	u8 conn[HDA_CODEC_MAX_CONN];
};

/**
 * struct hda_wdm_capture_path - from an input converter back to an input pin
 * @len: nodes in the path
 * @nid: the nodes, the converter first and the pin last
 * @idx: at @nid[i], the connection index that leads to @nid[i + 1]
 */
struct hda_wdm_capture_path {
	u8 len;
	u8 nid[HDA_CODEC_PATH_LEN];
	u8 idx[HDA_CODEC_PATH_LEN];
};

/**
 * struct hda_wdm_render_path - from an output pin back to an output converter
 * @len: nodes in the path
 * @nid: the nodes, the pin first and the converter last (the direction of
 *	the connection lists)
 * @idx: at @nid[i], the connection index that leads to @nid[i + 1]
 */
struct hda_wdm_render_path {
	u8 len;
	u8 nid[HDA_CODEC_PATH_LEN];
	u8 idx[HDA_CODEC_PATH_LEN];
};

/**
 * struct hda_wdm_codec - a codec as enumerated at probe
 * @addr: codec address on the link
 * @vendor_id: vendor and device ID (parameter 0 of the root node)
 * @revision_id: revision ID
 * @afg: node ID of the audio function group, 0 if none
 * @afg_type: the group's function group type parameter (type and unsol bit)
 * @afg_pcm: the group's default sizes and rates
 * @afg_amp_in_cap: the group's default input amplifier capabilities
 * @afg_amp_out_cap: the group's default output amplifier capabilities
 * @start_nid: first widget node ID
 * @nwidgets: number of widgets
 * @widgets: the widgets, @nwidgets of them
 * @npaths: capture paths found
 * @paths: the capture paths
 * @nrpaths: render paths found
 * @rpaths: the render paths
 * @pin_lock: @pins_off, and the pin controls sent after reading it
 * @pins_off: output pins a client switched off (automute): a render path's
 *	setup leaves their output off
 */
struct hda_wdm_codec {
	u8 addr;
	u32 vendor_id;
	u32 revision_id;
	u8 afg;
	u32 afg_type;
	u32 afg_pcm;
	u32 afg_amp_in_cap;
	u32 afg_amp_out_cap;
	u8 start_nid;
	u8 nwidgets;
	struct hda_wdm_widget *widgets;
	unsigned int npaths;
	struct hda_wdm_capture_path paths[HDA_CODEC_MAX_PATHS];
	unsigned int nrpaths;
	struct hda_wdm_render_path rpaths[HDA_CODEC_MAX_RPATHS];
	struct mutex pin_lock;	/* see above */
	DECLARE_BITMAP(pins_off, 256);
};

int hda_wdm_codec_probe(struct hda_wdm_ctrl *c, u8 addr,
			struct hda_wdm_codec **out);
void hda_wdm_codec_free(struct hda_wdm_codec *codec);
const struct hda_wdm_widget *
hda_wdm_codec_widget(const struct hda_wdm_codec *codec, u8 nid);
unsigned int hda_wdm_codec_capture_setup(const struct hda_wdm_codec *codec,
					 const struct hda_wdm_capture_path *path,
					 u8 stream_tag, u16 format, u32 *verbs);
unsigned int hda_wdm_codec_capture_teardown(const struct hda_wdm_codec *codec,
					    const struct hda_wdm_capture_path *path,
					    u32 *verbs);
unsigned int hda_wdm_codec_render_setup(const struct hda_wdm_codec *codec,
					const struct hda_wdm_render_path *path,
					u8 stream_tag, u16 format, u32 *verbs);
u8 hda_wdm_codec_pin_out_ctl(const struct hda_wdm_codec *codec,
			     const struct hda_wdm_widget *pin);
unsigned int hda_wdm_codec_render_teardown(const struct hda_wdm_codec *codec,
					   const struct hda_wdm_render_path *path,
					   u32 *verbs);
void hda_wdm_codecs_detach_stream(struct hda_wdm_ctrl *c, u8 tag);
void hda_wdm_codec_show(struct seq_file *s, struct hda_wdm_ctrl *c,
			const struct hda_wdm_codec *codec);

#endif /* _HDA_WDM_CODEC_H */
