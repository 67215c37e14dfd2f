// SPDX-License-Identifier: GPL-2.0-only
/*
 * snd-hda-wdm-alsa: capture and playback PCMs on HD Audio DMA engines.
 *
 * Both directions run the same code; what differs is the engine
 * (AllocateCaptureDmaEngine on the codec's SDI line, AllocateRenderDmaEngine
 * on SDO) and the codec's path setup (the capture path of the selected
 * source, or every render path of the output converter: each of its pins
 * plays).
 *
 * A stream holds a DMA engine from hw_params to hw_free (the allocation
 * reserves FIFO and link bandwidth for the format), with a contiguous
 * buffer (AllocateContiguousDmaBuffer) cut into
 * one BDL entry per period, each with IOC set unless the application asked
 * for no period wakeups (SetupDmaEngineWithBdl). The engine's ISR turns
 * BCIS into snd_pcm_period_elapsed() and FIFOE/DESE into an xrun.
 *
 * The pointer is the link position in buffer (GetLinkPositionRegister), the
 * one position the Windows interface offers: read at any time, it is exact
 * between interrupts as well as at them. The same position in the DMA
 * position buffer (hda-wdm's own wdm_hdaudio_get_position_buffer()) costs
 * no register read, and stands in for it once a period interrupt has found
 * the two in agreement (hwa_posbuf_check()). On capture the position counts
 * bytes taken off the link, which on hardware may still sit in the engine's
 * FIFO on their way to memory; on playback bytes fetched from memory, which
 * may still sit in the FIFO on their way to the link. Either way that FIFO
 * is reported as the stream's delay. A position wraps at the buffer's end
 * and says nothing of how often it wrapped: when no position was read for
 * longer than the buffer lasts (interrupts held off, a stalled virtual
 * machine), the engine has written over data not yet read (capture) or
 * played data not yet written (playback), and the pointer reports an xrun
 * instead of a position that would hide the loss. In the interrupt the
 * update ALSA makes for a period takes the position the period check has
 * just read (hwa_period()): one register read on the way to the reader's
 * wakeup instead of two.
 *
 * A period is signalled only once the position has passed its end: some
 * controllers raise BCIS a little before the last bytes of the buffer entry
 * are in memory, and a period signalled then would let the application
 * wait one period too long or, with a pointer that trusted the interrupt,
 * read bytes that have not landed (hwa_period_check()).
 *
 * Engine states follow the interface's rules: Reset <-> Stop <-> Run.
 * prepare puts the engine in Reset (position 0), start goes through Stop
 * to Run, stop and pause go back to Stop.
 *
 * System sleep: the ALSA core suspends a running stream (trigger SUSPEND,
 * which stops the engine like STOP) and every prepared one goes to
 * SUSPENDED. SNDRV_PCM_INFO_RESUME is not offered: after the link reset
 * the engine's position starts at 0 and the codec's converter restarts,
 * so there is nothing to continue from; the application gets -ESTRPIPE,
 * its snd_pcm_resume() fails with -ENOSYS and it prepares again (alsa-lib
 * and the alsa-utils do so), as with snd-hda-intel. The engine, its buffer
 * and the codec's settings are kept across the sleep (the bus restores
 * them), so that prepare and start work at once.
 */

#include <linux/bitfield.h>
#include <linux/hrtimer.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <sound/core.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>

#include <wdm/hda_verbs.h>

#include "alsa.h"
#include "trace.h"

#define HWA_MIN_PERIOD_FRAMES	64

/*
 * Beyond the buffer's duration, how long a gap between position reads
 * must be to prove a lap: covers engines that move in bursts (the emulated
 * controller delivers up to 10 ms at once) and clock differences, so that
 * a lap is never reported that did not happen.
 */
#define HWA_LAP_SLACK_NS	(20 * NSEC_PER_MSEC)

/* the rates of the PCM parameter's bits 0..10 (bit 11, 384 kHz, has no
 * converter format encoding)
 */
static const unsigned int hwa_rates[] = {
	8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000,
	176400, 192000,
};

/*
 * The stream of a substream: the PCM's private data is one of the two
 * streams that share its device number (the ALSA core copies that into
 * each substream at open, so the substreams cannot carry their own).
 */
static struct hwa_stream *hwa_chip(struct snd_pcm_substream *ss)
{
	struct hwa_stream *s = snd_pcm_substream_chip(ss);

	return s->dir == ss->stream ? s : s->other;
}

static struct device *hwa_dev(struct hwa_stream *s)
{
	return s->codec->card->dev;
}

