// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudio_test - a client of the hda-wdm HD Audio bus interface that drives
 * every routine and its documented errors on codec 0 of the first
 * controller, and captures the emulated PC's injected signal through the
 * interface itself; with a second codec (address 1) also engines of both
 * codecs started together, the per-codec contexts and a second client's
 * removal beside a running stream; render engines (output descriptors)
 * through the same routines, their data read by codec 0's output
 * converter. The cases run at insmod (suite=0 skips them), once the bus
 * has offered every codec. Results, one KTAP line per
 * case, are in /sys/kernel/debug/hdaudio-test/results; hdaudio_test.sh
 * prints them.
 *
 * Two more debugfs files serve tests that the shell drives:
 *
 *   alloc  write "plain", "notify1", "notify2" or "contig": one engine of
 *          codec 0 and a buffer of that style (AllocateDmaBuffer,
 *          ...WithNotification with count 1 or 2, AllocateContiguousDmaBuffer
 *          + SetupDmaEngineWithBdl), in the writer's task, so that a
 *          fail-nth set by the writer hits the bus's allocations; the
 *          write fails with the bus's error after checking that the engine
 *          is back in Reset without a buffer (else -EIO). "hold": every
 *          capture engine of codec 0 that the bus still gives out, without
 *          buffers (another client finds none left); "hold-render" the
 *          same for render engines (48 kHz stereo 16 bits, no stripe).
 *          "run" (after "contig") sets codec 0's capture path 0 up
 *          with the engine's stream and format and runs the engine.
 *          "free" hands all of it back. Read: "last: <errno>", "held: <style or ->" and
 *          "engines held: <n>".
 *   unsol  write "register" / "unregister": one unsolicited-response
 *          callback per codec; read: per codec its tag, the calls, the last
 *          response, and whether every call came in atomic context.
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <wdm/dma.h>
#include <wdm/hda_verbs.h>
#include <wdm/hdaudio.h>

#define MAX_RESULTS	256

static char *results[MAX_RESULTS];
static unsigned int nresults;
static unsigned int nfailed;
static struct dentry *dir;

static bool tiny_fifo;
module_param(tiny_fifo, bool, 0444);
MODULE_PARM_DESC(tiny_fifo, "Only check that a 1-byte FIFO refuses an engine (load snd-hda-wdm with inject=8)");

static bool suite = true;
module_param(suite, bool, 0444);
MODULE_PARM_DESC(suite, "Run the cases at insmod (default: yes); 0 leaves only the debugfs files");

/*
 * On a real PC the codecs' inputs carry whatever is plugged in, not the
 * emulated PC's signal: signal=0 (hdaudio_test.sh there) skips what only
 * the signal can tell, and checks that the engines moved.
 */
static bool has_signal = true;
module_param_named(signal, has_signal, bool, 0444);
MODULE_PARM_DESC(signal, "The codecs' inputs carry the emulated PC's test signal (default: yes); 0 on a real PC");
#define NO_SIGNAL	"needs the emulated PC's signal (real PC)"

#define MAX_CODECS	16
#define HDA_TEST_MAX_SD	30	/* stream descriptors a controller can have */

/*
 * The interfaces of the first controller, one per codec address; set by
 * probe, cleared by remove under ifaces_lock (the debugfs files use them).
 */
static DEFINE_MUTEX(ifaces_lock);
static const struct wdm_hdaudio_bus_interface *ifaces[MAX_CODECS];

static __printf(2, 3) void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	char *desc;

	if (nresults >= MAX_RESULTS)
		return;
	va_start(ap, fmt);
	desc = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	results[nresults] = kasprintf(GFP_KERNEL, "%sok %u %s", ok ? "" : "not ",
				      nresults + 1, desc ?: "?");
	kfree(desc);
	if (!ok) {
		/* in the kernel log too, for runs that do not print results */
		pr_info("hdaudio_test: %s\n", results[nresults] ?: "not ok (no memory)");
		nfailed++;
	}
	nresults++;
}

static void check_ret(int got, int want, const char *what)
{
	check(got == want, "%s (got %d, want %d)", what, got, want);
}

#define CHECK_RET(expr, want, what) check_ret((expr), (want), (what))

/* check_ret() of a case run in both directions: @pfx names render's */
static void check_retp(int got, int want, const char *pfx, const char *what)
{
	check(got == want, "%s%s (got %d, want %d)", pfx, what, got, want);
}

static void skip(const char *what, const char *why)
{
	if (nresults >= MAX_RESULTS)
		return;
	results[nresults] = kasprintf(GFP_KERNEL, "ok %u %s # SKIP %s",
				      nresults + 1, what, why);
	nresults++;
}

static const s16 sine64[64] = {
	0, 1606, 3196, 4756, 6270, 7723, 9102, 10394, 11585, 12665, 13623,
	14449, 15137, 15679, 16069, 16305, 16384, 16305, 16069, 15679, 15137,
	14449, 13623, 12665, 11585, 10394, 9102, 7723, 6270, 4756, 3196, 1606,
	0, -1606, -3196, -4756, -6270, -7723, -9102, -10394, -11585, -12665,
	-13623, -14449, -15137, -15679, -16069, -16305, -16384, -16305, -16069,
	-15679, -15137, -14449, -13623, -12665, -11585, -10394, -9102, -7723,
	-6270, -4756, -3196, -1606,
};

static const struct wdm_hdaudio_stream_format fmt48 = {
	.sample_rate = 48000, .valid_bits_per_sample = 16,
	.container_size = 16, .number_of_channels = 2,
};

static void test_formats(void)
{
	static const struct {
		u32 rate;
		u16 valid, container, ch;
		int ret;
		u16 fmt;
	} cases[] = {
		{ 48000, 16, 16, 2, 0, 0x0011 },
		{ 44100, 16, 16, 2, 0, 0x4011 },
		{ 96000, 24, 32, 2, 0, 0x0831 },
		{ 8000, 16, 16, 1, 0, 0x0510 },
		{ 192000, 32, 32, 8, 0, 0x1847 },
		{ 22050, 20, 32, 2, 0, 0x4121 },
		{ 32000, 8, 8, 1, 0, 0x0a00 },
		{ 12345, 16, 16, 2, -EINVAL, 0 },
		{ 48000, 24, 24, 2, -EINVAL, 0 },
		{ 48000, 16, 32, 2, -EINVAL, 0 },
		{ 48000, 16, 16, 0, -EINVAL, 0 },
		{ 48000, 16, 16, 17, -EINVAL, 0 },
		{ 48000, 12, 16, 2, -EINVAL, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct wdm_hdaudio_stream_format f = {
			cases[i].rate, cases[i].valid, cases[i].container,
			cases[i].ch,
		};
		u16 out = 0;
		int ret = wdm_hdaudio_converter_format(&f, &out);

		check(ret == cases[i].ret && (ret || out == cases[i].fmt),
		      "converter format %u Hz %u/%u bits %u ch: %d %#06x",
		      cases[i].rate, cases[i].valid, cases[i].container,
		      cases[i].ch, ret, out);
	}
}

static void test_info_and_verbs(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_device_information info;
	struct wdm_hdaudio_codec_transfer t[2] = {
		{ .output = 0x000f0000 },	/* root: vendor ID */
		{ .output = 0x000f0002 },	/* root: revision ID */
	};
	u8 addr = 0xff, afg = 0;

	CHECK_RET(b->get_device_information(b->context, &info), 0,
		  "GetDeviceInformation");
	check(info.input_engines == 4 && info.output_engines == 4 &&
	      info.codec_count >= 1 && info.size == sizeof(info),
	      "device information: %u in, %u out engines, %u codecs",
	      info.input_engines, info.output_engines, info.codec_count);
	b->get_resource_information(b->context, &addr, &afg);
	check(addr == 0 && afg == 1,
	      "GetResourceInformation: codec %u, function group node %u",
	      addr, afg);
	CHECK_RET(b->transfer_codec_verbs(b->context, 2, t, NULL, NULL), 0,
		  "TransferCodecVerbs synchronous");
	check(t[0].input.is_valid && t[1].input.is_valid &&
	      t[0].input.response && t[0].input.sdi == 0,
	      "synchronous responses valid (vendor %#010x)",
	      t[0].input.response);
	CHECK_RET(b->transfer_codec_verbs(b->context, 0, t, NULL, NULL), -EINVAL,
		  "TransferCodecVerbs with no verbs");
}

struct async_ctx {
	struct completion done;
	bool atomic;
	bool valid;
};

static void async_done(struct wdm_hdaudio_codec_transfer *t, void *data)
{
	struct async_ctx *a = data;

	a->atomic = !preemptible();
	a->valid = t[0].input.is_valid;
	complete(&a->done);
}

static void test_async_verbs(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_codec_transfer t = { .output = 0x000f0000 };
	struct async_ctx a;

	init_completion(&a.done);
	CHECK_RET(b->transfer_codec_verbs(b->context, 1, &t, async_done, &a), 0,
		  "TransferCodecVerbs asynchronous");
	check(wait_for_completion_timeout(&a.done, HZ) && a.valid,
	      "asynchronous callback with a valid response");
	check(a.atomic, "asynchronous callback ran in atomic context");
}

static void test_engines(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_stream_format big = {
		.sample_rate = 192000, .valid_bits_per_sample = 32,
		.container_size = 32, .number_of_channels = 16,
	};
	struct wdm_hdaudio_stream_format wide = {
		.sample_rate = 96000, .valid_bits_per_sample = 24,
		.container_size = 32, .number_of_channels = 8,
	};
	struct wdm_hdaudio_engine *e[5] = { };
	unsigned int i, got = 0;
	u16 cf;

	CHECK_RET(b->allocate_capture_dma_engine(b->context, 5, &fmt48, &e[0], &cf),
		  -EINVAL, "capture engine on a codec address with no codec");
	for (i = 0; i < 4; i++)
		got += !b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e[i], &cf);
	check(got == 4 && cf == 0x0011, "four capture engines allocated (format %#06x)",
	      cf);
	CHECK_RET(b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e[4], &cf),
		  -ENOMEM, "fifth capture engine: insufficient resources");
	for (i = 0; i < 4; i++)
		b->free_dma_engine(b->context, e[i]);

	CHECK_RET(b->allocate_capture_dma_engine(b->context, 0, &big, &e[0], &cf),
		  -ENOMEM, "format beyond the SDI line's bandwidth refused");
	CHECK_RET(b->allocate_capture_dma_engine(b->context, 0, &wide, &e[0], &cf),
		  0, "one 96 kHz 8-channel 24-bit engine fits the SDI line");
	CHECK_RET(b->allocate_capture_dma_engine(b->context, 0, &wide, &e[1], &cf),
		  -ENOMEM, "a second one does not, although engines are free");
	CHECK_RET(b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e[1], &cf),
		  0, "a 48 kHz stereo engine still fits beside it");
	CHECK_RET(b->change_bandwidth_allocation(b->context, e[1], &wide, &cf),
		  -ENOMEM, "ChangeBandwidthAllocation beyond the line refused");
	CHECK_RET(b->change_bandwidth_allocation(b->context, e[1], &fmt48, &cf),
		  0, "ChangeBandwidthAllocation back to the old format");
	b->free_dma_engine(b->context, e[1]);
	CHECK_RET(b->change_bandwidth_allocation(b->context, e[0], &fmt48, &cf),
		  0, "ChangeBandwidthAllocation in Reset without a buffer");
	check(cf == 0x0011, "new converter format %#06x", cf);
	CHECK_RET(b->free_dma_engine(b->context, e[0]), 0, "FreeDmaEngine");
	CHECK_RET(b->free_dma_engine(b->context, e[0]), -EBADF,
		  "FreeDmaEngine of a freed handle: invalid handle");
}

