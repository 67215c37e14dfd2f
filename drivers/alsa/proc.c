// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: /proc/asound/cardN/codec#M, the codec as this driver
 * sees it, in the line formats of Linux's snd-hda-codec (what alsa-info.sh
 * collects and HD Audio bug reports carry), so that the usual tools and
 * readers can compare ours with Linux's.
 *
 * What the bus's codec layer read at probe (widget capabilities, amp
 * capabilities, pin capabilities and defaults, connection lists, PCM
 * sizes and rates) comes from wdm_hdaudio_get_codec_info() and
 * wdm_hdaudio_codec_widget(); what the codec holds now (amp gains, pin
 * controls, selections, converter streams, power states) and the few
 * parameters the codec layer keeps no copy of (subsystem ID, stream
 * formats, supported power states, GPIO, processing and volume knob
 * capabilities) are asked of the codec with TransferCodecVerbs. The
 * Control: and Device: lines are the controls and PCM devices this driver
 * made of a node.
 */

#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <sound/core.h>
#include <sound/info.h>

#include <wdm/hda_verbs.h>

#include "alsa.h"

#define HWA_NO_ANSWER	(~0U)

/**
 * struct hwa_proc - one read of a codec file
 * @codec: the codec
 * @buf: the text
 * @info: the codec as the bus enumerated it
 * @w: the widget being printed
 */
struct hwa_proc {
	struct hwa_codec *codec;
	struct snd_info_buffer *buf;
	struct wdm_hdaudio_codec_info info;
	struct wdm_hdaudio_widget w;
};

static u32 hwa_get(struct hwa_proc *p, u8 nid, u16 verb, u8 payload)
{
	u32 v = hda_verb12(p->codec->addr, nid, verb, payload), r;

	return hwa_verbs(p->codec, 1, &v, &r) ? HWA_NO_ANSWER : r;
}

static u32 hwa_param(struct hwa_proc *p, u8 nid, u8 par)
{
	return hwa_get(p, nid, HDA_GET_PARAMETER, par);
}

static u32 hwa_get_amp(struct hwa_proc *p, u8 nid, u16 payload)
{
	u32 v = hda_verb4(p->codec->addr, nid, HDA_GET_AMP, payload), r;

	return hwa_verbs(p->codec, 1, &v, &r) ? HWA_NO_ANSWER : r;
}

static const char *hwa_vendor_name(u32 vendor_id)
{
	static const struct { u16 id; const char *name; } vendors[] = {
		{ 0x1002, "ATI" }, { 0x1013, "Cirrus Logic" },
		{ 0x1057, "Motorola" }, { 0x1095, "Silicon Image" },
		{ 0x10de, "Nvidia" }, { 0x10ec, "Realtek" },
		{ 0x1102, "Creative" }, { 0x1106, "VIA" },
		{ 0x111d, "IDT" }, { 0x11c1, "LSI" },
		{ 0x11d4, "Analog Devices" }, { 0x13f6, "C-Media" },
		{ 0x14f1, "Conexant" }, { 0x17e8, "Chrontel" },
		{ 0x1854, "LG" }, { 0x1af4, "QEMU" }, { 0x434d, "C-Media" },
		{ 0x8086, "Intel" }, { 0x8384, "SigmaTel" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vendors); i++)
		if (vendors[i].id == vendor_id >> 16)
			return vendors[i].name;
	return NULL;
}

