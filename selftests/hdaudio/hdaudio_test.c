// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudio_test - a client of the hda-wdm HD Audio bus interface that drives
 * every routine and its documented errors on the first codec it is offered,
 * and captures the emulated PC's injected signal through the interface
 * itself. Results, one KTAP line per case, are in
 * /sys/kernel/debug/hdaudio-test/results; hdaudio_test.sh prints them.
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <wdm/dma.h>
#include <wdm/hdaudio.h>

#define MAX_RESULTS	128

static char *results[MAX_RESULTS];
static unsigned int nresults;
static unsigned int nfailed;
static struct dentry *dir;
static bool tested;

static bool tiny_fifo;
module_param(tiny_fifo, bool, 0444);
MODULE_PARM_DESC(tiny_fifo, "Only check that a 1-byte FIFO refuses an engine (load snd-hda-wdm with inject=8)");

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
	nresults++;
	if (!ok)
		nfailed++;
}

static void check_ret(int got, int want, const char *what)
{
	check(got == want, "%s (got %d, want %d)", what, got, want);
}

#define CHECK_RET(expr, want, what) check_ret((expr), (want), (what))

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
	struct wdm_hda_engine *e[5] = { };
	unsigned int i, got = 0;
	u16 cf;

	CHECK_RET(b->allocate_capture_dma_engine(b->context, 5, &fmt48, &e[0], &cf),
		  -EINVAL, "capture engine on a codec address with no codec");
	CHECK_RET(b->allocate_render_dma_engine(b->context, &fmt48, false, &e[0], &cf),
		  -EOPNOTSUPP, "render engines are not offered");
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
	struct wdm_hda_engine *e, *bad = (struct wdm_hda_engine *)&fmt48;
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
}

/* Runs an engine with a notification buffer and checks where events come. */
static void test_notifications(const struct wdm_hdaudio_bus_interface *b,
			       u32 count)
{
	struct completion ev;
	const u32 __iomem *lpib;
	struct wdm_hda_engine *e;
	unsigned int i, good = 0, got = 0;
	size_t size, off;
	struct wdm_mdl *mdl;
	u32 fifo;
	u8 sid;
	u16 cf;

	init_completion(&ev);
	if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e, &cf) ||
	    b->allocate_dma_buffer_with_notification(b->context, e, count,
						     48000 * 4 / 8, &mdl, &size,
						     &off, &sid, &fifo)) {
		check(false, "count %u: engine and buffer", count);
		return;
	}
	CHECK_RET(b->register_notification_event(b->context, e, &ev), 0,
		  "RegisterNotificationEvent");
	CHECK_RET(b->register_notification_event(b->context, e, &ev), -EINVAL,
		  "RegisterNotificationEvent twice");
	b->get_link_position_register(b->context, e, &lpib);
	wdm_hdaudio_codec_capture_setup(b->context, 0, sid, cf);
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
	wdm_hdaudio_codec_capture_setup(b->context, 0, 0, 0);
	check(got == 6, "count %u: 6 notifications arrived (%u)", count, got);
	check(good >= 5, "count %u: %u of %u at the notification point", count,
	      good, got);
	CHECK_RET(b->unregister_notification_event(b->context, e, &ev), 0,
		  "UnregisterNotificationEvent");
	CHECK_RET(b->unregister_notification_event(b->context, e, &ev), -EINVAL,
		  "UnregisterNotificationEvent of an unknown event");
	CHECK_RET(b->free_dma_buffer_with_notification(b->context, e, mdl, size + 1),
		  -EINVAL, "FreeDmaBufferWithNotification with the wrong size");
	CHECK_RET(b->free_dma_buffer_with_notification(b->context, e, mdl, size),
		  0, "FreeDmaBufferWithNotification");
	b->free_dma_engine(b->context, e);
}

static atomic_t isr_calls, isr_bcis;

static void bdl_isr(void *ctx, u32 bits)
{
	atomic_inc(&isr_calls);
	if (bits & WDM_HDA_ISR_BCIS)
		atomic_inc(&isr_bcis);
}