static void test_states(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_engine *e, *bad = (struct wdm_hdaudio_engine *)&fmt48;
	const u32 __iomem *lpib;
	const __le32 *pb = NULL;
	size_t size, off;
	struct wdm_mdl *mdl;
	u8 sid;
	u32 fifo;
	u16 cf;

	if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e, &cf)) {
		check(false, "engine for the state tests");
		return;
	}
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e),
		  -EBADFD, "SetDmaEngineState without a buffer");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &bad),
		  -EBADF, "SetDmaEngineState with a foreign handle");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 0, &e),
		  -EINVAL, "SetDmaEngineState with no engines");
	CHECK_RET(b->set_dma_engine_state(b->context, 7, 1, &e), -EINVAL,
		  "SetDmaEngineState to an unknown state");
	CHECK_RET(b->allocate_dma_buffer_with_notification(b->context, e, 3, 8192,
							   &mdl, &size, &off,
							   &sid, &fifo),
		  -EINVAL, "notification count 3 refused");
	CHECK_RET(b->allocate_dma_buffer_with_notification(b->context, e, 0, 8192,
							   &mdl, &size, &off,
							   &sid, &fifo),
		  -EINVAL, "notification count 0 refused");
	CHECK_RET(b->allocate_dma_buffer(b->context, e, 10000, &mdl, &size, &sid,
					 &fifo), 0, "AllocateDmaBuffer");
	check(size && size <= 10000 && size % 256 == 0 && sid >= 1 && sid <= 15 &&
	      wdm_mdl_byte_offset(mdl) == 0 && wdm_mdl_byte_count(mdl) == size,
	      "buffer of %zu bytes, stream %u, page-aligned MDL", size, sid);
	CHECK_RET(b->allocate_dma_buffer(b->context, e, 10000, &mdl, &size, &sid,
					 &fifo), -EBADFD, "second buffer without a free");
	CHECK_RET(b->get_link_position_register(b->context, bad, &lpib), -EBADF,
		  "GetLinkPositionRegister with a foreign handle");
	CHECK_RET(b->get_link_position_register(b->context, e, NULL), -EINVAL,
		  "GetLinkPositionRegister with nowhere to put it");
	CHECK_RET(wdm_hdaudio_get_position_buffer(b->context, bad, &pb), -EBADF,
		  "position buffer entry of a foreign handle");
	CHECK_RET(wdm_hdaudio_get_position_buffer(b->context, e, NULL), -EINVAL,
		  "position buffer entry with nowhere to put it");
	CHECK_RET(wdm_hdaudio_get_position_buffer(b->context, e, &pb), 0,
		  "position buffer entry");
	check(pb, "the position buffer entry has an address");
	CHECK_RET(b->change_bandwidth_allocation(b->context, e, &fmt48, &cf),
		  -EBADFD, "ChangeBandwidthAllocation with a buffer");
	CHECK_RET(b->free_dma_engine(b->context, e), -EBADFD,
		  "FreeDmaEngine with a buffer");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e),
		  -EBADFD, "Reset -> Run refused");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_PAUSE, 1, &e),
		  0, "Reset -> Pause");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e),
		  0, "Pause -> Run");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e),
		  -EBADFD, "Run -> Reset refused");
	CHECK_RET(b->free_dma_buffer(b->context, e), -EBADFD,
		  "FreeDmaBuffer while running");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e),
		  0, "Run -> Stop");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e),
		  0, "Stop -> Reset");
	CHECK_RET(b->free_dma_buffer_with_notification(b->context, e, mdl, size),
		  -EBADFD, "FreeDmaBufferWithNotification of a plain buffer");
	CHECK_RET(b->free_dma_buffer(b->context, e), 0, "FreeDmaBuffer");
	CHECK_RET(b->free_dma_buffer(b->context, e), -EBADFD,
		  "FreeDmaBuffer with nothing allocated");
	CHECK_RET(b->free_dma_engine(b->context, e), 0, "FreeDmaEngine after all");
	CHECK_RET(wdm_hdaudio_get_position_buffer(b->context, e, &pb), -EBADF,
		  "position buffer entry of a freed engine");
}

/* ---- Render ----------------------------------------------------------- */

/*
 * The first output converter (DAC) of the interface's codec, 0 if none.
 * On the emulated PC the controller's output DMA moves only while a
 * converter of a codec is on the stream's tag: QEMU's codec pulls the
 * data.
 */
static u8 render_dac(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_codec_info info;
	struct wdm_hdaudio_widget w;
	unsigned int nid;

	if (wdm_hdaudio_get_codec_info(b->context, &info))
		return 0;
	for (nid = info.start_nid; nid < info.start_nid + info.nwidgets; nid++)
		if (!wdm_hdaudio_codec_widget(b->context, nid, &w) &&
		    w.type == HDA_WID_AUD_OUT)
			return nid;
	return 0;
}

/* The codec's DAC on stream @sid with format @cf (stream 0: off it). */
static int render_dac_setup(const struct wdm_hdaudio_bus_interface *b, u8 sid,
			    u16 cf)
{
	u8 dac = render_dac(b);
	struct wdm_hdaudio_codec_transfer t[3] = {
		{ .output = (u32)dac << 20 | HDA_SET_POWER_STATE << 8 },
		{ .output = (u32)dac << 20 | HDA_SET_FORMAT << 16 | cf },
		{ .output = (u32)dac << 20 | HDA_SET_CONV << 8 | sid << 4 },
	};

	if (!dac)
		return -ENODEV;
	return b->transfer_codec_verbs(b->context, ARRAY_SIZE(t), t, NULL, NULL);
}

/* One verb to the interface's codec: its response, or ~0 on no answer */
static u32 verb(const struct wdm_hdaudio_bus_interface *b, u32 v)
{
	struct wdm_hdaudio_codec_transfer t = { .output = v };

	if (b->transfer_codec_verbs(b->context, 1, &t, NULL, NULL) ||
	    !t.input.is_valid)
		return ~0U;
	return t.input.response;
}

/*
 * The render paths the bus found on one codec, one set up on a stream and
 * read back from the codec: pin output on, converter on the stream with
 * the format, the output amp nearest the converter (if any) unmuted at
 * 0 dB; released, the converter is off the stream.
 */
