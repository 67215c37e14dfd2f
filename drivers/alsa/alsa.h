/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snd-hda-wdm-alsa: the ALSA function driver of hda-wdm.
 *
 * It is a client of the HD Audio bus interface (include/wdm/hdaudio.h) and
 * nothing else: every codec the bus offers becomes part of the ALSA card
 * of its controller, every input converter of the codec a capture stream
 * and every output converter a playback stream, with their mixer
 * controls. card.c groups codecs into cards and streams into PCM devices,
 * pcm.c runs the streams on capture and render DMA engines, mixer.c turns
 * the codec's amps and selectors into controls, proc.c describes each
 * codec in /proc/asound/cardN/codec#M.
 */
#ifndef _HDA_WDM_ALSA_H
#define _HDA_WDM_ALSA_H

#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <sound/pcm.h>

#include <wdm/hdaudio.h>

static inline char hwa_dir_char(int dir)
{
	return dir == SNDRV_PCM_STREAM_PLAYBACK ? 'p' : 'c';
}

struct dentry;
struct snd_card;
struct snd_info_buffer;
struct snd_jack;

#define HWA_MAX_SOURCES		8	/* paths per converter */

struct hwa_codec;

/**
 * struct hwa_path - one capture or render path, as the stream uses it
 * @converter: node ID of the converter (ADC or DAC)
 * @pcm: its supported sizes and rates
 * @channels: channels it carries
 * @pin: node ID of the pin
 * @pin_config: the pin's configuration default
 * @amp_node: the amplifier nearest the converter (an input amp on capture
 *	paths, an output amp on render paths), 0 if none
 * @amp_index: its input index (0 for an output amp)
 * @amp_caps: its amplifier capabilities
 * @select_node: capture only: node whose connection select picks the path
 * @select_index: the connection index that picks it
 */
struct hwa_path {
	u8 converter;
	u32 pcm;
	u8 channels;
	u8 pin;
	u32 pin_config;
	u8 amp_node;
	u8 amp_index;
	u32 amp_caps;
	u8 select_node;
	u8 select_index;
};

/**
 * struct hwa_amp - the cached state of one stereo amplifier (input amps of
 * capture streams, output amps of playback streams)
 * @node: widget node ID, 0 when the path has no input amp
 * @index: the amp's input index on @node
 * @caps: amplifier capabilities
 * @source: the first source whose path goes through it (names it)
 * @owner: an earlier stream of the codec whose paths go through the same
 *	amp (a mixer before two converters' selectors), or NULL: that
 *	stream's controls and cached values are the amp's; this one has none
 * @owner_amp: the amp's index in @owner's amps
 * @gain: gain step, left and right
 * @mute: muted, left and right
 * @tlv: its dB scale for the volume control
 */
struct hwa_amp {
	u8 node;
	u8 index;
	u32 caps;
	unsigned int source;
	struct hwa_stream *owner;
	unsigned int owner_amp;
	u8 gain[2];
	bool mute[2];
	unsigned int tlv[4];
};