/* The header: Linux's core lines, with the vendor's name and chip ID */
static void hwa_proc_core(struct hwa_proc *p)
{
	struct snd_info_buffer *b = p->buf;
	const char *vendor = hwa_vendor_name(p->info.vendor_id);
	u32 nodes, type, mfg = 0, mfg_type = 0;
	unsigned int i, start, n;

	if (vendor)
		snd_iprintf(b, "Codec: %s ID %x\n", vendor,
			    p->info.vendor_id & 0xffff);
	else
		snd_iprintf(b, "Codec: ID %08x\n", p->info.vendor_id);
	snd_iprintf(b, "Address: %u\n", p->codec->addr);
	/* a modem function group: the codec layer looks for audio only */
	nodes = hwa_param(p, 0, HDA_PAR_NODE_COUNT);
	if (nodes != HWA_NO_ANSWER) {
		start = FIELD_GET(HDA_NODE_COUNT_START, nodes);
		n = FIELD_GET(HDA_NODE_COUNT_TOTAL, nodes);
		for (i = start; i < start + n && !mfg; i++) {
			type = hwa_param(p, i, HDA_PAR_FG_TYPE);
			if (type != HWA_NO_ANSWER &&
			    FIELD_GET(HDA_FG_TYPE_MASK, type) == HDA_FG_TYPE_MODEM) {
				mfg = i;
				mfg_type = type;
			}
		}
	}
	snd_iprintf(b, "AFG Function Id: 0x%x (unsol %u)\n",
		    (u32)FIELD_GET(HDA_FG_TYPE_MASK, p->info.afg_type),
		    !!(p->info.afg_type & HDA_FG_UNSOL));
	if (mfg)
		snd_iprintf(b, "MFG Function Id: 0x%x (unsol %u)\n",
			    (u32)FIELD_GET(HDA_FG_TYPE_MASK, mfg_type),
			    !!(mfg_type & HDA_FG_UNSOL));
	snd_iprintf(b, "Vendor Id: 0x%08x\n", p->info.vendor_id);
	snd_iprintf(b, "Subsystem Id: 0x%08x\n",
		    hwa_get(p, p->info.afg, HDA_GET_SUBSYSTEM_ID, 0));
	snd_iprintf(b, "Revision Id: 0x%x\n", p->info.revision_id);
	if (mfg)
		snd_iprintf(b, "Modem Function Group: 0x%x\n", mfg);
	else
		snd_iprintf(b, "No Modem Function Group found\n");
}

static void hwa_proc_pcm(struct hwa_proc *p, u8 nid, u32 pcm)
{
	static const unsigned int rates[] = {
		8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200,
		96000, 176400, 192000, 384000,
	};
	static const unsigned int bits[] = { 8, 16, 20, 24, 32 };
	struct snd_info_buffer *b = p->buf;
	u32 stream = hwa_param(p, nid, HDA_PAR_STREAM);
	unsigned int i;

	if (stream == HWA_NO_ANSWER) {
		snd_iprintf(b, "N/A\n");
		return;
	}
	snd_iprintf(b, "    rates [0x%x]:", (u32)FIELD_GET(HDA_PCM_RATES, pcm));
	for (i = 0; i < ARRAY_SIZE(rates); i++)
		if (pcm & BIT(i))
			snd_iprintf(b, " %u", rates[i]);
	snd_iprintf(b, "\n    bits [0x%x]:", (pcm >> 16) & 0xff);
	for (i = 0; i < ARRAY_SIZE(bits); i++)
		if (pcm & (HDA_PCM_BITS_8 << i))
			snd_iprintf(b, " %u", bits[i]);
	snd_iprintf(b, "\n    formats [0x%x]:", stream & 0xf);
	if (stream & HDA_STREAM_PCM)
		snd_iprintf(b, " PCM");
	if (stream & HDA_STREAM_FLOAT32)
		snd_iprintf(b, " FLOAT");
	if (stream & HDA_STREAM_AC3)
		snd_iprintf(b, " AC3");
	snd_iprintf(b, "\n");
}

static void hwa_proc_amp_caps(struct hwa_proc *p, const char *what, u32 caps)
{
	if (!caps || caps == HWA_NO_ANSWER) {
		snd_iprintf(p->buf, "%s caps: N/A\n", what);
		return;
	}
	snd_iprintf(p->buf, "%s caps: ofs=0x%02x, nsteps=0x%02x, stepsize=0x%02x, mute=%x\n",
		    what, (u32)FIELD_GET(HDA_AMPCAP_OFFSET, caps),
		    (u32)FIELD_GET(HDA_AMPCAP_STEPS, caps),
		    (u32)FIELD_GET(HDA_AMPCAP_STEP_SIZE, caps),
		    !!(caps & HDA_AMPCAP_MUTE));
}