static void test_render_path(const struct wdm_hdaudio_bus_interface *b,
			     unsigned int addr)
{
	struct wdm_hdaudio_render_path p;
	u32 pinctl, conv, fmt, amp;
	int ret;

	if (!wdm_hdaudio_codec_render_paths(b->context)) {
		check(false, "render: codec %u has a render path", addr);
		return;
	}
	ret = wdm_hdaudio_codec_render_path(b->context, 0, &p);
	check(!ret && p.converter && p.pin && p.channels == 2,
	      "render: codec %u path 0: DAC %#x to pin %#x, %u channels (%d)",
	      addr, p.converter, p.pin, p.channels, ret);
	if (ret)
		return;
	CHECK_RET(wdm_hdaudio_codec_render_path(b->context, 99, &p), -EINVAL,
		  "render: a path beyond the codec's refused");
	CHECK_RET(wdm_hdaudio_codec_render_setup(b->context, 0, 9, 0x0011), 0,
		  "render: path 0 set up on stream 9");
	pinctl = verb(b, (u32)p.pin << 20 | HDA_GET_PIN_CTL << 8);
	conv = verb(b, (u32)p.converter << 20 | HDA_GET_CONV << 8);
	fmt = verb(b, (u32)p.converter << 20 | HDA_GET_FORMAT << 16);
	check(pinctl != ~0U && (pinctl & HDA_PINCTL_OUT_EN) &&
	      ((conv >> 4) & 0xf) == 9 && fmt == 0x0011,
	      "render: codec %u: pin output on (%#x), DAC on stream %u, format %#06x",
	      addr, pinctl, (conv >> 4) & 0xf, fmt);
	if (p.amp_node) {
		amp = verb(b, (u32)p.amp_node << 20 | HDA_GET_AMP << 16 |
			   HDA_AMP_GET_OUT | HDA_AMP_GET_LEFT);
		check(amp != ~0U && !(amp & HDA_AMP_MUTE) &&
		      (amp & HDA_AMP_GAIN) == (p.amp_caps & HDA_AMPCAP_OFFSET),
		      "render: codec %u: output amp of node %#x unmuted at 0 dB (%#x, offset %lu)",
		      addr, p.amp_node, amp, p.amp_caps & HDA_AMPCAP_OFFSET);
	} else {
		skip("render: output amp unmuted at 0 dB", "no output amp on the path");
	}
	CHECK_RET(wdm_hdaudio_codec_render_setup(b->context, 0, 0, 0), 0,
		  "render: path 0 released");
	conv = verb(b, (u32)p.converter << 20 | HDA_GET_CONV << 8);
	check(!((conv >> 4) & 0xf), "render: codec %u: DAC off the stream (%#x)",
	      addr, conv);
}

/* An engine of the direction, and its codec side on its stream */
static int engine_alloc(const struct wdm_hdaudio_bus_interface *b, bool render,
			struct wdm_hdaudio_engine **e, u16 *cf)
{
	if (render)
		return b->allocate_render_dma_engine(b->context, &fmt48, false, e,
						     cf);
	return b->allocate_capture_dma_engine(b->context, 0, &fmt48, e, cf);
}

static void codec_stream(const struct wdm_hdaudio_bus_interface *b,
			 bool render, u8 sid, u16 cf)
{
	if (render)
		wdm_hdaudio_codec_render_setup(b->context, 0, sid, cf);
	else
		wdm_hdaudio_codec_capture_setup(b->context, 0, sid, cf);
}

static const char *dir_prefix(bool render)
{
	return render ? "render: " : "";
}

/* Render engines: allocation until refused, formats, stripe, bandwidth. */
static void test_render_engines(const struct wdm_hdaudio_bus_interface *b)
{
	static const struct {
		u32 rate;
		u16 valid, container, ch;
		int ret;
		u16 fmt;
	} formats[] = {
		{ 44100, 16, 16, 2, 0, 0x4011 },
		{ 96000, 24, 32, 2, 0, 0x0831 },
		{ 192000, 32, 32, 2, 0, 0x1841 },
		{ 8000, 8, 8, 1, 0, 0x0500 },
		{ 48000, 20, 32, 6, 0, 0x0025 },
		{ 48000, 24, 24, 2, -EINVAL, 0 },
		{ 11000, 16, 16, 2, -EINVAL, 0 },
		{ 48000, 16, 16, 0, -EINVAL, 0 },
	};
	struct wdm_hdaudio_stream_format big = {
		.sample_rate = 192000, .valid_bits_per_sample = 32,
		.container_size = 32, .number_of_channels = 16,
	};
	struct wdm_hdaudio_stream_format wide = {
		.sample_rate = 96000, .valid_bits_per_sample = 24,
		.container_size = 32, .number_of_channels = 8,
	};
	struct wdm_hdaudio_engine *e[HDA_TEST_MAX_SD + 1] = { }, *c[4] = { };
	struct wdm_hdaudio_device_information info;
	unsigned int i, n, want, got, distinct = 1;
	int ret = 0;
	u16 cf = 0;

	if (b->get_device_information(b->context, &info)) {
		check(false, "render: device information");
		return;
	}
	CHECK_RET(b->allocate_render_dma_engine(b->context, &fmt48, false, NULL, &cf),
		  -EINVAL, "render: AllocateRenderDmaEngine without a handle");
	if (!info.is_stripe_supported)
		CHECK_RET(b->allocate_render_dma_engine(b->context, &fmt48, true,
							&e[0], &cf), -EINVAL,
			  "render: striping refused on a controller with one SDO line");
	else
		skip("render: striping refused on a controller with one SDO line",
		     "the controller has more than one");

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		struct wdm_hdaudio_stream_format f = {
			formats[i].rate, formats[i].valid, formats[i].container,
			formats[i].ch,
		};

		cf = 0;
		ret = b->allocate_render_dma_engine(b->context, &f, false, &e[0], &cf);
		check(ret == formats[i].ret && (ret || cf == formats[i].fmt),
		      "render: engine for %u Hz %u/%u bits %u ch: %d %#06x",
		      formats[i].rate, formats[i].valid, formats[i].container,
		      formats[i].ch, ret, cf);
		if (!ret)
			b->free_dma_engine(b->context, e[0]);
	}

	/* until refused: every output and bidirectional descriptor, no more */
	want = info.output_engines + info.bidir_engines;
	for (n = 0; n < ARRAY_SIZE(e); n++) {
		ret = b->allocate_render_dma_engine(b->context, &fmt48, false,
						    &e[n], &cf);
		if (ret)
			break;
		for (i = 0; i < n; i++)
			if (e[i] == e[n])
				distinct = 0;
	}
	check(n == want && ret == -ENOMEM && distinct,
	      "render: %u distinct engines (the controller's %u output + %u bidirectional), then %d",
	      n, info.output_engines, info.bidir_engines, ret);
	/* the input descriptors stay capture's */
	for (got = 0; got < 4; got++)
		if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &c[got],
						   &cf))
			break;
	check(got == min_t(unsigned int, 4, info.input_engines),
	      "render: every capture engine still free beside them (%u)", got);
	while (got)
		b->free_dma_engine(b->context, c[--got]);
	while (n)
		CHECK_RET(b->free_dma_engine(b->context, e[--n]), 0,
			  "render: FreeDmaEngine");
	CHECK_RET(b->free_dma_engine(b->context, e[0]), -EBADF,
		  "render: FreeDmaEngine of a freed handle: invalid handle");

	/* SDO bandwidth: 960 bits per frame; 394 for 96 kHz 8 x 24 bits */
	CHECK_RET(b->allocate_render_dma_engine(b->context, &big, false, &e[0], &cf),
		  -ENOMEM, "render: format beyond the SDO line's bandwidth refused");
	CHECK_RET(b->allocate_render_dma_engine(b->context, &wide, false, &e[0], &cf),
		  0, "render: a 96 kHz 8-channel 24-bit engine fits the SDO line");
	CHECK_RET(b->allocate_render_dma_engine(b->context, &wide, false, &e[1], &cf),
		  0, "render: and a second one");
	CHECK_RET(b->allocate_render_dma_engine(b->context, &wide, false, &e[2], &cf),
		  -ENOMEM, "render: a third does not, although engines are free");
	CHECK_RET(b->allocate_render_dma_engine(b->context, &fmt48, false, &e[2], &cf),
		  0, "render: a 48 kHz stereo engine still fits beside them");
	CHECK_RET(b->change_bandwidth_allocation(b->context, e[2], &wide, &cf),
		  -ENOMEM, "render: ChangeBandwidthAllocation beyond the line refused");
	CHECK_RET(b->change_bandwidth_allocation(b->context, e[2], &fmt48, &cf),
		  0, "render: ChangeBandwidthAllocation back to the old format");
	/* the SDI line is another line: a capture of the same size fits */
	ret = b->allocate_capture_dma_engine(b->context, 0, &wide, &c[0], &cf);
	CHECK_RET(ret, 0, "render: SDO use leaves the SDI line's bandwidth alone");
	if (!ret)
		b->free_dma_engine(b->context, c[0]);
	for (i = 0; i < 3; i++)
		b->free_dma_engine(b->context, e[i]);
	CHECK_RET(b->allocate_render_dma_engine(b->context, &wide, false, &e[0], &cf),
		  0, "render: freed engines give their bandwidth back");
	CHECK_RET(b->allocate_render_dma_engine(b->context, &wide, false, &e[1], &cf),
		  0, "render: all of it");
	b->free_dma_engine(b->context, e[1]);
	b->free_dma_engine(b->context, e[0]);
}