/**
 * struct hwa_stream - one converter: a PCM substream and its controls
 * @codec: the codec it belongs to
 * @dir: SNDRV_PCM_STREAM_CAPTURE (an input converter) or
 *       SNDRV_PCM_STREAM_PLAYBACK (an output converter)
 * @device: ALSA PCM device number
 * @pcm: the PCM (shared with @other, if any)
 * @other: the codec's stream of the other direction on the same PCM
 *         device, or NULL
 * @npaths: paths of the converter: a capture stream's sources (one at a
 *          time), a playback stream's pins (all at once)
 * @paths: their indices in the bus's capture or render path list
 * @info: their descriptions
 * @source: capture: the selected source (index in @paths)
 * @namps: distinct amps in @amps
 * @amps: the amps nearest the converter on the paths
 * @lock: @source and @amps, and sending them to the codec
 * @rates: the converter's rates, for the rate constraint
 * @substream: the open substream, NULL when closed
 * @engine: the DMA engine while hw_params holds one
 * @converter_format: the engine's converter format
 * @stream_id: the engine's stream tag
 * @fifo_size: the engine's FIFO size in bytes
 * @lpib: the engine's link position in buffer register
 * @posbuf: the engine's entry in the DMA position buffer, NULL if the bus
 *          has none (see hwa_posbuf_check())
 * @posbuf_live: @posbuf agreed with @lpib at a period interrupt since the
 *               stream started: hwa_pointer() reads it instead of @lpib;
 *               under the substream's lock
 * @posbuf_bad: @posbuf disagreed with @lpib once: never read again
 * @posbuf_reads: positions hwa_pointer() took from @posbuf
 * @periods: BCIS interrupts signalled as periods
 * @errors: FIFO and descriptor errors turned into xruns
 * @seen: when the position was last read while running (0: not running);
 *        under the substream's lock
 * @lap_ns: how long without a position read proves that the engine has
 *          written over the whole buffer (see hwa_pointer())
 * @laps: such gaps, and laps the ISR found (@lapped), turned into xruns
 * @lapped: the ISR found that the ring went round before its period's
 *          interrupt; the next pointer call reports the overrun
 * @pos_lock: @period_start, @deferred_until and the last look
 *            (@last_time, @last_pos, @last_into), between the ISR,
 *            @period_timer and the trigger
 * @period_bytes: the period's size in bytes (0: not prepared)
 * @period_start: where the period the next BCIS completes begins, in bytes
 * @deferred_until: a deferred period is signalled by then, landed or not
 * @last_time: when the ISR or @period_timer last looked at the position,
 *              or the stream started
 * @last_pos: the position then
 * @last_into: how far it was then past @period_start, in bytes; negative
 *             where a lagging position was left behind (hwa_period_check())
 * @period_timer: looks again at a period whose BCIS came early
 * @early: BCIS interrupts that came before their period had landed
 * @irq_pos: the position hwa_period_check() read, for hwa_pointer() while
 *           @irq_pos_valid (both under the substream's lock: hwa_period())
 * @irq_pos_valid: see @irq_pos
 */
struct hwa_stream {
	struct hwa_codec *codec;
	int dir;
	int device;
	struct snd_pcm *pcm;
	struct hwa_stream *other;
	unsigned int npaths;
	unsigned int paths[HWA_MAX_SOURCES];
	struct hwa_path info[HWA_MAX_SOURCES];
	unsigned int source;
	unsigned int namps;
	struct hwa_amp amps[HWA_MAX_SOURCES];
	struct mutex lock;	/* see above */
	struct snd_pcm_hw_constraint_list rates;

	struct snd_pcm_substream *substream;
	struct wdm_hdaudio_engine *engine;
	u16 converter_format;
	u8 stream_id;
	u32 fifo_size;
	const u32 __iomem *lpib;
	const __le32 *posbuf;
	bool posbuf_live;
	bool posbuf_bad;
	atomic_long_t posbuf_reads;
	atomic_long_t periods;
	atomic_long_t errors;
	ktime_t seen;
	u64 lap_ns;
	atomic_long_t laps;
	atomic_t lapped;
	spinlock_t pos_lock;	/* see above */
	u32 period_bytes;
	u32 period_start;
	ktime_t deferred_until;
	ktime_t last_time;
	u32 last_pos;
	s32 last_into;
	struct hrtimer period_timer;
	atomic_long_t early;
	u32 irq_pos;
	bool irq_pos_valid;
};

/**
 * struct hwa_card - the ALSA card of one controller
 * @dev: the controller
 * @card: the card
 * @codecs: struct hwa_codec of its codecs
 * @lock: @codecs, for readers other than probe and remove (debugfs)
 * @next_device: next free PCM device number
 * @gone: a codec has been removed; the card is disconnected
 * @debugfs: its debugfs directory
 * @node: in the list of cards
 * @slot: its entry of the index=, id= and pci= parameters (SNDRV_CARDS:
 *        none)
 */
struct hwa_card {
	struct device *dev;
	struct snd_card *card;
	struct list_head codecs;
	struct mutex lock;	/* see above */
	int next_device;
	bool gone;
	struct dentry *debugfs;
	struct list_head node;
	unsigned int slot;
};

/**
 * struct hwa_jack - a pin that detects presence, and its ALSA jack
 * @nid: the pin's node ID
 * @config: its configuration default
 * @trigger: it needs SET_PIN_SENSE before a read (pin caps' trigger bit)
 * @jack: the core's jack, the card's
 * @name: its control's name, "<label> Jack"
 * @index: its control's index
 * @known: @present has been read
 * @present: what the pin sensed last
 */