/* stereo, or a mono mixer summing one stereo source */
static bool hwa_proc_stereo_amp(struct hwa_proc *p, bool out, unsigned int n)
{
	struct wdm_hdaudio_widget *src;
	bool stereo;

	if (p->w.caps & HDA_WCAP_STEREO)
		return true;
	if (out || n != 1 || p->w.type != HDA_WID_AUD_MIX || !p->w.nconn)
		return false;
	src = kmalloc(sizeof(*src), GFP_KERNEL);
	if (!src)
		return false;
	stereo = !wdm_hdaudio_codec_widget(p->codec->bus->context,
					   p->w.conn[0], src) &&
		 (src->caps & HDA_WCAP_STEREO);
	kfree(src);
	return stereo;
}

static void hwa_proc_amp_vals(struct hwa_proc *p, bool out, unsigned int n)
{
	u16 get = out ? HDA_AMP_GET_OUT : 0;
	bool stereo = hwa_proc_stereo_amp(p, out, n);
	unsigned int i;

	snd_iprintf(p->buf, "  Amp-%s vals: ", out ? "Out" : "In");
	for (i = 0; i < n; i++) {
		snd_iprintf(p->buf, " [0x%02x",
			    hwa_get_amp(p, p->w.nid, get | HDA_AMP_GET_LEFT | i) & 0xff);
		if (stereo)
			snd_iprintf(p->buf, " 0x%02x",
				    hwa_get_amp(p, p->w.nid, get | i) & 0xff);
		snd_iprintf(p->buf, "]");
	}
	snd_iprintf(p->buf, "\n");
}

static const char *hwa_jack_location(u32 cfg)
{
	static const char *const bases[7] = {
		"N/A", "Rear", "Front", "Left", "Right", "Top", "Bottom",
	};
	u32 loc = FIELD_GET(HDA_CFG_LOCATION, cfg);

	if ((loc & 0xf) < 7)
		return bases[loc & 0xf];
	switch (loc) {
	case 0x07: return "Rear Panel";
	case 0x08: return "Drive Bar";
	case 0x17: return "Riser";
	case 0x18: return "HDMI";
	case 0x19: return "ATAPI";
	case 0x37: return "Mobile-In";
	case 0x38: return "Mobile-Out";
	}
	return "UNKNOWN";
}