/* A render engine through the states, and its data read by the codec. */
static void test_render_states(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_device_information info = { };
	struct wdm_hdaudio_engine *e;
	const u32 __iomem *lpib;
	struct wdm_mdl *mdl;
	size_t size;
	u32 fifo, pos;
	s16 *pcm;
	unsigned int i;
	u8 sid;
	u16 cf;

	b->get_device_information(b->context, &info);
	if (b->allocate_render_dma_engine(b->context, &fmt48, false, &e, &cf)) {
		check(false, "render: engine for the state tests");
		return;
	}
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e),
		  -EBADFD, "render: SetDmaEngineState without a buffer");
	CHECK_RET(b->allocate_dma_buffer(b->context, e, 48000, &mdl, &size, &sid,
					 &fifo), 0, "render: AllocateDmaBuffer");
	/* stream tags are the descriptor's index + 1: outputs follow inputs */
	check(size && size <= 48000 && size % 256 == 0 &&
	      sid > info.input_engines && sid <= 15 &&
	      wdm_mdl_byte_offset(mdl) == 0,
	      "render: buffer of %zu bytes, stream %u of an output descriptor",
	      size, sid);
	pcm = wdm_mdl_virtual_address(mdl);
	for (i = 0; i < size / 2; i++)
		pcm[i] = sine64[(i / 2) % 64];
	CHECK_RET(b->allocate_dma_buffer(b->context, e, 10000, &mdl, &size, &sid,
					 &fifo), -EBADFD,
		  "render: second buffer without a free");
	CHECK_RET(b->free_dma_engine(b->context, e), -EBADFD,
		  "render: FreeDmaEngine with a buffer");
	CHECK_RET(b->get_link_position_register(b->context, e, &lpib), 0,
		  "render: GetLinkPositionRegister");
	CHECK_RET(render_dac_setup(b, sid, cf), 0,
		  "render: the codec's output converter on the stream");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e),
		  -EBADFD, "render: Reset -> Run refused");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_PAUSE, 1, &e),
		  0, "render: Reset -> Pause");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e),
		  0, "render: Pause -> Run");
	msleep(100);
	pos = readl(lpib);
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e),
		  -EBADFD, "render: Run -> Reset refused");
	CHECK_RET(b->free_dma_buffer(b->context, e), -EBADFD,
		  "render: FreeDmaBuffer while running");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e),
		  0, "render: Run -> Stop");
	check(pos > 0 && pos < size,
	      "render: the codec read from the buffer while running (position %u of %zu)",
	      pos, size);
	msleep(30);
	pos = readl(lpib);
	msleep(50);
	CHECK_RET(readl(lpib), pos, "render: the position stays where it stopped");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e),
		  0, "render: Stop -> Reset");
	render_dac_setup(b, 0, 0);
	CHECK_RET(b->free_dma_buffer(b->context, e), 0, "render: FreeDmaBuffer");
	CHECK_RET(b->free_dma_buffer(b->context, e), -EBADFD,
		  "render: FreeDmaBuffer with nothing allocated");
	CHECK_RET(b->free_dma_engine(b->context, e), 0,
		  "render: FreeDmaEngine after all");
}

/* Runs an engine with a notification buffer and checks where events come. */
static void test_notifications(const struct wdm_hdaudio_bus_interface *b,
			       bool render, u32 count)
{
	const char *pfx = dir_prefix(render);
	struct completion ev;
	const u32 __iomem *lpib;
	struct wdm_hdaudio_engine *e;
	unsigned int i, good = 0, got = 0;
	size_t size, off;
	struct wdm_mdl *mdl;
	u32 fifo;
	u8 sid;
	u16 cf;

	init_completion(&ev);
	if (engine_alloc(b, render, &e, &cf)) {
		check(false, "%scount %u: engine", pfx, count);
		return;
	}
	if (b->allocate_dma_buffer_with_notification(b->context, e, count,
						     48000 * 4 / 8, &mdl, &size,
						     &off, &sid, &fifo)) {
		check(false, "%scount %u: buffer", pfx, count);
		b->free_dma_engine(b->context, e);
		return;
	}
	check_retp(b->register_notification_event(b->context, e, &ev), 0, pfx,
		   "RegisterNotificationEvent");
	check_retp(b->register_notification_event(b->context, e, &ev), -EINVAL,
		   pfx, "RegisterNotificationEvent twice");
	b->get_link_position_register(b->context, e, &lpib);
	codec_stream(b, render, sid, cf);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e);
	/* 125 ms buffer: each notification should find LPIB just past a point */
	for (i = 0; i < 6; i++) {
		u32 pos;

		if (!wait_for_completion_timeout(&ev, HZ))
			break;
		pos = readl(lpib);
		got++;
		if (count == 2 ? (pos % (size / 2)) < size / 4 : pos < size / 4)
			good++;
	}
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e);
	codec_stream(b, render, 0, 0);
	check(got == 6, "%scount %u: 6 notifications arrived (%u)", pfx, count,
	      got);
	check(good >= 5, "%scount %u: %u of %u at the notification point", pfx,
	      count, good, got);
	check_retp(b->unregister_notification_event(b->context, e, &ev), 0, pfx,
		   "UnregisterNotificationEvent");
	check_retp(b->unregister_notification_event(b->context, e, &ev), -EINVAL,
		   pfx, "UnregisterNotificationEvent of an unknown event");
	check_retp(b->free_dma_buffer_with_notification(b->context, e, mdl,
							size + 1),
		   -EINVAL, pfx,
		   "FreeDmaBufferWithNotification with the wrong size");
	check_retp(b->free_dma_buffer_with_notification(b->context, e, mdl, size),
		   0, pfx, "FreeDmaBufferWithNotification");
	b->free_dma_engine(b->context, e);
}

static atomic_t isr_calls, isr_bcis;

static void bdl_isr(void *ctx, u32 bits)
{
	atomic_inc(&isr_calls);
	if (bits & WDM_HDA_ISR_BCIS)
		atomic_inc(&isr_bcis);
}

static void test_bdl(const struct wdm_hdaudio_bus_interface *b, bool render)
{
	const char *pfx = dir_prefix(render);
	struct wdm_hdaudio_bdl_entry *bdl;
	struct wdm_hdaudio_engine *e;
	dma_addr_t data_dma;
	unsigned int i, calls;
	void *data;
	u32 fifo;
	u8 sid;
	u16 cf;
	int ret;

	if (engine_alloc(b, render, &e, &cf)) {
		check(false, "%sengine for the BDL tests", pfx);
		return;
	}
	ret = b->allocate_contiguous_dma_buffer(b->context, e, 4 * 4096, &data,
						&data_dma, &bdl);
	check_retp(ret, 0, pfx, "AllocateContiguousDmaBuffer");
	if (ret) {
		b->free_dma_engine(b->context, e);
		return;
	}
	check_retp(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e),
		   -EBADFD, pfx, "SetDmaEngineState before SetupDmaEngineWithBdl");
	for (i = 0; i < 4; i++) {
		bdl[i].address = cpu_to_le64(data_dma + i * 4096);
		bdl[i].length = cpu_to_le32(4096);
		bdl[i].flags = cpu_to_le32(WDM_HDA_BDLE_IOC);
	}
	check_retp(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 0,
						bdl_isr, NULL, &sid, &fifo),
		   -EINVAL, pfx, "SetupDmaEngineWithBdl with LVI 0");
	check_retp(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096 - 1, 3,
						bdl_isr, NULL, &sid, &fifo),
		   -EINVAL, pfx,
		   "SetupDmaEngineWithBdl with a length unlike the BDL's sum");
	bdl[1].address = cpu_to_le64(data_dma + 4096 + 64);
	check_retp(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 3,
						bdl_isr, NULL, &sid, &fifo),
		   -EINVAL, pfx,
		   "SetupDmaEngineWithBdl with a fragment off 128 bytes");
	bdl[1].address = cpu_to_le64(data_dma + 64 * 4096);
	check_retp(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 3,
						bdl_isr, NULL, &sid, &fifo),
		   -EINVAL, pfx,
		   "SetupDmaEngineWithBdl with a fragment outside the buffer");
	bdl[1].address = cpu_to_le64(data_dma + 4096);
	check_retp(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 3,
						bdl_isr, NULL, &sid, &fifo),
		   0, pfx, "SetupDmaEngineWithBdl");
	atomic_set(&isr_calls, 0);
	atomic_set(&isr_bcis, 0);
	codec_stream(b, render, sid, cf);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e);
	msleep(300);	/* 4 fragments of 21 ms: about 14 completions */
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	calls = atomic_read(&isr_calls);
	check(calls >= 4 && calls == atomic_read(&isr_bcis),
	      "%sISR called once per completed fragment, with BCIS (%u calls)",
	      pfx, calls);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e);
	codec_stream(b, render, 0, 0);
	check_retp(b->free_contiguous_dma_buffer(b->context, e), 0, pfx,
		   "FreeContiguousDmaBuffer");
	b->free_dma_engine(b->context, e);
}

/*
 * Two threads of one client on one engine: this one gives the engine a
 * contiguous buffer, sets it up and frees it again, the other moves it to
 * Stop and back to Reset as fast as it can. The bus must never let a
 * buffer change and a state change meet: every free of a buffer finds the
 * engine in Reset (or fails with -EBADFD while it is in Stop), after it
 * no state change succeeds and the next buffer comes, and the engine can
 * be freed at the end.
 */
#define RACE_ROUNDS	200
#define RACE_TRIES	2000

struct race {
	const struct wdm_hdaudio_bus_interface *b;
	struct wdm_hdaudio_engine *e;
	unsigned int changes;
	int unexpected;
};

static int race_state_thread(void *data)
{
	struct race *r = data;
	const struct wdm_hdaudio_bus_interface *b = r->b;
	int ret;

	while (!kthread_should_stop()) {
		ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1,
					      &r->e);
		if (!ret) {
			r->changes++;
			/* in Stop no buffer can go, so Reset must come */
			ret = b->set_dma_engine_state(b->context,
						      WDM_HDA_STATE_RESET, 1,
						      &r->e);
		}
		if (ret && ret != -EBADFD && !r->unexpected)
			r->unexpected = ret;
		cond_resched();
	}
	return 0;
}