/**
 * hwa_setup() - program the stream's paths in the codec, or release them
 * @s: the stream, its lock held
 * @stream_id: the engine's stream tag; 0 detaches the converter
 * @converter_format: the engine's converter format
 *
 * Capture programs the selected source's path; playback every path of the
 * converter, so that each of its pins plays.
 *
 * Return: 0 or the first path setup's error.
 */
int hwa_setup(struct hwa_stream *s, u8 stream_id, u16 converter_format)
	__must_hold(&s->lock)
{
	void *ctx = s->codec->bus->context;
	unsigned int i;
	int ret;

	lockdep_assert_held(&s->lock);
	if (s->dir == SNDRV_PCM_STREAM_CAPTURE)
		return wdm_hdaudio_codec_capture_setup(ctx, s->paths[s->source],
						       stream_id,
						       converter_format);
	for (i = 0; i < s->npaths; i++) {
		ret = wdm_hdaudio_codec_render_setup(ctx, s->paths[i], stream_id,
						     converter_format);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Move the engine to @state through Stop: the interface goes Reset <-> Stop
 * <-> Run only, and Stop to Stop is no change.
 */
static int hwa_engine_state(struct hwa_stream *s,
			    enum wdm_hdaudio_stream_state state)
{
	const struct wdm_hdaudio_bus_interface *bus = s->codec->bus;
	int ret;

	ret = bus->set_dma_engine_state(bus->context, WDM_HDA_STATE_STOP, 1,
					&s->engine);
	if (ret || state == WDM_HDA_STATE_STOP)
		return ret;
	return bus->set_dma_engine_state(bus->context, state, 1, &s->engine);
}

/*
 * How long after an early BCIS to look at the position again, beyond the
 * time the missing bytes take at the stream's rate: the emulated
 * controller moves its data in steps of a millisecond or more.
 */
#define HWA_EARLY_RECHECK_NS	(500 * NSEC_PER_USEC)

/*
 * How far beyond the FIFO's size the DMA position buffer may be from LPIB
 * read in the same interrupt (a controller writes the buffer after it
 * moved the data; at most half a period in any case)
 */
#define HWA_POSBUF_SLACK	64

/* A position read from the engine, within the ring: LPIB wraps to 0 at CBL. */
static u32 hwa_ring_pos(struct snd_pcm_runtime *rt, u32 pos)
{
	return pos < rt->dma_bytes ? pos : 0;
}

/* Bytes the engine moved from the last look to @pos, modulo the ring. */
static u32 hwa_moved(const struct hwa_stream *s, struct snd_pcm_runtime *rt,
		     u32 pos)
{
	return (pos + rt->dma_bytes - s->last_pos) % rt->dma_bytes;
}

/* how long @bytes of the stream take at its rate */
static u64 hwa_bytes_ns(struct snd_pcm_runtime *rt, u32 bytes)
{
	return div_u64((u64)bytes_to_frames(rt, bytes) * NSEC_PER_SEC, rt->rate);
}

/* how many bytes of the stream its rate moves in @ns (at most 10 s) */
static u64 hwa_ns_bytes(struct snd_pcm_runtime *rt, s64 ns)
{
	ns = clamp_t(s64, ns, 0, 10 * NSEC_PER_SEC);
	return frames_to_bytes(rt, div_u64((u64)ns * rt->rate, NSEC_PER_SEC));
}

/*
 * hwa_lapped() - whether the ring went round since the last look
 *
 * Since the last look at the position (@last_time, @last_pos; a start or
 * a release is one) the engine moved @moved bytes, modulo the ring; the
 * clock says how far it should have moved. The engine really moved @moved
 * plus some whole number of rings: the number that comes nearest the
 * clock is taken, so the clock must say more than half a ring beyond
 * @moved for a lap. On hardware the position follows the clock to within
 * the FIFO, and a lap (an interrupt held off for longer than the ring
 * lasts, an SMI) leaves the two a whole number of rings apart. A position
 * that falls behind the clock without a lap (on the emulated PC, a codec
 * with nothing to deliver after a stall, or a playback that waits) is not
 * taken for one while it stays within half a ring. Called with @pos_lock
 * held.
 */
static bool hwa_lapped(struct hwa_stream *s, struct snd_pcm_runtime *rt,
		       u32 moved, ktime_t now)
{
	return hwa_ns_bytes(rt, ktime_to_ns(ktime_sub(now, s->last_time))) >
	       moved + rt->dma_bytes / 2;
}

/*
 * hwa_posbuf_check() - whether the DMA position buffer can stand in for LPIB
 *
 * A position read from SDnLPIB is a register read, which costs a bus
 * round trip on hardware and an exit to the device model in a virtual
 * machine; the controller also writes the same position into the DMA
 * position buffer in memory (hda-wdm's bus offers it,
 * wdm_hdaudio_get_position_buffer()). snd-hda-intel reads that buffer
 * where it works. Here each period interrupt, which reads LPIB anyway,
 * compares the two: once they agree (a nonzero position, so that an
 * entry the controller never writes cannot pass), hwa_pointer() reads
 * the buffer; if they ever disagree by more than the FIFO's worth (the
 * buffer lags or is never written, as on some controllers), the stream
 * reads LPIB for good and says so. The entry is not cleared by a stream
 * reset, so each start checks again before trusting it. @lpib is already
 * within the ring (the buffer's end read as 0); the entry may hold the
 * buffer's end too, which the distance modulo the ring takes as 0.
 *
 * Context: hard interrupt, under the substream's lock.
 */
static void hwa_posbuf_check(struct hwa_stream *s, struct snd_pcm_runtime *rt,
			     u32 lpib)
{
	u32 pb, d, slack;

	if (!s->posbuf || s->posbuf_bad)
		return;
	pb = le32_to_cpu(READ_ONCE(*s->posbuf));
	slack = min(s->fifo_size + HWA_POSBUF_SLACK, READ_ONCE(s->period_bytes) / 2);
	if (pb <= rt->dma_bytes) {
		d = (lpib + rt->dma_bytes - pb) % rt->dma_bytes;
		if (min(d, rt->dma_bytes - d) <= slack) {
			if (lpib)
				WRITE_ONCE(s->posbuf_live, true);
			return;
		}
	}
	WRITE_ONCE(s->posbuf_live, false);
	WRITE_ONCE(s->posbuf_bad, true);
	dev_warn(hwa_dev(s), "pcmC%dD%d%c: the DMA position buffer says %u, the link position register %u: reading the register from now on\n",
		 s->codec->card->card->number, s->device, hwa_dir_char(s->dir),
		 pb, lpib);
}

/* The engine's position: the buffer once it has proven itself, else LPIB. */
static u32 hwa_position(struct hwa_stream *s)
{
	if (s->posbuf_live) {
		atomic_long_inc(&s->posbuf_reads);
		return le32_to_cpu(READ_ONCE(*s->posbuf));
	}
	return readl(s->lpib);
}

/*
 * hwa_period_check() - whether the period a BCIS announced has landed
 *
 * The Intel HD Audio specification (1.0a, section 3.3, SDnSTS.BCIS, and the
 * buffer descriptor's IOC bit, section 3.6) sets BCIS when the entry has
 * been processed, and SDnLPIB counts the bytes the engine has moved. Not
 * every controller keeps to it: some raise the interrupt while the last
 * bytes of the entry are still on their way, so the position read in the
 * interrupt is short of the entry's end. Here the position decides: the
 * periods it has passed since @period_start are signalled; if it has
 * passed none, the interrupt was early and @period_timer looks again once
 * the missing bytes have had time to arrive. A period is signalled
 * regardless after one period's time, so that a controller whose position
 * lags for good still moves the stream on (the pointer then reports the
 * position as it is, never ahead of it).
 *
 * How far the position is into the period is counted from the last look
 * (@last_into, @last_pos), not from @period_start modulo the ring: an
 * engine that moves its data in bursts (the emulated one after a stall)
 * can pass the whole rest of the ring between two looks and stop right at
 * @period_start or a little before it, which modulo the ring would look
 * like no progress at all.
 *
 * The engine may also have gone round the ring since the last look
 * (hwa_lapped()): then the period is signalled and the pointer reports
 * the overrun (@lapped). ALSA's own test for a lap in the interrupt, the
 * jiffies since its last position update, does not see one that came
 * within a jiffy or two of an application's read: the lap would be lost
 * without an xrun.
 *
 * Returns true when a period is to be signalled. Context: hard interrupt
 * or the timer's callback.
 */
static bool hwa_period_check(struct hwa_stream *s,
			     struct snd_pcm_runtime *rt, bool irq)
{
	u32 period = READ_ONCE(s->period_bytes);
	bool signal = true, lap;
	unsigned long flags;
	u32 pos, moved, n;
	u64 wait_ns;
	ktime_t now;
	s64 into;

	if (!period || !rt->dma_bytes)
		return true;
	pos = hwa_ring_pos(rt, readl(s->lpib));
	if (irq)
		hwa_posbuf_check(s, rt, pos);
	spin_lock_irqsave(&s->pos_lock, flags);
	now = ktime_get();
	moved = hwa_moved(s, rt, pos);
	/* bytes past the start of the period the interrupt is for */
	into = s->last_into + moved;
	/* the ring went round, by the clock since the last look */
	lap = irq && hwa_lapped(s, rt, moved, now);
	if (lap) {
		/* the pointer reports the overrun */
		atomic_set(&s->lapped, 1);
		s->period_start = rounddown(pos, period);
		into = pos - s->period_start;
		s->deferred_until = 0;
	} else if (into >= period) {
		n = rounddown((u32)into, period);
		s->period_start = (s->period_start + n) % rt->dma_bytes;
		into -= n;
		s->deferred_until = 0;
	} else if (irq ? s->deferred_until != 0 : s->deferred_until == 0) {
		/* a look is due already, or no longer needed */
		signal = false;
	} else if (irq || ktime_before(now, s->deferred_until)) {
		if (irq) {
			atomic_long_inc(&s->early);
			s->deferred_until = ktime_add_ns(now,
							 hwa_bytes_ns(rt, period));
		}
		wait_ns = hwa_bytes_ns(rt, (u32)(period - into)) + HWA_EARLY_RECHECK_NS;
		hrtimer_start(&s->period_timer, ns_to_ktime(wait_ns),
			      HRTIMER_MODE_REL);
		signal = false;
	} else {
		/*
		 * the position lags for good: go on with the next period
		 * (one that stopped lags at most a ring behind)
		 */
		s->period_start = (s->period_start + period) % rt->dma_bytes;
		into = max_t(s64, into - period, -(s64)rt->dma_bytes);
		s->deferred_until = 0;
	}
	s->last_pos = pos;
	s->last_into = into;
	s->last_time = now;
	if (signal) {
		s->irq_pos = pos;
		s->irq_pos_valid = true;
		trace_hda_wdm_pcm_period(s->codec->card->card->number,
					 s->device, s->stream_id, pos,
					 s->period_start, rt->dma_bytes);
	}
	spin_unlock_irqrestore(&s->pos_lock, flags);
	return signal;
}

/*
 * hwa_period() - signal the period a BCIS (or the timer) is for, if it has
 * landed
 *
 * Under the substream's lock, so that the position the check read is the
 * one ALSA's update takes from hwa_pointer() (@irq_pos): no other pointer
 * call can come between them, and the interrupt's path to the reader's
 * wakeup reads LPIB once, not twice. Every pointer call holds that lock, and
 * the hrtimer is only ever cancelled without it (prepare, release) or
 * with hrtimer_try_to_cancel() (trigger).
 */
static void hwa_period(struct hwa_stream *s, struct snd_pcm_substream *ss,
		       bool irq)
{
	unsigned long flags;

	snd_pcm_stream_lock_irqsave(ss, flags);
	if (hwa_period_check(s, ss->runtime, irq)) {
		atomic_long_inc(&s->periods);
		snd_pcm_period_elapsed_under_stream_lock(ss);
	}
	s->irq_pos_valid = false;
	snd_pcm_stream_unlock_irqrestore(ss, flags);
}

static enum hrtimer_restart hwa_period_timer(struct hrtimer *t)
{
	struct hwa_stream *s = container_of(t, struct hwa_stream, period_timer);
	struct snd_pcm_substream *ss = READ_ONCE(s->substream);

	if (ss)
		hwa_period(s, ss, false);
	return HRTIMER_NORESTART;
}

static void hwa_period_init(struct hwa_stream *s)
{
	spin_lock_init(&s->pos_lock);
#ifdef HWA_HRTIMER_SETUP
	hrtimer_setup(&s->period_timer, hwa_period_timer, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL);
#else
	hrtimer_init(&s->period_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	s->period_timer.function = hwa_period_timer;
#endif
}

static void hwa_isr(void *context, u32 bits)
{
	struct hwa_stream *s = context;
	struct snd_pcm_substream *ss = READ_ONCE(s->substream);

	if (!ss)
		return;
	if (bits & (WDM_HDA_ISR_FIFOE | WDM_HDA_ISR_DESE)) {
		dev_err_ratelimited(hwa_dev(s), "pcmC%dD%d%c:%s%s, stopping\n",
				    s->codec->card->card->number, s->device,
				    hwa_dir_char(s->dir),
				    (bits & WDM_HDA_ISR_FIFOE) ? " FIFO error" : "",
				    (bits & WDM_HDA_ISR_DESE) ? " descriptor error" : "");
		atomic_long_inc(&s->errors);
		snd_pcm_stop_xrun(ss);
		return;
	}
	if (bits & WDM_HDA_ISR_BCIS)
		hwa_period(s, ss, true);
}

static int hwa_open(struct snd_pcm_substream *ss)
{
	struct hwa_stream *s = hwa_chip(ss);
	const struct hwa_path *p = &s->info[0];
	struct snd_pcm_runtime *rt = ss->runtime;
	struct snd_pcm_hardware *hw = &rt->hw;
	struct snd_pcm_hw_constraint_list *rates = &s->rates;
	unsigned int maxbps = 0;
	u32 pcm = p->pcm;
	int ret;

	if (!s->codec->bus)
		return -ENODEV;

	hw->info = SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID |
		   SNDRV_PCM_INFO_INTERLEAVED | SNDRV_PCM_INFO_BLOCK_TRANSFER |
		   SNDRV_PCM_INFO_PAUSE | SNDRV_PCM_INFO_NO_PERIOD_WAKEUP;
	if (pcm & HDA_PCM_BITS_8)
		hw->formats |= SNDRV_PCM_FMTBIT_U8;
	if (pcm & HDA_PCM_BITS_16)
		hw->formats |= SNDRV_PCM_FMTBIT_S16_LE;
	/* 20, 24 and 32 valid bits all travel in a 32-bit container */
	if (pcm & HDA_PCM_BITS_32)
		maxbps = 32;
	else if (pcm & HDA_PCM_BITS_24)
		maxbps = 24;
	else if (pcm & HDA_PCM_BITS_20)
		maxbps = 20;
	if (maxbps)
		hw->formats |= SNDRV_PCM_FMTBIT_S32_LE;
	if (!hw->formats) {
		dev_err(hwa_dev(s), "converter %#x reports no PCM sizes (%#x)\n",
			p->converter, pcm);
		return -ENODEV;
	}
	hw->channels_min = min_t(unsigned int, p->channels, 2);
	hw->channels_max = p->channels;
	hw->buffer_bytes_max = WDM_HDA_MAX_BUFFER;
	hw->period_bytes_min = WDM_HDA_BDL_ALIGN;
	hw->period_bytes_max = WDM_HDA_MAX_BUFFER / 2;
	hw->periods_min = 2;
	hw->periods_max = WDM_HDA_BDL_MAX_ENTRIES;

	rates->mask = FIELD_GET(HDA_PCM_RATES, pcm) &
		      GENMASK(ARRAY_SIZE(hwa_rates) - 1, 0);
	rates->count = fls(rates->mask);
	rates->list = hwa_rates;
	if (!rates->mask) {
		dev_err(hwa_dev(s), "converter %#x reports no rates (%#x)\n",
			p->converter, pcm);
		return -ENODEV;
	}
	hw->rates = SNDRV_PCM_RATE_KNOT;
	hw->rate_min = hwa_rates[__ffs(rates->mask)];
	hw->rate_max = hwa_rates[rates->count - 1];
	ret = snd_pcm_hw_constraint_list(rt, 0, SNDRV_PCM_HW_PARAM_RATE, rates);
	if (ret < 0)
		return ret;
	/* one BDL entry per period, each 128-byte aligned */
	ret = snd_pcm_hw_constraint_integer(rt, SNDRV_PCM_HW_PARAM_PERIODS);
	if (ret < 0)
		return ret;
	ret = snd_pcm_hw_constraint_step(rt, 0, SNDRV_PCM_HW_PARAM_PERIOD_BYTES,
					 WDM_HDA_BDL_ALIGN);
	if (ret < 0)
		return ret;
	ret = snd_pcm_hw_constraint_step(rt, 0, SNDRV_PCM_HW_PARAM_BUFFER_BYTES,
					 WDM_HDA_BDL_ALIGN);
	if (ret < 0)
		return ret;
	ret = snd_pcm_hw_constraint_minmax(rt, SNDRV_PCM_HW_PARAM_PERIOD_SIZE,
					   HWA_MIN_PERIOD_FRAMES, UINT_MAX);
	if (ret < 0)
		return ret;
	if (maxbps) {
		ret = snd_pcm_hw_constraint_msbits(rt, 0, 32, maxbps);
		if (ret < 0)
			return ret;
	}
	WRITE_ONCE(s->substream, ss);
	return 0;
}

/* hand back whatever hw_params took, in the interface's order */
static void hwa_release(struct hwa_stream *s)
{
	const struct wdm_hdaudio_bus_interface *bus = s->codec->bus;
	int ret;

	/* no look at the position of an engine on its way out */
	WRITE_ONCE(s->period_bytes, 0);
	hrtimer_cancel(&s->period_timer);
	if (!s->engine)
		return;
	if (s->stream_id) {
		ret = hwa_engine_state(s, WDM_HDA_STATE_RESET);
		if (ret)
			dev_warn(hwa_dev(s), "engine did not go to reset: %d\n", ret);
		scoped_guard(mutex, &s->lock)
			ret = hwa_setup(s, 0, 0);
		if (ret)
			dev_dbg(hwa_dev(s), "converter release: %d\n", ret);
		s->stream_id = 0;
	}
	ret = bus->free_contiguous_dma_buffer(bus->context, s->engine);
	if (ret && ret != -EBADFD)
		dev_warn(hwa_dev(s), "cannot free the DMA buffer: %d\n", ret);
	ret = bus->free_dma_engine(bus->context, s->engine);
	if (ret)
		dev_warn(hwa_dev(s), "cannot free the DMA engine: %d\n", ret);
	s->engine = NULL;
	s->lpib = NULL;
	s->posbuf = NULL;
}

static int hwa_hw_params(struct snd_pcm_substream *ss,
			 struct snd_pcm_hw_params *params)
{
	struct hwa_stream *s = hwa_chip(ss);
	const struct wdm_hdaudio_bus_interface *bus = s->codec->bus;
	struct snd_pcm_runtime *rt = ss->runtime;
	struct wdm_hdaudio_stream_format fmt = {};
	unsigned int periods = params_periods(params);
	size_t period = params_period_bytes(params);
	size_t bytes = params_buffer_bytes(params);
	struct wdm_hdaudio_bdl_entry *bdl;
	/* runtime->no_period_wakeup is set only after this callback */
	bool wakeups = !((params->info & SNDRV_PCM_INFO_NO_PERIOD_WAKEUP) &&
			 (params->flags & SNDRV_PCM_HW_PARAMS_NO_PERIOD_WAKEUP));
	dma_addr_t addr;
	unsigned int i;
	void *area;
	int ret;

	hwa_release(s);
	if (period % WDM_HDA_BDL_ALIGN || bytes != period * periods ||
	    periods > WDM_HDA_BDL_MAX_ENTRIES || bytes > WDM_HDA_MAX_BUFFER)
		return -EINVAL;

	fmt.sample_rate = params_rate(params);
	fmt.number_of_channels = params_channels(params);
	fmt.container_size = params_physical_width(params);
	fmt.valid_bits_per_sample = params_width(params);
	if (fmt.container_size == 32 && params->msbits)
		fmt.valid_bits_per_sample = params->msbits;

	if (s->dir == SNDRV_PCM_STREAM_PLAYBACK)
		ret = bus->allocate_render_dma_engine(bus->context, &fmt, false,
						      &s->engine,
						      &s->converter_format);
	else
		ret = bus->allocate_capture_dma_engine(bus->context,
						       s->codec->addr, &fmt,
						       &s->engine,
						       &s->converter_format);
	if (ret) {
		s->engine = NULL;
		dev_dbg(hwa_dev(s), "no %s engine for %u Hz %u/%u bits x%u: %d\n",
			s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "render" : "capture",
			fmt.sample_rate, fmt.valid_bits_per_sample,
			fmt.container_size, fmt.number_of_channels, ret);
		/* no engine, FIFO or link bandwidth left: busy, not broken */
		return ret == -ENOMEM || ret == -ENOBUFS ? -EBUSY : ret;
	}
	ret = bus->allocate_contiguous_dma_buffer(bus->context, s->engine, bytes,
						  &area, &addr, &bdl);
	if (ret)
		goto fail;
	for (i = 0; i < periods; i++) {
		bdl[i].address = cpu_to_le64(addr + i * period);
		bdl[i].length = cpu_to_le32(period);
		bdl[i].flags = cpu_to_le32(wakeups ? WDM_HDA_BDLE_IOC : 0);
	}
	ret = bus->setup_dma_engine_with_bdl(bus->context, s->engine, bytes,
					     periods - 1, hwa_isr, s,
					     &s->stream_id, &s->fifo_size);
	if (ret)
		goto fail;
	ret = bus->get_link_position_register(bus->context, s->engine, &s->lpib);
	if (ret)
		goto fail;
	if (wdm_hdaudio_get_position_buffer(bus->context, s->engine, &s->posbuf))
		s->posbuf = NULL;

	scoped_guard(mutex, &s->lock) {
		ret = hwa_setup(s, s->stream_id, s->converter_format);
		/* the path setup unmutes at 0 dB: put the user's values back */
		if (!ret)
			ret = hwa_mixer_apply(s);
	}
	if (ret) {
		dev_err(hwa_dev(s), "codec %u: %s path setup failed: %d\n",
			s->codec->addr,
			s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "render" : "capture",
			ret);
		goto fail;
	}
	rt->dma_area = area;
	rt->dma_addr = addr;
	rt->dma_bytes = bytes;
	dev_dbg(hwa_dev(s), "pcmC%dD%d%c: %u Hz %u/%u bits x%u, %u x %zu bytes, tag %u, fifo %u\n",
		s->codec->card->card->number, s->device,
		hwa_dir_char(s->dir), fmt.sample_rate,
		fmt.valid_bits_per_sample, fmt.container_size,
		fmt.number_of_channels, periods, period, s->stream_id,
		s->fifo_size);
	return 0;

fail:
	hwa_release(s);
	return ret;
}

static int hwa_hw_free(struct snd_pcm_substream *ss)
{
	struct hwa_stream *s = hwa_chip(ss);

	hwa_release(s);
	ss->runtime->dma_area = NULL;
	ss->runtime->dma_addr = 0;
	ss->runtime->dma_bytes = 0;
	return 0;
}

static int hwa_close(struct snd_pcm_substream *ss)
{
	struct hwa_stream *s = hwa_chip(ss);

	hwa_release(s);
	WRITE_ONCE(s->substream, NULL);
	return 0;
}

static int hwa_prepare(struct snd_pcm_substream *ss)
{
	struct hwa_stream *s = hwa_chip(ss);
	int ret;

	if (!s->engine)
		return -EBADFD;
	/* from Stop (after a stop or an xrun) or Reset: back to position 0 */
	ret = hwa_engine_state(s, WDM_HDA_STATE_RESET);
	if (ret)
		dev_err(hwa_dev(s), "engine reset failed: %d\n", ret);
	ss->runtime->delay = 0;
	WRITE_ONCE(s->posbuf_live, false);	/* LPIB is 0 now, the buffer not */
	hrtimer_cancel(&s->period_timer);
	s->period_start = 0;
	s->last_pos = 0;
	s->last_into = 0;
	s->deferred_until = 0;
	WRITE_ONCE(s->period_bytes,
		   frames_to_bytes(ss->runtime, ss->runtime->period_size));
	s->lap_ns = div_u64((u64)ss->runtime->buffer_size * NSEC_PER_SEC,
			    ss->runtime->rate) + HWA_LAP_SLACK_NS;
	return ret;
}

static int hwa_trigger(struct snd_pcm_substream *ss, int cmd)
{
	struct hwa_stream *s = hwa_chip(ss);
	int ret;
	u32 pos;

	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
	case SNDRV_PCM_TRIGGER_PAUSE_RELEASE:
		/* the start is the first look (hwa_period_check()) */
		pos = hwa_ring_pos(ss->runtime, readl(s->lpib));
		scoped_guard(spinlock_irqsave, &s->pos_lock) {
			s->last_into += hwa_moved(s, ss->runtime, pos);
			s->last_pos = pos;
			s->last_time = ktime_get();
		}
		atomic_set(&s->lapped, 0);
		/* a buffer entry may hold the last run's position: check again */
		WRITE_ONCE(s->posbuf_live, false);
		ret = hwa_engine_state(s, WDM_HDA_STATE_RUN);
		s->seen = ret ? 0 : ktime_get();
		break;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
	case SNDRV_PCM_TRIGGER_SUSPEND:
		ret = hwa_engine_state(s, WDM_HDA_STATE_STOP);
		s->seen = 0;
		/*
		 * a deferred period waits no more: the next BCIS after a
		 * release finds the position (a timer already running sees
		 * nothing to do)
		 */
		scoped_guard(spinlock_irqsave, &s->pos_lock) {
			s->deferred_until = 0;
			hrtimer_try_to_cancel(&s->period_timer);
		}
		break;
	default:
		return -EINVAL;
	}
	if (ret)
		dev_err_ratelimited(hwa_dev(s), "trigger %d: engine state: %d\n",
				    cmd, ret);
	return ret;
}

static snd_pcm_uframes_t hwa_pointer(struct snd_pcm_substream *ss)
{
	struct hwa_stream *s = hwa_chip(ss);
	struct snd_pcm_runtime *rt = ss->runtime;
	u32 lpib = s->irq_pos_valid ? s->irq_pos : hwa_position(s);
	u32 pos = hwa_ring_pos(rt, lpib);
	ktime_t now;

	if (s->seen) {
		now = ktime_get();
		if (ktime_to_ns(ktime_sub(now, s->seen)) > s->lap_ns) {
			dev_warn_ratelimited(hwa_dev(s),
					     "pcmC%dD%d%c: no position read for %lld ms, longer than the buffer lasts: %s\n",
					     s->codec->card->card->number, s->device,
					     hwa_dir_char(s->dir),
					     ktime_ms_delta(now, s->seen),
					     s->dir == SNDRV_PCM_STREAM_PLAYBACK ?
					     "underrun" : "overrun");
			atomic_long_inc(&s->laps);
			atomic_set(&s->lapped, 0);
			s->seen = 0;
			return SNDRV_PCM_POS_XRUN;
		}
		s->seen = now;
	}
	/* a lap the ISR found (hwa_period_check()) */
	if (atomic_xchg(&s->lapped, 0)) {
		dev_dbg(hwa_dev(s), "pcmC%dD%d%c: the ring went round before its period's interrupt: %s\n",
			s->codec->card->card->number, s->device, hwa_dir_char(s->dir),
			s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "underrun" : "overrun");
		atomic_long_inc(&s->laps);
		s->seen = 0;
		return SNDRV_PCM_POS_XRUN;
	}

	rt->delay = bytes_to_frames(rt, s->fifo_size);
	trace_hda_wdm_pcm_pointer(s->codec->card->card->number, s->device,
				  s->stream_id, lpib, bytes_to_frames(rt, pos));
	return bytes_to_frames(rt, pos);
}

/*
 * The buffer is the bus's coherent memory: the bus maps it, with
 * dma_mmap_coherent() against the device it was allocated for.
 */
static int hwa_mmap(struct snd_pcm_substream *ss, struct vm_area_struct *vma)
{
	struct hwa_stream *s = hwa_chip(ss);
	const struct wdm_hdaudio_bus_interface *bus = s->codec->bus;
	struct snd_pcm_runtime *rt = ss->runtime;
	unsigned long size = vma->vm_end - vma->vm_start;

	if (!rt->dma_area || !s->engine || vma->vm_pgoff ||
	    size > PAGE_ALIGN(rt->dma_bytes))
		return -EINVAL;
	return wdm_hdaudio_mmap_contiguous_buffer(bus->context, s->engine, vma);
}

static const struct snd_pcm_ops hwa_pcm_ops = {
	.open = hwa_open,
	.close = hwa_close,
	.hw_params = hwa_hw_params,
	.hw_free = hwa_hw_free,
	.prepare = hwa_prepare,
	.trigger = hwa_trigger,
	.pointer = hwa_pointer,
	.mmap = hwa_mmap,
};

/* "Line (ADC 0x8)": what the stream's converter and pins are */
static void hwa_pcm_label(const struct hwa_stream *s, char *buf, size_t size)
{
	const char *jack = hwa_pin_name(s->info[0].pin_config, s->dir);

	if (s->npaths > 1)
		jack = s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "Playback" : "Capture";
	snprintf(buf, size, "%s (%s %#x)", jack,
		 s->dir == SNDRV_PCM_STREAM_PLAYBACK ? "DAC" : "ADC",
		 s->info[0].converter);
}

/**
 * hwa_pcm_new() - the PCM device of a playback and/or a capture stream
 * @play: the playback stream of this device number, or NULL
 * @cap: the capture stream of this device number, or NULL
 *
 * The streams have their codec and (the same) device number set; each
 * becomes the other's @other.
 *
 * Return: 0 or a negative errno from the ALSA core.
 */
int hwa_pcm_new(struct hwa_stream *play, struct hwa_stream *cap)
{
	struct hwa_stream *s = cap ?: play;
	char pl[32] = "", cl[32] = "";
	struct snd_pcm *pcm;
	int ret;

	ret = snd_pcm_new(s->codec->card->card, "hda-wdm", s->device, !!play,
			  !!cap, &pcm);
	if (ret)
		return ret;
	pcm->private_data = s;
	pcm->info_flags = 0;
	if (play)
		hwa_period_init(play);
	if (cap)
		hwa_period_init(cap);
	if (play && cap) {
		play->other = cap;
		cap->other = play;
	}
	if (play) {
		hwa_pcm_label(play, pl, sizeof(pl));
		snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_PLAYBACK, &hwa_pcm_ops);
		play->pcm = pcm;
	}
	if (cap) {
		hwa_pcm_label(cap, cl, sizeof(cl));
		snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_CAPTURE, &hwa_pcm_ops);
		cap->pcm = pcm;
	}
	/* capture first: "Codec 0 Line (ADC 0x8)" stays what it was */
	snprintf(pcm->name, sizeof(pcm->name), "Codec %u %s%s%s",
		 s->codec->addr, cap ? cl : pl, cap && play ? ", " : "",
		 cap && play ? pl : "");
	return 0;
}