struct hwa_jack {
	u8 nid;
	u32 config;
	bool trigger;
	struct snd_jack *jack;
	char name[44];
	unsigned int index;
	bool known;
	bool present;
};

/**
 * struct hwa_codec - one codec offered by the bus
 * @card: the card of its controller
 * @bus: its bus interface
 * @addr: its codec address
 * @vendor_id: vendor and device ID
 * @nstreams: entries in @streams
 * @streams: one per input converter with a capture path and one per
 *	output converter with a render path
 * @njacks: entries in @jacks
 * @jacks: its pins that detect presence (jack.c)
 * @jack_lock: @jacks' state, between probe and @jack_work
 * @jack_work: reads the pins' sense after an unsolicited response
 * @jack_tag: its tag of RegisterEventCallback
 * @jack_init: @jack_lock and @jack_work are initialized
 * @jack_events_on: @jack_tag is registered and the pins enabled
 * @jack_unsol: unsolicited responses its jacks' tag received (debugfs)
 * @jack_reports: jack states reported, probe's included (debugfs)
 * @nspk: entries in @spk, 0 when the codec has no automute
 * @spk: its speaker pins, which automute switches (automute.c)
 * @automute: the "Auto-Mute Mode" control is Enabled (under @jack_lock)
 * @spk_known: @spk_off is what the pins were last set to
 * @spk_off: the speakers are off (under @jack_lock)
 * @automutes: the speakers switched, probe's setting included (debugfs)
 * @suspends: system suspends it went through (debugfs)
 * @resumes: system resumes it went through (debugfs)
 * @node: in the card's list
 */
struct hwa_codec {
	struct hwa_card *card;
	const struct wdm_hdaudio_bus_interface *bus;
	u8 addr;
	u32 vendor_id;
	unsigned int nstreams;
	struct hwa_stream *streams;
	unsigned int njacks;
	struct hwa_jack *jacks;
	struct mutex jack_lock;	/* see above */
	struct work_struct jack_work;
	u8 jack_tag;
	bool jack_init;
	bool jack_events_on;
	atomic_long_t jack_unsol;
	atomic_long_t jack_reports;
	unsigned int nspk;
	u8 spk[8];
	bool automute;
	bool spk_known;
	bool spk_off;
	atomic_long_t automutes;
	atomic_long_t suspends;
	atomic_long_t resumes;
	struct list_head node;
};

int hwa_verbs(struct hwa_codec *codec, unsigned int count, const u32 *verbs,
	      u32 *responses);

int hwa_pcm_new(struct hwa_stream *play, struct hwa_stream *cap);
int hwa_mixer_new(struct hwa_stream *s);
int hwa_mixer_apply(struct hwa_stream *s);
void hwa_mixer_proc(struct snd_info_buffer *buf, struct hwa_stream *s, u8 nid);
const char *hwa_pin_name(u32 pin_config, int dir);
int hwa_setup(struct hwa_stream *s, u8 stream_id, u16 converter_format)
	__must_hold(&s->lock);
int hwa_proc_new(struct hwa_codec *codec);
int hwa_jack_new(struct hwa_codec *codec);
void hwa_jack_stop(struct hwa_codec *codec);
void hwa_jack_suspend(struct hwa_codec *codec);
void hwa_jack_resume(struct hwa_codec *codec);
void hwa_jack_proc(struct snd_info_buffer *buf, struct hwa_codec *codec,
		   u8 nid);
bool hwa_pin_is_speaker(u32 config);
int hwa_automute_new(struct hwa_codec *codec);
int hwa_automute_update(struct hwa_codec *codec);
void hwa_automute_stop(struct hwa_codec *codec);

#ifdef CONFIG_DEBUG_FS
void hwa_debugfs_init(void);
void hwa_debugfs_exit(void);
void hwa_debugfs_card(struct hwa_card *hc);
void hwa_debugfs_card_remove(struct hwa_card *hc);
#else
static inline void hwa_debugfs_init(void) {}
static inline void hwa_debugfs_exit(void) {}
static inline void hwa_debugfs_card(struct hwa_card *hc) {}
static inline void hwa_debugfs_card_remove(struct hwa_card *hc) {}
#endif

#endif /* _HDA_WDM_ALSA_H */