static int race_round(const struct wdm_hdaudio_bus_interface *b,
		      struct wdm_hdaudio_engine *e, unsigned int *busy)
{
	struct wdm_hdaudio_bdl_entry *bdl;
	dma_addr_t data_dma;
	unsigned int i;
	void *data;
	u32 fifo;
	int ret;
	u8 sid;

	ret = b->allocate_contiguous_dma_buffer(b->context, e, 2 * 4096, &data,
						&data_dma, &bdl);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++) {
		bdl[i].address = cpu_to_le64(data_dma + i * 4096);
		bdl[i].length = cpu_to_le32(4096);
		bdl[i].flags = 0;
	}
	ret = b->setup_dma_engine_with_bdl(b->context, e, 2 * 4096, 1, bdl_isr,
					   NULL, &sid, &fifo);
	if (ret)
		return ret;
	for (i = 0; i < RACE_TRIES; i++) {
		ret = b->free_contiguous_dma_buffer(b->context, e);
		if (ret != -EBADFD)
			break;
		(*busy)++;
		usleep_range(20, 50);
	}
	if (ret)
		return ret;
	/* no buffer now: no state change may succeed */
	ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	return ret == -EBADFD ? 0 : -EILSEQ;
}

static void test_race(const struct wdm_hdaudio_bus_interface *b)
{
	struct race r = { .b = b };
	struct task_struct *t;
	unsigned int i, busy = 0;
	int ret = 0;
	u16 cf;

	if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &r.e, &cf)) {
		check(false, "engine for the racing threads");
		return;
	}
	t = kthread_run(race_state_thread, &r, "hdaudio-test-race");
	if (IS_ERR(t)) {
		check(false, "a second thread of the client (%ld)", PTR_ERR(t));
		b->free_dma_engine(b->context, r.e);
		return;
	}
	for (i = 0; i < RACE_ROUNDS && !ret; i++)
		ret = race_round(b, r.e, &busy);
	kthread_stop(t);
	check(!ret,
	      "two threads, one engine: buffer and state changes never meet (%u/%u rounds: %d)",
	      i, RACE_ROUNDS, ret);
	pr_info("hdaudio_test: race: %u changes to Stop, %u frees refused in Stop\n",
		r.changes, busy);
	check(!r.unexpected,
	      "two threads, one engine: state changes fail only with -EBADFD (%d)",
	      r.unexpected);
	if (ret)
		b->free_contiguous_dma_buffer(b->context, r.e);
	CHECK_RET(b->free_dma_engine(b->context, r.e), 0,
		  "two threads, one engine: the engine frees in Reset without a buffer");
}

/* Capture through the interface; the data must be the injected signal. */
static void test_capture(const struct wdm_hdaudio_bus_interface *b)
{
	const u32 __iomem *lpib;
	struct wdm_hdaudio_engine *e;
	unsigned int i, frames, bad = 0;
	struct wdm_mdl *mdl;
	size_t size;
	const s16 *pcm;
	u32 fifo;
	u8 sid;
	u16 cf;

	check(wdm_hdaudio_codec_capture_paths(b->context) >= 1,
	      "the codec has a capture path");
	if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e, &cf) ||
	    b->allocate_dma_buffer(b->context, e, 48000 * 4, &mdl, &size, &sid,
				   &fifo)) {
		check(false, "engine and buffer for the capture");
		return;
	}
	pcm = wdm_mdl_virtual_address(mdl);
	CHECK_RET(wdm_hdaudio_codec_capture_setup(b->context, 0, sid, cf), 0,
		  "capture path programmed through TransferCodecVerbs");
	b->get_link_position_register(b->context, e, &lpib);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e);
	msleep(400);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	frames = readl(lpib) / 4;
	for (i = 0; i < frames; i++) {
		u16 n = pcm[2 * i + 1];

		if ((i && n != (u16)(pcm[2 * i - 1] + 1)) || pcm[2 * i] != sine64[n % 64])
			bad++;
	}
	check(frames > 4800, "captured %u frames in 400 ms", frames);
	if (has_signal)
		check(frames && !bad, "capture is bit-exact and contiguous (%u of %u frames off)",
		      bad, frames);
	else
		skip("capture is bit-exact and contiguous", NO_SIGNAL);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e);
	wdm_hdaudio_codec_capture_setup(b->context, 0, 0, 0);
	b->free_dma_buffer(b->context, e);
	b->free_dma_engine(b->context, e);
}

static void unsol_cb(u32 response, void *ctx)
{
}

static void test_events(const struct wdm_hdaudio_bus_interface *b)
{
	u8 tags[64], tag;
	unsigned int i, n = 0;

	for (i = 0; i < 64; i++)
		n += !b->register_event_callback(b->context,
						 unsol_cb,
						 NULL, &tags[i]);
	check(n == 64, "64 unsolicited-response tags");
	CHECK_RET(b->register_event_callback(b->context,
					     unsol_cb,
					     NULL, &tag), -ENOMEM, "a 65th tag refused");
	for (i = 0; i < n; i++)
		b->unregister_event_callback(b->context, tags[i]);
	CHECK_RET(b->unregister_event_callback(b->context, tags[0]), -EINVAL,
		  "UnregisterEventCallback of a free tag");
}

/* ---- Captures: an engine, a bus-built buffer and the codec's path ------- */

/* Frames that are not the injected signal: the 750 Hz sine on the left, a
 * frame counter on the right, each frame the counter's successor; @frames
 * from @first on, wrapping at @total.
 */
static unsigned int signal_errors(const s16 *pcm, unsigned int first,
				  unsigned int frames, unsigned int total)
{
	unsigned int i, f, prev = 0, bad = 0;

	for (i = 0; i < frames; i++) {
		u16 n;

		f = (first + i) % total;
		n = pcm[2 * f + 1];
		if ((i && n != (u16)(pcm[2 * prev + 1] + 1)) ||
		    pcm[2 * f] != sine64[n % 64])
			bad++;
		prev = f;
	}
	return bad;
}

/**
 * struct cap - one capture through the interface
 * @owner: the interface that allocated the engine
 * @codec: the interface of the codec that feeds it (its path is set up)
 * @e: the engine
 * @mdl: the buffer
 * @size: its size
 * @lpib: the engine's link position
 * @notify: notification count of the buffer, 0 for a plain one
 * @sid: stream ID
 * @cf: converter format
 */
struct cap {
	const struct wdm_hdaudio_bus_interface *owner;
	const struct wdm_hdaudio_bus_interface *codec;
	struct wdm_hdaudio_engine *e;
	struct wdm_mdl *mdl;
	size_t size;
	const u32 __iomem *lpib;
	u32 notify;
	u8 sid;
	u16 cf;
};

/*
 * An engine of @codec's address allocated through @owner, with a buffer of
 * @bytes (plain, or with @notify notifications), in Stop; the codec's path
 * 0 carries the engine's stream unless @codec is NULL.
 */
static int cap_open(struct cap *c, const struct wdm_hdaudio_bus_interface *owner,
		    const struct wdm_hdaudio_bus_interface *codec, u8 addr,
		    size_t bytes, u32 notify)
{
	size_t off;
	u32 fifo;
	int ret;

	memset(c, 0, sizeof(*c));
	c->owner = owner;
	c->codec = codec;
	c->notify = notify;
	ret = owner->allocate_capture_dma_engine(owner->context, addr, &fmt48,
						 &c->e, &c->cf);
	if (ret) {
		c->e = NULL;
		return ret;
	}
	if (notify)
		ret = owner->allocate_dma_buffer_with_notification(owner->context,
								   c->e, notify,
								   bytes, &c->mdl,
								   &c->size, &off,
								   &c->sid, &fifo);
	else
		ret = owner->allocate_dma_buffer(owner->context, c->e, bytes,
						 &c->mdl, &c->size, &c->sid,
						 &fifo);
	if (ret) {
		owner->free_dma_engine(owner->context, c->e);
		c->e = NULL;
		return ret;
	}
	owner->get_link_position_register(owner->context, c->e, &c->lpib);
	if (codec)
		ret = wdm_hdaudio_codec_capture_setup(codec->context, 0, c->sid,
						      c->cf);
	if (!ret)
		ret = owner->set_dma_engine_state(owner->context,
						  WDM_HDA_STATE_STOP, 1, &c->e);
	return ret;
}

static void cap_close(struct cap *c)
{
	const struct wdm_hdaudio_bus_interface *b = c->owner;

	if (!c->e)
		return;
	if (c->codec)
		wdm_hdaudio_codec_capture_setup(c->codec->context, 0, 0, 0);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &c->e);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &c->e);
	if (c->notify)
		b->free_dma_buffer_with_notification(b->context, c->e, c->mdl,
						     c->size);
	else
		b->free_dma_buffer(b->context, c->e);
	b->free_dma_engine(b->context, c->e);
	c->e = NULL;
}

static unsigned int cap_frames(const struct cap *c)
{
	return readl(c->lpib) / 4;
}

/* Signal errors from the buffer's start to the link position. */
static unsigned int cap_errors(const struct cap *c)
{
	return signal_errors(wdm_mdl_virtual_address(c->mdl), 0, cap_frames(c),
			     c->size / 4);
}

/* ---- Several engines in one SetDmaEngineState --------------------------- */