static void hwa_proc_pin(struct hwa_proc *p)
{
	static const char *const ports[4] = { "Jack", "N/A", "Fixed", "Both" };
	static const char *const devices[16] = {
		"Line Out", "Speaker", "HP Out", "CD", "SPDIF Out",
		"Digital Out", "Modem Line", "Modem Hand", "Line In", "Aux",
		"Mic", "Telephony", "SPDIF In", "Digital In", "Reserved",
		"Other",
	};
	static const char *const places[4] = { "Ext", "Int", "Sep", "Oth" };
	static const char *const conns[16] = {
		"Unknown", "1/8", "1/4", "ATAPI", "RCA", "Optical", "Digital",
		"Analog", "DIN", "XLR", "RJ11", "Comb", NULL, NULL, NULL,
		"Other",
	};
	static const char *const colors[16] = {
		"Unknown", "Black", "Grey", "Blue", "Green", "Red", "Orange",
		"Yellow", "Purple", "Pink", NULL, NULL, NULL, NULL, "White",
		"Other",
	};
	static const char *const vrefs[8] = {
		[HDA_PINCTL_VREF_HIZ] = "HIZ", [HDA_PINCTL_VREF_50] = "50",
		[HDA_PINCTL_VREF_GRD] = "GRD", [HDA_PINCTL_VREF_80] = "80",
		[HDA_PINCTL_VREF_100] = "100",
	};
	struct snd_info_buffer *b = p->buf;
	u32 caps = p->w.pincap, cfg = p->w.config, vref, v;
	unsigned int i;

	snd_iprintf(b, "  Pincap 0x%08x:", caps);
	if (caps & HDA_PINCAP_IN)
		snd_iprintf(b, " IN");
	if (caps & HDA_PINCAP_OUT)
		snd_iprintf(b, " OUT");
	if (caps & HDA_PINCAP_HP_DRV)
		snd_iprintf(b, " HP");
	if (caps & HDA_PINCAP_EAPD)
		snd_iprintf(b, " EAPD");
	if (caps & HDA_PINCAP_PRES_DETECT)
		snd_iprintf(b, " Detect");
	if (caps & HDA_PINCAP_BALANCED)
		snd_iprintf(b, " Balanced");
	if (caps & HDA_PINCAP_HDMI) {
		/* Realtek's codecs use the bit for left/right swap */
		if (p->info.vendor_id >> 16 == 0x10ec)
			snd_iprintf(b, " R/L");
		else
			snd_iprintf(b, "%s HDMI",
				    (caps & HDA_PINCAP_HBR) ? " HBR" : "");
	}
	if (caps & HDA_PINCAP_DP)
		snd_iprintf(b, " DP");
	if (caps & HDA_PINCAP_TRIG_REQ)
		snd_iprintf(b, " Trigger");
	if (caps & HDA_PINCAP_IMP_SENSE)
		snd_iprintf(b, " ImpSense");
	snd_iprintf(b, "\n");
	vref = FIELD_GET(HDA_PINCAP_VREF, caps);
	if (vref) {
		snd_iprintf(b, "    Vref caps:");
		for (i = 0; i < ARRAY_SIZE(vrefs); i++)
			if (vrefs[i] && (vref & BIT(i)))
				snd_iprintf(b, " %s", vrefs[i]);
		snd_iprintf(b, "\n");
	}
	if (caps & HDA_PINCAP_EAPD) {
		v = hwa_get(p, p->w.nid, HDA_GET_EAPD_BTL, 0);
		snd_iprintf(b, "  EAPD 0x%x:%s%s%s\n", v,
			    (v & BIT(0)) ? " BALANCED" : "",
			    (v & BIT(1)) ? " EAPD" : "",
			    (v & BIT(2)) ? " R/L" : "");
	}
	snd_iprintf(b, "  Pin Default 0x%08x: [%s] %s at %s %s\n", cfg,
		    ports[FIELD_GET(HDA_CFG_PORT_CONN, cfg)],
		    devices[FIELD_GET(HDA_CFG_DEVICE, cfg)],
		    places[FIELD_GET(HDA_CFG_LOCATION, cfg) >> 4],
		    hwa_jack_location(cfg));
	snd_iprintf(b, "    Conn = %s, Color = %s\n",
		    conns[FIELD_GET(HDA_CFG_CONN_TYPE, cfg)] ?: "UNKNOWN",
		    colors[FIELD_GET(HDA_CFG_COLOR, cfg)] ?: "UNKNOWN");
	snd_iprintf(b, "    DefAssociation = 0x%x, Sequence = 0x%x\n",
		    (u32)FIELD_GET(HDA_CFG_ASSOC, cfg),
		    (u32)FIELD_GET(HDA_CFG_SEQUENCE, cfg));
	if (cfg & HDA_CFG_MISC_NO_PRESENCE)
		snd_iprintf(b, "    Misc = NO_PRESENCE\n");

	v = hwa_get(p, p->w.nid, HDA_GET_PIN_CTL, 0);
	snd_iprintf(b, "  Pin-ctls: 0x%02x:%s%s%s", v & 0xff,
		    (v & HDA_PINCTL_IN_EN) ? " IN" : "",
		    (v & HDA_PINCTL_OUT_EN) ? " OUT" : "",
		    (v & HDA_PINCTL_HP_EN) ? " HP" : "");
	if (vref && vrefs[FIELD_GET(HDA_PINCTL_VREF, v)])
		snd_iprintf(b, " VREF_%s", vrefs[FIELD_GET(HDA_PINCTL_VREF, v)]);
	snd_iprintf(b, "\n");
}

