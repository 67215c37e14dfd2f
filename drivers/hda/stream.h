/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm stream layer: the hardware sequences of one stream descriptor.
 */
#ifndef _HDA_WDM_STREAM_H
#define _HDA_WDM_STREAM_H

#include <linux/types.h>

struct hda_wdm_ctrl;

/**
 * struct hda_wdm_stream - what the hardware is programmed with
 * @index: stream descriptor number (inputs first)
 * @tag: stream tag on the link (1..15)
 * @fmt: SDnFMT
 * @bdl_dma: bus address of the BDL
 * @cbl: cyclic buffer length in bytes
 * @lvi: last valid BDL entry
 */
struct hda_wdm_stream {
	unsigned int index;
	u8 tag;
	u16 fmt;
	dma_addr_t bdl_dma;
	u32 cbl;
	u16 lvi;
};

int hda_wdm_stream_reset(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
u32 hda_wdm_stream_set_format(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
			      u16 fmt);
void hda_wdm_stream_program(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
void hda_wdm_stream_unprogram(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);
int hda_wdm_streams_run(struct hda_wdm_ctrl *c, unsigned long mask, bool run);
u8 hda_wdm_stream_ack(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s);

#endif /* _HDA_WDM_STREAM_H */
