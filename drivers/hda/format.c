// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: stream formats. The converter format (SDnFMT and the codec's
 * SET_FORMAT payload) of a client's format, the link bits a stream takes
 * on its SDI line per frame, and the bytes of one sample block in memory.
 */

#include <linux/kernel.h>
#include <linux/export.h>

#include <wdm/hdaudio.h>

#include "bus.h"

static const struct {
	u32 rate;
	u16 bits;	/* base, multiplier - 1, divisor - 1 */
} hda_rates[] = {
	{ 8000, 0 << 14 | 0 << 11 | 5 << 8 },
	{ 9600, 0 << 14 | 0 << 11 | 4 << 8 },
	{ 11025, 1 << 14 | 0 << 11 | 3 << 8 },
	{ 16000, 0 << 14 | 0 << 11 | 2 << 8 },
	{ 22050, 1 << 14 | 0 << 11 | 1 << 8 },
	{ 32000, 0 << 14 | 1 << 11 | 2 << 8 },
	{ 44100, 1 << 14 | 0 << 11 | 0 << 8 },
	{ 48000, 0 << 14 | 0 << 11 | 0 << 8 },
	{ 88200, 1 << 14 | 1 << 11 | 0 << 8 },
	{ 96000, 0 << 14 | 1 << 11 | 0 << 8 },
	{ 176400, 1 << 14 | 3 << 11 | 0 << 8 },
	{ 192000, 0 << 14 | 3 << 11 | 0 << 8 },
};

/**
 * wdm_hdaudio_converter_format() - encode a stream format
 * @format: rate, valid bits, container and channels
 * @converter_format: the 16-bit converter / SDnFMT value
 *
 * Valid bits pick the BITS field (8, 16, 20, 24, 32); 8 and 16 need a
 * container of the same size, 20, 24 and 32 a 32-bit container.
 *
 * Return: 0, or -EINVAL for a format the encoding cannot express.
 */
int wdm_hdaudio_converter_format(const struct wdm_hdaudio_stream_format *format,
				 u16 *converter_format)
{
	unsigned int i, bits;

	if (!format || !converter_format)
		return -EINVAL;
	if (format->number_of_channels < 1 || format->number_of_channels > 16)
		return -EINVAL;
	switch (format->valid_bits_per_sample) {
	case 8:
		bits = 0;
		break;
	case 16:
		bits = 1;
		break;
	case 20:
		bits = 2;
		break;
	case 24:
		bits = 3;
		break;
	case 32:
		bits = 4;
		break;
	default:
		return -EINVAL;
	}
	if (format->container_size != (bits < 2 ? format->valid_bits_per_sample : 32))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(hda_rates); i++) {
		if (hda_rates[i].rate == format->sample_rate) {
			*converter_format = hda_rates[i].bits | bits << 4 |
					    (format->number_of_channels - 1);
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_converter_format);

/**
 * hda_wdm_link_bits() - link bits a stream takes per 48 kHz frame and line
 * @f: the stream format
 * @lines: lines its samples are spread over (1; 2 or 4 for a striped
 *	render stream, whose bits go round the SDO lines one by one)
 *
 * Return: the bits of its sample blocks (rounded up to whole blocks, and
 * up to whole bits per line) plus a header, which every line carries.
 */
u32 hda_wdm_link_bits(const struct wdm_hdaudio_stream_format *f,
		      unsigned int lines)
{
	return HDA_STREAM_HEADER_BITS +
	       DIV_ROUND_UP(DIV_ROUND_UP(f->sample_rate, 48000) *
			    f->number_of_channels * f->valid_bits_per_sample,
			    lines);
}

/**
 * hda_wdm_block_bytes() - bytes per sample block in memory
 * @f: the stream format
 *
 * Return: channels times the container size in bytes.
 */
u32 hda_wdm_block_bytes(const struct wdm_hdaudio_stream_format *f)
{
	return f->number_of_channels * f->container_size / 8;
}