static void hwa_proc_converter(struct hwa_proc *p)
{
	struct snd_info_buffer *b = p->buf;
	u32 conv = hwa_get(p, p->w.nid, HDA_GET_CONV, 0), d;

	snd_iprintf(b, "  Converter: stream=%u, channel=%u\n",
		    (u32)FIELD_GET(HDA_CONV_STREAM, conv), conv & 0xf);
	if (p->w.type == HDA_WID_AUD_IN && !(conv & 0xf))
		snd_iprintf(b, "  SDI-Select: %u\n",
			    hwa_get(p, p->w.nid, HDA_GET_SDI_SELECT, 0) & 0xf);
	if (p->w.caps & HDA_WCAP_DIGITAL) {
		static const char *const dig1[8] = {
			" Enabled", " Validity", " ValidityCfg", " Preemphasis",
			" Non-Copyright", " Non-Audio", " Pro", " GenLevel",
		};
		unsigned int i;

		d = hwa_get(p, p->w.nid, HDA_GET_DIGI_CONVERT, 0);
		snd_iprintf(b, "  Digital:");
		for (i = 0; i < ARRAY_SIZE(dig1); i++)
			if (d & BIT(i))
				snd_iprintf(b, "%s", dig1[i]);
		if (d & BIT(23))
			snd_iprintf(b, " KAE");
		snd_iprintf(b, "\n  Digital category: 0x%x\n", (d >> 8) & 0x7f);
		snd_iprintf(b, "  IEC Coding Type: 0x%x\n", (d >> 16) & 0xf);
	}
	if (p->w.caps & HDA_WCAP_FORMAT_OVRD) {
		snd_iprintf(b, "  PCM:\n");
		hwa_proc_pcm(p, p->w.nid, p->w.pcm);
	}
}

static const char *hwa_power_name(u32 state)
{
	static const char *const names[] = { "D0", "D1", "D2", "D3", "D3cold" };

	return state < ARRAY_SIZE(names) ? names[state] : "UNKNOWN";
}

static void hwa_proc_power(struct hwa_proc *p, u8 nid)
{
	static const char *const names[32] = {
		[0] = "D0", [1] = "D1", [2] = "D2", [3] = "D3", [4] = "D3cold",
		[29] = "S3D3cold", [30] = "CLKSTOP", [31] = "EPSS",
	};
	struct snd_info_buffer *b = p->buf;
	u32 sup = hwa_param(p, nid, HDA_PAR_POWER_STATE);
	u32 pwr = hwa_get(p, nid, HDA_GET_POWER_STATE, 0);
	unsigned int i;

	if (sup != HWA_NO_ANSWER) {
		snd_iprintf(b, "  Power states: ");
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i] && (sup & BIT(i)))
				snd_iprintf(b, " %s", names[i]);
		snd_iprintf(b, "\n");
	}
	snd_iprintf(b, "  Power: setting=%s, actual=%s%s%s%s\n",
		    hwa_power_name(FIELD_GET(HDA_PWRST_SETTING, pwr)),
		    hwa_power_name(FIELD_GET(HDA_PWRST_ACTUAL, pwr)),
		    (pwr & HDA_PWRST_ERROR) ? ", Error" : "",
		    (pwr & HDA_PWRST_CLK_STOP_OK) ? ", Clock-stop-OK" : "",
		    (pwr & HDA_PWRST_SETTING_RESET) ? ", Setting-reset" : "");
}

static void hwa_proc_gpio(struct hwa_proc *p)
{
	struct snd_info_buffer *b = p->buf;
	u8 afg = p->info.afg;
	u32 gpio = hwa_param(p, afg, HDA_PAR_GPIO_CAP);
	u32 en, dir, wake, unsol, sticky, data;
	unsigned int i, n;

	if (gpio == HWA_NO_ANSWER)
		gpio = 0;
	n = FIELD_GET(HDA_GPIO_IO_COUNT, gpio);
	snd_iprintf(b, "GPIO: io=%u, o=%u, i=%u, unsolicited=%u, wake=%u\n", n,
		    (u32)FIELD_GET(HDA_GPIO_O_COUNT, gpio),
		    (u32)FIELD_GET(HDA_GPIO_I_COUNT, gpio),
		    !!(gpio & HDA_GPIO_UNSOL), !!(gpio & HDA_GPIO_WAKE));
	if (!n || n > 8)
		return;
	en = hwa_get(p, afg, HDA_GET_GPIO_MASK, 0);
	dir = hwa_get(p, afg, HDA_GET_GPIO_DIR, 0);
	wake = hwa_get(p, afg, HDA_GET_GPIO_WAKE, 0);
	unsol = hwa_get(p, afg, HDA_GET_GPIO_UNSOL, 0);
	sticky = hwa_get(p, afg, HDA_GET_GPIO_STICKY, 0);
	data = hwa_get(p, afg, HDA_GET_GPIO_DATA, 0);
	for (i = 0; i < n; i++) {
		snd_iprintf(b, "  IO[%u]: enable=%u, dir=%u, wake=%u, ", i,
			    !!(en & BIT(i)), !!(dir & BIT(i)), !!(wake & BIT(i)));
		snd_iprintf(b, "sticky=%u, data=%u, unsol=%u\n",
			    !!(sticky & BIT(i)), !!(data & BIT(i)),
			    !!(unsol & BIT(i)));
	}
}