static void test_multi_engines(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_engine *e[2], *mixed[2], *nobuf;
	struct cap c[2];
	u16 cf;

	if (cap_open(&c[0], b, b, 0, 48000 * 4, 0) ||
	    cap_open(&c[1], b, NULL, 0, 48000 * 4, 0)) {
		check(false, "two engines of codec 0 with buffers");
		cap_close(&c[0]);
		cap_close(&c[1]);
		return;
	}
	e[0] = c[0].e;
	e[1] = c[1].e;
	if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &nobuf, &cf))
		nobuf = NULL;
	mixed[0] = e[0];
	mixed[1] = nobuf;
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 2, mixed),
		  -EBADFD, "Run of two engines, one without a buffer: refused");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 2, e),
		  0, "after the refusal neither engine left Stop (both go to Reset)");
	if (nobuf)
		b->free_dma_engine(b->context, nobuf);
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 2, e),
		  0, "two engines Reset -> Stop in one call");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 2, e),
		  0, "two engines of codec 0 started in one SetDmaEngineState");
	msleep(200);
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 2, e),
		  0, "and stopped in one");
	if (has_signal)
		check(cap_frames(&c[0]) > 4800 && !cap_errors(&c[0]),
		      "the engine on the converter's stream captured the signal (%u frames, %u off)",
		      cap_frames(&c[0]), cap_errors(&c[0]));
	else
		check(cap_frames(&c[0]) > 4800,
		      "the engine on the converter's stream captured (%u frames; the signal not checked: "
		      NO_SIGNAL ")", cap_frames(&c[0]));
	check(cap_frames(&c[1]) == 0,
	      "the other engine got no data: no converter sends its stream (%u frames)",
	      cap_frames(&c[1]));
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 2, e),
		  0, "two engines Stop -> Reset in one call");
	cap_close(&c[0]);
	cap_close(&c[1]);
}

/* ---- Two codecs -------------------------------------------------------- */

static void test_two_codecs(const struct wdm_hdaudio_bus_interface *b0,
			    const struct wdm_hdaudio_bus_interface *b1)
{
	struct wdm_hdaudio_stream_format wide = {
		.sample_rate = 96000, .valid_bits_per_sample = 24,
		.container_size = 32, .number_of_channels = 8,
	};
	struct wdm_hdaudio_codec_transfer t0 = { .output = 0x000f0000 };
	struct wdm_hdaudio_codec_transfer t1 = { .output = 0x000f0000 };
	struct wdm_hdaudio_engine *e[2], *w[2];
	unsigned int f0, f1;
	u8 addr = 0xff, afg = 0;
	struct cap c[2];
	u16 cf;

	b1->get_resource_information(b1->context, &addr, &afg);
	check(addr == 1 && afg == 1,
	      "codec 1's context: GetResourceInformation codec %u, group node %u",
	      addr, afg);
	CHECK_RET(b0->transfer_codec_verbs(b0->context, 1, &t0, NULL, NULL) ?:
		  b1->transfer_codec_verbs(b1->context, 1, &t1, NULL, NULL), 0,
		  "TransferCodecVerbs through each codec's context");
	check(t0.input.sdi == 0 && t1.input.sdi == 1 &&
	      t0.input.response != t1.input.response,
	      "each context reaches its own codec (%#010x on SDI %u, %#010x on SDI %u)",
	      t0.input.response, t0.input.sdi, t1.input.response, t1.input.sdi);
	check(wdm_hdaudio_codec_capture_paths(b1->context) >= 1,
	      "codec 1 (a microphone input) has a capture path");

	CHECK_RET(b0->allocate_capture_dma_engine(b0->context, 0, &wide, &w[0], &cf) ?:
		  b0->allocate_capture_dma_engine(b0->context, 1, &wide, &w[1], &cf),
		  0, "a 96 kHz 8-channel 24-bit engine on each SDI line (bandwidth per line)");
	b0->free_dma_engine(b0->context, w[0]);
	b0->free_dma_engine(b0->context, w[1]);

	if (cap_open(&c[0], b0, b0, 0, 48000 * 4, 0) ||
	    cap_open(&c[1], b0, b1, 1, 48000 * 4, 0)) {
		check(false, "engines of codec 0 and codec 1 through one context");
		cap_close(&c[0]);
		cap_close(&c[1]);
		return;
	}
	check(true, "engines of codec 0 and codec 1 allocated through one context");
	e[0] = c[0].e;
	e[1] = c[1].e;
	CHECK_RET(b1->set_dma_engine_state(b1->context, WDM_HDA_STATE_RUN, 1, &e[0]),
		  -EBADF, "codec 1's context cannot use an engine of codec 0's");
	CHECK_RET(b1->free_dma_engine(b1->context, e[1]), -EBADF,
		  "nor free one it did not allocate");
	CHECK_RET(b0->set_dma_engine_state(b0->context, WDM_HDA_STATE_RUN, 2, e),
		  0, "engines of codec 0 and codec 1 started in one SetDmaEngineState");
	msleep(300);
	CHECK_RET(b0->set_dma_engine_state(b0->context, WDM_HDA_STATE_STOP, 2, e),
		  0, "and stopped in one");
	f0 = cap_frames(&c[0]);
	f1 = cap_frames(&c[1]);
	if (has_signal) {
		check(f0 > 7200 && !cap_errors(&c[0]),
		      "codec 0 captured its signal bit-exact (%u frames, %u off)", f0,
		      cap_errors(&c[0]));
		check(f1 > 7200 && !cap_errors(&c[1]),
		      "codec 1 captured its signal bit-exact (%u frames, %u off)", f1,
		      cap_errors(&c[1]));
	} else {
		check(f0 > 7200, "codec 0 captured (%u frames; the signal not checked: "
		      NO_SIGNAL ")", f0);
		check(f1 > 7200, "codec 1 captured (%u frames; the signal not checked: "
		      NO_SIGNAL ")", f1);
	}
	check(abs((int)f0 - (int)f1) <= 2400,
	      "both ran together: %u and %u frames", f0, f1);
	cap_close(&c[0]);
	cap_close(&c[1]);
}

/* ---- A second client leaves beside a running stream --------------------- */

/*
 * The other client: takes codec 1 only, runs a capture and a render (on
 * its render path 0), holds a tag.
 */
static struct {
	bool probed;
	int ret;
	struct cap c;
	u8 tag;
	struct wdm_hdaudio_engine *r;
	struct wdm_mdl *rmdl;
} other;

/* A running render engine on the codec's render path 0 */
static int other_render(const struct wdm_hdaudio_bus_interface *b)
{
	size_t size;
	u32 fifo;
	int ret;
	u8 sid;
	u16 cf;

	ret = b->allocate_render_dma_engine(b->context, &fmt48, false, &other.r,
					    &cf);
	if (!ret)
		ret = b->allocate_dma_buffer(b->context, other.r, 48000, &other.rmdl,
					     &size, &sid, &fifo);
	if (!ret)
		ret = wdm_hdaudio_codec_render_setup(b->context, 0, sid, cf);
	if (!ret)
		ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1,
					      &other.r);
	if (!ret)
		ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1,
					      &other.r);
	return ret;
}

static int other_probe(struct wdm_hdaudio_client *client,
		       const struct wdm_hdaudio_bus_interface *b, void **data)
{
	u8 addr;

	b->get_resource_information(b->context, &addr, NULL);
	if (addr != 1 || other.probed)
		return -ENODEV;
	other.probed = true;
	other.ret = cap_open(&other.c, b, b, 1, 48000 * 4, 0);
	if (!other.ret)
		other.ret = b->register_event_callback(b->context, unsol_cb, NULL,
						       &other.tag);
	if (!other.ret)
		other.ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN,
						    1, &other.c.e);
	if (!other.ret)
		other.ret = other_render(b);
	return 0;
}

/* Leaves its running engines and its tag: the bus must take them back. */
static void other_remove(struct wdm_hdaudio_client *client,
			 const struct wdm_hdaudio_bus_interface *b, void *data)
{
}

static struct wdm_hdaudio_client other_client = {
	.name = "hdaudio-test-other",
	.probe = other_probe,
	.remove = other_remove,
};