static void test_bdl(const struct wdm_hdaudio_bus_interface *b)
{
	struct wdm_hdaudio_bdl_entry *bdl;
	struct wdm_hda_engine *e;
	dma_addr_t data_dma;
	unsigned int i, calls;
	void *data;
	u32 fifo;
	u8 sid;
	u16 cf;

	if (b->allocate_capture_dma_engine(b->context, 0, &fmt48, &e, &cf)) {
		check(false, "engine for the BDL tests");
		return;
	}
	CHECK_RET(b->allocate_contiguous_dma_buffer(b->context, e, 4 * 4096, &data,
						    &data_dma, &bdl), 0,
		  "AllocateContiguousDmaBuffer");
	CHECK_RET(b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e),
		  -EBADFD, "SetDmaEngineState before SetupDmaEngineWithBdl");
	for (i = 0; i < 4; i++) {
		bdl[i].address = cpu_to_le64(data_dma + i * 4096);
		bdl[i].length = cpu_to_le32(4096);
		bdl[i].flags = cpu_to_le32(WDM_HDA_BDLE_IOC);
	}
	CHECK_RET(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 0, bdl_isr,
					       NULL, &sid, &fifo), -EINVAL,
		  "SetupDmaEngineWithBdl with LVI 0");
	CHECK_RET(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096 - 1, 3,
					       bdl_isr, NULL, &sid, &fifo), -EINVAL,
		  "SetupDmaEngineWithBdl with a length unlike the BDL's sum");
	bdl[1].address = cpu_to_le64(data_dma + 4096 + 64);
	CHECK_RET(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 3, bdl_isr,
					       NULL, &sid, &fifo), -EINVAL,
		  "SetupDmaEngineWithBdl with a fragment off 128 bytes");
	bdl[1].address = cpu_to_le64(data_dma + 64 * 4096);
	CHECK_RET(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 3, bdl_isr,
					       NULL, &sid, &fifo), -EINVAL,
		  "SetupDmaEngineWithBdl with a fragment outside the buffer");
	bdl[1].address = cpu_to_le64(data_dma + 4096);
	CHECK_RET(b->setup_dma_engine_with_bdl(b->context, e, 4 * 4096, 3, bdl_isr,
					       NULL, &sid, &fifo), 0,
		  "SetupDmaEngineWithBdl");
	atomic_set(&isr_calls, 0);
	atomic_set(&isr_bcis, 0);
	wdm_hdaudio_codec_capture_setup(b->context, 0, sid, cf);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RUN, 1, &e);
	msleep(300);	/* 4 fragments of 21 ms: about 14 completions */
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_STOP, 1, &e);
	calls = atomic_read(&isr_calls);
	check(calls >= 4 && calls == atomic_read(&isr_bcis),
	      "ISR called once per completed fragment, with BCIS (%u calls)",
	      calls);
	b->set_dma_engine_state(b->context, WDM_HDA_STATE_RESET, 1, &e);
	wdm_hdaudio_codec_capture_setup(b->context, 0, 0, 0);
	CHECK_RET(b->free_contiguous_dma_buffer(b->context, e), 0,
		  "FreeContiguousDmaBuffer");
	b->free_dma_engine(b->context, e);
}

/* Capture through the interface; the data must be the injected signal. */
static void test_capture(const struct wdm_hdaudio_bus_interface *b)
{
	const u32 __iomem *lpib;
	struct wdm_hda_engine *e;
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
	check(frames && !bad, "capture is bit-exact and contiguous (%u of %u frames off)",
	      bad, frames);
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

static int hdaudio_test_probe(struct wdm_hdaudio_client *client,
			      const struct wdm_hdaudio_bus_interface *b,
			      void **data)
{
	u8 addr;

	b->get_resource_information(b->context, &addr, NULL);
	if (tested || addr != 0)
		return 0;
	tested = true;
	if (tiny_fifo) {
		struct wdm_hda_engine *e;
		u16 cf;

		CHECK_RET(b->allocate_capture_dma_engine(b->context, 0, &fmt48,
							 &e, &cf), -ENOBUFS,
			  "an engine whose FIFO cannot hold a sample block");
		return 0;
	}
	check(b->size == sizeof(*b), "interface size");
	test_formats();
	test_info_and_verbs(b);
	test_async_verbs(b);
	test_engines(b);
	test_states(b);
	test_events(b);
	test_notifications(b, 1);
	test_notifications(b, 2);
	test_bdl(b);
	test_capture(b);
	return 0;
}

static void hdaudio_test_remove(struct wdm_hdaudio_client *client,
				const struct wdm_hdaudio_bus_interface *b,
				void *data)
{
}

static struct wdm_hdaudio_client hdaudio_test_client = {
	.name = "hdaudio-test",
	.probe = hdaudio_test_probe,
	.remove = hdaudio_test_remove,
};

static int results_show(struct seq_file *s, void *unused)
{
	unsigned int i;

	for (i = 0; i < nresults; i++)
		seq_printf(s, "%s\n", results[i] ?: "not ok ? (no memory)");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(results);

static int __init hdaudio_test_init(void)
{
	int ret = wdm_hdaudio_register_client(&hdaudio_test_client);

	if (ret)
		return ret;
	dir = debugfs_create_dir("hdaudio-test", NULL);
	debugfs_create_file("results", 0444, dir, NULL, &results_fops);
	pr_info("hdaudio_test: %u cases, %u failed\n", nresults, nfailed);
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