/* the PCM devices and controls this driver made of the node */
static void hwa_proc_ours(struct hwa_proc *p)
{
	struct hwa_codec *codec = p->codec;
	unsigned int i;

	hwa_jack_proc(p->buf, codec, p->w.nid);
	for (i = 0; i < codec->nstreams; i++) {
		struct hwa_stream *s = &codec->streams[i];

		hwa_mixer_proc(p->buf, s, p->w.nid);
		if (s->pcm && s->info[0].converter == p->w.nid)
			snd_iprintf(p->buf,
				    "  Device: name=\"%s\", type=\"Audio\", device=%d\n",
				    s->pcm->name, s->pcm->device);
	}
}

static void hwa_proc_node(struct hwa_proc *p)
{
	static const char *const types[16] = {
		[HDA_WID_AUD_OUT] = "Audio Output",
		[HDA_WID_AUD_IN] = "Audio Input",
		[HDA_WID_AUD_MIX] = "Audio Mixer",
		[HDA_WID_AUD_SEL] = "Audio Selector",
		[HDA_WID_PIN] = "Pin Complex",
		[HDA_WID_POWER] = "Power Widget",
		[HDA_WID_VOL_KNB] = "Volume Knob Widget",
		[HDA_WID_BEEP] = "Beep Generator Widget",
		[HDA_WID_VENDOR] = "Vendor Defined Widget",
	};
	struct snd_info_buffer *b = p->buf;
	struct wdm_hdaudio_widget *w = &p->w;
	u32 caps = w->caps, v;
	unsigned int chans, i;
	int curr = -1;

	snd_iprintf(b, "Node 0x%02x [%s] wcaps 0x%x:", w->nid,
		    types[w->type] ?: "UNKNOWN Widget", caps);
	chans = (FIELD_GET(HDA_WCAP_CHAN_EXT, caps) << 1 |
		 (caps & HDA_WCAP_STEREO)) + 1;
	if (!(caps & HDA_WCAP_STEREO))
		snd_iprintf(b, " Mono");
	else if (chans == 2)
		snd_iprintf(b, " Stereo");
	else
		snd_iprintf(b, " %u-Channels", chans);
	snd_iprintf(b, "%s%s%s%s%s%s\n",
		    (caps & HDA_WCAP_DIGITAL) ? " Digital" : "",
		    (caps & HDA_WCAP_IN_AMP) ? " Amp-In" : "",
		    (caps & HDA_WCAP_OUT_AMP) ? " Amp-Out" : "",
		    (caps & HDA_WCAP_STRIPE) ? " Stripe" : "",
		    (caps & HDA_WCAP_LR_SWAP) ? " R/L" : "",
		    (caps & HDA_WCAP_CP) ? " CP" : "");
	hwa_proc_ours(p);

	if (caps & HDA_WCAP_IN_AMP) {
		hwa_proc_amp_caps(p, "  Amp-In", w->amp_in_cap);
		hwa_proc_amp_vals(p, false,
				  w->type == HDA_WID_PIN ? 1 : w->nconn);
	}
	if (caps & HDA_WCAP_OUT_AMP) {
		hwa_proc_amp_caps(p, "  Amp-Out", w->amp_out_cap);
		hwa_proc_amp_vals(p, true, 1);
	}
	switch (w->type) {
	case HDA_WID_PIN:
		hwa_proc_pin(p);
		break;
	case HDA_WID_VOL_KNB:
		v = hwa_param(p, w->nid, HDA_PAR_VOL_KNB_CAP);
		snd_iprintf(b, "  Volume-Knob: delta=%u, steps=%u, ",
			    !!(v & HDA_VOLKNB_DELTA),
			    (u32)FIELD_GET(HDA_VOLKNB_STEPS, v));
		v = hwa_get(p, w->nid, HDA_GET_VOLUME_KNOB, 0);
		snd_iprintf(b, "direct=%u, val=%u\n", !!(v & BIT(7)), v & 0x7f);
		/* a knob has a connection list whatever its caps say */
		caps |= HDA_WCAP_CONN_LIST;
		break;
	case HDA_WID_AUD_OUT:
	case HDA_WID_AUD_IN:
		hwa_proc_converter(p);
		break;
	}
	if (caps & HDA_WCAP_UNSOL) {
		v = hwa_get(p, w->nid, HDA_GET_UNSOL, 0);
		snd_iprintf(b, "  Unsolicited: tag=%02x, enabled=%u\n",
			    v & 0x3f, !!(v & BIT(7)));
	}
	if (caps & HDA_WCAP_POWER)
		hwa_proc_power(p, w->nid);
	if (caps & HDA_WCAP_DELAY)
		snd_iprintf(b, "  Delay: %u samples\n",
			    (u32)FIELD_GET(HDA_WCAP_DELAY, caps));
	if (caps & HDA_WCAP_CONN_LIST) {
		if (w->nconn > 1 && w->type != HDA_WID_AUD_MIX &&
		    w->type != HDA_WID_VOL_KNB && w->type != HDA_WID_POWER)
			curr = hwa_get(p, w->nid, HDA_GET_CONNECT_SEL, 0) & 0xff;
		snd_iprintf(b, "  Connection: %u\n", w->nconn);
		if (w->nconn) {
			snd_iprintf(b, "    ");
			for (i = 0; i < w->nconn; i++)
				snd_iprintf(b, " 0x%02x%s", w->conn[i],
					    (int)i == curr ? "*" : "");
			snd_iprintf(b, "\n");
		}
	}
	if (caps & HDA_WCAP_PROC) {
		v = hwa_param(p, w->nid, HDA_PAR_PROC_CAP);
		snd_iprintf(b, "  Processing caps: benign=%u, ncoeff=%u\n",
			    !!(v & HDA_PCAP_BENIGN),
			    (u32)FIELD_GET(HDA_PCAP_NUM_COEF, v));
	}
}