static void test_client_removal(const struct wdm_hdaudio_bus_interface *b0,
				const struct wdm_hdaudio_bus_interface *b1)
{
	struct wdm_hdaudio_codec_transfer t = { .output = 0x000f0000 };
	struct wdm_hdaudio_capture_path path = {};
	struct wdm_hdaudio_render_path rpath = {};
	struct wdm_hdaudio_engine *e[3], *r[4];
	struct completion ev;
	unsigned int i, n, got;
	u8 tags[64];
	struct cap a;
	u16 cf;

	init_completion(&ev);
	/* a 500 ms ring with a notification at each half, full before the
	 * other client comes, so that it holds the removal when stopped
	 */
	if (cap_open(&a, b0, b0, 0, 48000 * 2, 2) ||
	    b0->register_notification_event(b0->context, a.e, &ev) ||
	    b0->set_dma_engine_state(b0->context, WDM_HDA_STATE_RUN, 1, &a.e)) {
		check(false, "a running capture on codec 0");
		cap_close(&a);
		return;
	}
	msleep(400);
	memset(&other, 0, sizeof(other));
	CHECK_RET(wdm_hdaudio_register_client(&other_client), 0,
		  "a second client registered beside a running capture");
	check(other.probed && !other.ret,
	      "it runs a capture and a render on codec 1 and holds a callback tag (%d)",
	      other.ret);
	msleep(150);
	check(other.probed && !other.ret && cap_frames(&other.c) > 2400,
	      "its capture moves (%u frames)",
	      other.probed && !other.ret ? cap_frames(&other.c) : 0);
	while (try_wait_for_completion(&ev))
		;
	/* it leaves a running engine and a tag behind for the bus to take */
	wdm_hdaudio_unregister_client(&other_client);
	check(wait_for_completion_timeout(&ev, HZ),
	      "a notification on codec 0 after the other client's removal");
	CHECK_RET(b0->transfer_codec_verbs(b0->context, 1, &t, NULL, NULL), 0,
		  "codec 0's verbs still answered after the removal");
	b0->set_dma_engine_state(b0->context, WDM_HDA_STATE_STOP, 1, &a.e);
	/* the ring holds the last 500 ms, oldest at the link position */
	n = signal_errors(wdm_mdl_virtual_address(a.mdl), cap_frames(&a),
			  a.size / 4, a.size / 4);
	if (has_signal)
		check(!n,
		      "codec 0's capture is contiguous across the removal (%u of %zu frames off)",
		      n, a.size / 4);
	else
		skip("codec 0's capture is contiguous across the removal", NO_SIGNAL);
	for (i = 0, got = 0; i < 3; i++)
		got += !b0->allocate_capture_dma_engine(b0->context, 1, &fmt48,
							&e[got], &cf);
	check(got == 3, "the departed client's engine was released (%u of 3 free)",
	      got);
	for (i = 0; i < got; i++)
		b0->free_dma_engine(b0->context, e[i]);
	for (n = 0; n < 64; n++)
		if (b0->register_event_callback(b0->context, unsol_cb, NULL, &tags[n]))
			break;
	check(n == 64, "and so was its callback tag (%u tags free)", n);
	/* the converter it left on its engine's stream: GET_CONV (0xf06) */
	t.output = 0x000f0600;
	if (!wdm_hdaudio_codec_capture_path(b1->context, 0, &path))
		t.output |= (u32)path.converter << 20;
	CHECK_RET(b1->transfer_codec_verbs(b1->context, 1, &t, NULL, NULL), 0,
		  "codec 1's converter read back");
	check(path.converter && !(t.input.response & 0xf0),
	      "the converter it left on its stream was detached (node %u, stream %u)",
	      path.converter, (t.input.response >> 4) & 0xf);
	/* and its render engine, and its render path's converter */
	for (got = 0; got < 4; got++)
		if (b0->allocate_render_dma_engine(b0->context, &fmt48, false,
						   &r[got], &cf))
			break;
	check(got == 4, "its render engine was released (%u of 4 free)", got);
	while (got)
		b0->free_dma_engine(b0->context, r[--got]);
	t.output = 0x000f0600;
	if (!wdm_hdaudio_codec_render_path(b1->context, 0, &rpath))
		t.output |= (u32)rpath.converter << 20;
	CHECK_RET(b1->transfer_codec_verbs(b1->context, 1, &t, NULL, NULL), 0,
		  "codec 1's output converter read back");
	check(rpath.converter && !(t.input.response & 0xf0),
	      "the output converter it left on its stream was detached (node %u, stream %u)",
	      rpath.converter, (t.input.response >> 4) & 0xf);
	for (i = 0; i < n; i++)
		b0->unregister_event_callback(b0->context, tags[i]);
	b0->unregister_notification_event(b0->context, a.e, &ev);
	cap_close(&a);
}

/* ---- The client -------------------------------------------------------- */

static int hdaudio_test_probe(struct wdm_hdaudio_client *client,
			      const struct wdm_hdaudio_bus_interface *b,
			      void **data)
{
	u8 addr;

	b->get_resource_information(b->context, &addr, NULL);
	mutex_lock(&ifaces_lock);
	/* the first controller's codecs; later ones are only offered */
	if (addr < MAX_CODECS && !ifaces[addr]) {
		ifaces[addr] = b;
		*data = &ifaces[addr];
	}
	mutex_unlock(&ifaces_lock);
	return 0;
}

static void alloc_free_locked(void);
static void unsol_unregister_locked(unsigned int addr);

static void hdaudio_test_remove(struct wdm_hdaudio_client *client,
				const struct wdm_hdaudio_bus_interface *b,
				void *data)
{
	u8 addr;

	if (!data)
		return;
	b->get_resource_information(b->context, &addr, NULL);
	mutex_lock(&ifaces_lock);
	/* what the debugfs files hold goes back before the bus would warn */
	if (addr == 0)
		alloc_free_locked();
	unsol_unregister_locked(addr);
	ifaces[addr] = NULL;
	mutex_unlock(&ifaces_lock);
}

static struct wdm_hdaudio_client hdaudio_test_client = {
	.name = "hdaudio-test",
	.probe = hdaudio_test_probe,
	.remove = hdaudio_test_remove,
};

/* Every case, on codec 0 and, when there is one, codec 1. */
static void run_suite(const struct wdm_hdaudio_bus_interface *b0,
		      const struct wdm_hdaudio_bus_interface *b1)
{
	if (!b0) {
		check(false, "the bus offered codec 0");
		return;
	}
	if (tiny_fifo) {
		struct wdm_hdaudio_engine *e;
		u16 cf;

		CHECK_RET(b0->allocate_capture_dma_engine(b0->context, 0, &fmt48,
							  &e, &cf), -ENOBUFS,
			  "an engine whose FIFO cannot hold a sample block");
		CHECK_RET(b0->allocate_render_dma_engine(b0->context, &fmt48, false,
							 &e, &cf), -ENOBUFS,
			  "render: an engine whose FIFO cannot hold a sample block");
		return;
	}
	check(b0->size == sizeof(*b0), "interface size");
	test_formats();
	test_info_and_verbs(b0);
	test_async_verbs(b0);
	test_engines(b0);
	test_states(b0);
	test_events(b0);
	test_notifications(b0, false, 1);
	test_notifications(b0, false, 2);
	test_bdl(b0, false);
	test_render_engines(b0);
	test_render_path(b0, 0);
	test_render_states(b0);
	test_notifications(b0, true, 1);
	test_notifications(b0, true, 2);
	test_bdl(b0, true);
	test_race(b0);
	test_capture(b0);
	test_multi_engines(b0);
	if (!b1) {
		skip("two codecs: engines of both started together, contexts, a client's removal",
		     "only one codec (none at address 1)");
		return;
	}
	test_two_codecs(b0, b1);
	test_render_path(b1, 1);
	test_client_removal(b0, b1);
}

/* ---- debugfs: results, alloc, unsol ------------------------------------ */

static int results_show(struct seq_file *s, void *unused)
{
	unsigned int i;

	for (i = 0; i < nresults; i++)
		seq_printf(s, "%s\n", results[i] ?: "not ok ? (no memory)");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(results);

#define ALLOC_BYTES	SZ_64K
#define ALLOC_FRAGS	16

#define HOLD_MAX	30	/* stream descriptors a controller can have */

/* What the alloc file holds, under ifaces_lock */
static struct {
	struct wdm_hdaudio_engine *hold[HOLD_MAX];
	unsigned int nhold;
	struct wdm_hdaudio_engine *e;
	const char *held;
	u32 notify;
	struct wdm_mdl *mdl;
	size_t size;
	struct completion ev;
	int last;
	u8 sid;
	u16 cf;
} al;

static void alloc_isr(void *ctx, u32 bits)
{
}

static void alloc_free_locked(void)
{
	const struct wdm_hdaudio_bus_interface *b = ifaces[0];

	lockdep_assert_held(&ifaces_lock);
	if (!b)
		return;
	while (al.nhold)
		b->free_dma_engine(b->context, al.hold[--al.nhold]);
	if (!al.e)
		return;
	if (!strcmp(al.held, "contig")) {
		/* "run" may have left it running */
		b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &al.e);
		b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1,
					&al.e);
		b->free_contiguous_dma_buffer(b->context, al.e);
	} else if (al.notify) {
		b->unregister_notification_event(b->context, al.e, &al.ev);
		b->free_dma_buffer_with_notification(b->context, al.e, al.mdl,
						     al.size);
	} else {
		b->free_dma_buffer(b->context, al.e);
	}
	b->free_dma_engine(b->context, al.e);
	al.e = NULL;
	al.held = NULL;
}

/*
 * One engine and a buffer of @style, as a client would set it up; every
 * allocation the bus makes for it happens in the calling task.
 */