static void hwa_proc_read(struct snd_info_entry *entry,
			  struct snd_info_buffer *buf)
{
	struct hwa_codec *codec = entry->private_data;
	struct hwa_proc *p;
	unsigned int i;

	if (!codec->bus)
		return;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return;
	p->codec = codec;
	p->buf = buf;
	if (wdm_hdaudio_get_codec_info(codec->bus->context, &p->info))
		goto out;
	hwa_proc_core(p);
	if (!p->info.afg)
		goto out;
	snd_iprintf(buf, "Default PCM:\n");
	hwa_proc_pcm(p, p->info.afg, p->info.afg_pcm);
	hwa_proc_amp_caps(p, "Default Amp-In", p->info.afg_amp_in_cap);
	hwa_proc_amp_caps(p, "Default Amp-Out", p->info.afg_amp_out_cap);
	snd_iprintf(buf, "State of AFG node 0x%02x:\n", p->info.afg);
	hwa_proc_power(p, p->info.afg);
	hwa_proc_gpio(p);
	for (i = 0; i < p->info.nwidgets; i++) {
		if (wdm_hdaudio_codec_widget(codec->bus->context,
					     p->info.start_nid + i, &p->w))
			break;
		hwa_proc_node(p);
	}
out:
	kfree(p);
}

/**
 * hwa_proc_new() - the codec's /proc/asound/cardN/codec#M
 * @codec: the codec, on its card, before the card is registered again
 *
 * The entry goes with the card (snd_card_disconnect_sync() removes it and
 * waits for its readers before the codec's interface goes).
 *
 * Return: 0 or a negative errno.
 */
int hwa_proc_new(struct hwa_codec *codec)
{
	char name[16];

	snprintf(name, sizeof(name), "codec#%u", codec->addr);
	return snd_card_ro_proc_new(codec->card->card, name, codec,
				    hwa_proc_read);
}