static int alloc_run_locked(const char *style)
{
	static const char *const styles[] = { "plain", "notify1", "notify2",
					      "contig" };
	const struct wdm_hdaudio_bus_interface *b = ifaces[0];
	struct wdm_hdaudio_bdl_entry *bdl;
	struct wdm_hdaudio_engine *e;
	unsigned int i, kind;
	dma_addr_t data_dma;
	size_t size = 0, off;
	struct wdm_mdl *mdl = NULL;
	void *data;
	int ret, err;
	u32 fifo;
	u8 sid;
	u16 cf;

	lockdep_assert_held(&ifaces_lock);
	for (kind = 0; kind < ARRAY_SIZE(styles); kind++)
		if (!strcmp(style, styles[kind]))
			break;
	if (kind == ARRAY_SIZE(styles))
		return -EINVAL;
	if (!b)
		return -ENODEV;
	if (al.e)
		return -EBUSY;

	ret = b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e, &cf);
	if (ret)
		return ret;
	switch (kind) {
	case 0:
		ret = b->allocate_dma_buffer(b->context, e, ALLOC_BYTES, &mdl,
					     &size, &sid, &fifo);
		break;
	case 1:
	case 2:
		reinit_completion(&al.ev);
		ret = b->allocate_dma_buffer_with_notification(b->context, e, kind,
							       ALLOC_BYTES, &mdl,
							       &size, &off, &sid,
							       &fifo);
		if (ret)
			break;
		ret = b->register_notification_event(b->context, e, &al.ev);
		if (ret)
			b->free_dma_buffer_with_notification(b->context, e, mdl,
							     size);
		break;
	default:
		ret = b->allocate_contiguous_dma_buffer(b->context, e, ALLOC_BYTES,
							&data, &data_dma, &bdl);
		if (ret)
			break;
		for (i = 0; i < ALLOC_FRAGS; i++) {
			bdl[i].address = cpu_to_le64(data_dma +
						     i * ALLOC_BYTES / ALLOC_FRAGS);
			bdl[i].length = cpu_to_le32(ALLOC_BYTES / ALLOC_FRAGS);
			bdl[i].flags = cpu_to_le32(WDM_HDA_BDLE_IOC);
		}
		ret = b->setup_dma_engine_with_bdl(b->context, e, ALLOC_BYTES,
						   ALLOC_FRAGS - 1, alloc_isr,
						   NULL, &sid, &fifo);
		if (ret)
			b->free_contiguous_dma_buffer(b->context, e);
		break;
	}
	if (ret) {
		/* a clean error leaves the engine in Reset without a buffer */
		err = b->free_dma_engine(b->context, e);
		if (err) {
			pr_err("hdaudio_test: %s: after error %d the engine cannot be freed: %d\n",
			       style, ret, err);
			return -EIO;
		}
		return ret;
	}
	al.e = e;
	al.held = styles[kind];
	al.notify = kind == 1 || kind == 2 ? kind : 0;
	al.mdl = mdl;
	al.size = size;
	al.sid = sid;
	al.cf = cf;
	return 0;
}

/*
 * "run": the held contiguous engine's capture path 0 set up with its
 * stream and format, and the engine through Stop to Run (for the PM
 * test: an engine a client leaves running across a suspend).
 */
static int alloc_start_locked(void)
{
	const struct wdm_hdaudio_bus_interface *b = ifaces[0];
	int ret;

	lockdep_assert_held(&ifaces_lock);
	if (!b || !al.e || strcmp(al.held, "contig"))
		return -EBADFD;
	ret = wdm_hdaudio_codec_capture_setup(b->context, 0, al.sid, al.cf);
	if (!ret)
		ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1,
					      &al.e);
	if (!ret)
		ret = b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1,
					      &al.e);
	return ret;
}

/* Every capture (render) engine still to be had: 0 if one at least */
static int alloc_hold_locked(bool render)
{
	const struct wdm_hdaudio_bus_interface *b = ifaces[0];
	unsigned int n = 0;
	int ret = 0;
	u16 cf;

	lockdep_assert_held(&ifaces_lock);
	if (!b)
		return -ENODEV;
	while (al.nhold < HOLD_MAX && !ret) {
		ret = engine_alloc(b, render, &al.hold[al.nhold], &cf);
		if (!ret) {
			al.nhold++;
			n++;
		}
	}
	pr_info("hdaudio_test: holding %u more %s engines (the next: %d)\n",
		n, render ? "render" : "capture", ret);
	return n ? 0 : ret;
}

static ssize_t alloc_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char buf[16];
	ssize_t len;
	int ret;

	len = simple_write_to_buffer(buf, sizeof(buf) - 1, ppos, ubuf, count);
	if (len < 0)
		return len;
	buf[len] = '\0';
	mutex_lock(&ifaces_lock);
	if (!strcmp(strim(buf), "free")) {
		alloc_free_locked();
		ret = 0;
	} else if (!strcmp(strim(buf), "run")) {
		ret = alloc_start_locked();
		al.last = ret;
	} else if (!strcmp(strim(buf), "hold") ||
		   !strcmp(strim(buf), "hold-render")) {
		ret = alloc_hold_locked(strcmp(strim(buf), "hold"));
		al.last = ret;
	} else {
		ret = alloc_run_locked(strim(buf));
		al.last = ret;
	}
	mutex_unlock(&ifaces_lock);
	return ret ?: len;
}

static int alloc_show(struct seq_file *s, void *unused)
{
	mutex_lock(&ifaces_lock);
	seq_printf(s, "last: %d\nheld: %s\nengines held: %u\n", al.last,
		   al.held ?: "-", al.nhold);
	mutex_unlock(&ifaces_lock);
	return 0;
}

static int alloc_open(struct inode *inode, struct file *file)
{
	return single_open(file, alloc_show, NULL);
}

static const struct file_operations alloc_fops = {
	.owner = THIS_MODULE,
	.open = alloc_open,
	.read = seq_read,
	.write = alloc_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Unsolicited responses, per codec */
static struct unsol_rec {
	bool registered;
	u8 tag;
	atomic_t calls;
	atomic_t preemptible;
	atomic_t hardirq;
	u32 last;
} unsol[MAX_CODECS];

static void unsol_record(u32 response, void *ctx)
{
	struct unsol_rec *u = ctx;

	WRITE_ONCE(u->last, response);
	if (preemptible())
		atomic_inc(&u->preemptible);
	if (in_hardirq())
		atomic_inc(&u->hardirq);
	atomic_inc(&u->calls);
}

static void unsol_unregister_locked(unsigned int addr)
{
	const struct wdm_hdaudio_bus_interface *b = ifaces[addr];

	lockdep_assert_held(&ifaces_lock);
	if (!b || !unsol[addr].registered)
		return;
	b->unregister_event_callback(b->context, unsol[addr].tag);
	unsol[addr].registered = false;
}

static int unsol_register_locked(unsigned int addr)
{
	const struct wdm_hdaudio_bus_interface *b = ifaces[addr];
	struct unsol_rec *u = &unsol[addr];
	int ret;

	lockdep_assert_held(&ifaces_lock);
	if (!b || u->registered)
		return 0;
	atomic_set(&u->calls, 0);
	atomic_set(&u->preemptible, 0);
	atomic_set(&u->hardirq, 0);
	u->last = 0;
	ret = b->register_event_callback(b->context, unsol_record, u, &u->tag);
	if (!ret)
		u->registered = true;
	return ret;
}

static ssize_t unsol_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	unsigned int addr;
	char buf[16];
	ssize_t len;
	int ret = 0;
	bool reg;

	len = simple_write_to_buffer(buf, sizeof(buf) - 1, ppos, ubuf, count);
	if (len < 0)
		return len;
	buf[len] = '\0';
	if (!strcmp(strim(buf), "register"))
		reg = true;
	else if (!strcmp(strim(buf), "unregister"))
		reg = false;
	else
		return -EINVAL;
	mutex_lock(&ifaces_lock);
	for (addr = 0; addr < MAX_CODECS && !ret; addr++) {
		if (reg)
			ret = unsol_register_locked(addr);
		else
			unsol_unregister_locked(addr);
	}
	mutex_unlock(&ifaces_lock);
	return ret ?: len;
}

static int unsol_show(struct seq_file *s, void *unused)
{
	unsigned int addr;

	mutex_lock(&ifaces_lock);
	for (addr = 0; addr < MAX_CODECS; addr++) {
		struct unsol_rec *u = &unsol[addr];

		if (!ifaces[addr])
			continue;
		seq_printf(s, "codec %u tag %d calls %d last %#010x preemptible %d hardirq %d\n",
			   addr, u->registered ? u->tag : -1,
			   atomic_read(&u->calls), READ_ONCE(u->last),
			   atomic_read(&u->preemptible), atomic_read(&u->hardirq));
	}
	mutex_unlock(&ifaces_lock);
	return 0;
}

static int unsol_open(struct inode *inode, struct file *file)
{
	return single_open(file, unsol_show, NULL);
}

static const struct file_operations unsol_fops = {
	.owner = THIS_MODULE,
	.open = unsol_open,
	.read = seq_read,
	.write = unsol_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int __init hdaudio_test_init(void)
{
	const struct wdm_hdaudio_bus_interface *b0, *b1;
	int ret;

	init_completion(&al.ev);
	ret = wdm_hdaudio_register_client(&hdaudio_test_client);
	if (ret)
		return ret;
	/*
	 * Every codec of the bound controllers has been offered by now. The
	 * cases assume the controller stays bound while they run.
	 */
	mutex_lock(&ifaces_lock);
	b0 = ifaces[0];
	b1 = ifaces[1];
	mutex_unlock(&ifaces_lock);
	if (suite) {
		run_suite(b0, b1);
		pr_info("hdaudio_test: %u cases, %u failed\n", nresults, nfailed);
	}
	dir = debugfs_create_dir("hdaudio-test", NULL);
	debugfs_create_file("results", 0444, dir, NULL, &results_fops);
	debugfs_create_file("alloc", 0600, dir, NULL, &alloc_fops);
	debugfs_create_file("unsol", 0600, dir, NULL, &unsol_fops);
	return 0;
}
module_init(hdaudio_test_init);

static void __exit hdaudio_test_exit(void)
{
	unsigned int i;

	debugfs_remove_recursive(dir);
	wdm_hdaudio_unregister_client(&hdaudio_test_client);
	for (i = 0; i < nresults; i++)
		kfree(results[i]);
}
module_exit(hdaudio_test_exit);

MODULE_DESCRIPTION("Selftest client of the hda-wdm HD Audio bus interface");
MODULE_LICENSE("GPL");
