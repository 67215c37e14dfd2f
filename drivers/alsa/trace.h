/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snd-hda-wdm-alsa tracepoints, in the bus driver's system (hda_wdm), so
 * that events/hda_wdm/enable takes them too once this module is loaded.
 * trace.c defines them; Kbuild puts drivers/alsa on its include path for
 * define_trace.h to include this header again.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hda_wdm

#if !defined(_HDA_WDM_ALSA_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _HDA_WDM_ALSA_TRACE_H

#include <linux/tracepoint.h>

/*
 * A PCM's pointer callback: the link position in buffer it read (bytes)
 * and the position it reported (frames; the buffer's end reads as 0).
 */
TRACE_EVENT(hda_wdm_pcm_pointer,
	    TP_PROTO(int card, int device, u8 tag, u32 lpib, unsigned long pos),
	    TP_ARGS(card, device, tag, lpib, pos),
	    TP_STRUCT__entry(__field(int, card)
			     __field(int, device)
			     __field(u8, tag)
			     __field(u32, lpib)
			     __field(unsigned long, pos)),
	    TP_fast_assign(__entry->card = card;
			   __entry->device = device;
			   __entry->tag = tag;
			   __entry->lpib = lpib;
			   __entry->pos = pos;),
	    TP_printk("pcmC%dD%dc tag=%u lpib=%u pos=%lu", __entry->card,
		      __entry->device, __entry->tag, __entry->lpib, __entry->pos)
);

/*
 * A period signalled: the position read (lpib), the end of the period it
 * completes (end) and the buffer's size in bytes (cbl). A period whose
 * BCIS came early is signalled once the position has passed its end.
 */
TRACE_EVENT(hda_wdm_pcm_period,
	    TP_PROTO(int card, int device, u8 tag, u32 lpib, u32 end, u32 cbl),
	    TP_ARGS(card, device, tag, lpib, end, cbl),
	    TP_STRUCT__entry(__field(int, card)
			     __field(int, device)
			     __field(u8, tag)
			     __field(u32, lpib)
			     __field(u32, end)
			     __field(u32, cbl)),
	    TP_fast_assign(__entry->card = card;
			   __entry->device = device;
			   __entry->tag = tag;
			   __entry->lpib = lpib;
			   __entry->end = end;
			   __entry->cbl = cbl;),
	    TP_printk("pcmC%dD%dc tag=%u lpib=%u end=%u cbl=%u", __entry->card,
		      __entry->device, __entry->tag, __entry->lpib,
		      __entry->end, __entry->cbl)
);

/*
 * A jack's presence as the driver reported it to its jack control: at
 * probe, after a pin's unsolicited response, after a system sleep.
 */
TRACE_EVENT(hda_wdm_jack,
	    TP_PROTO(int card, u8 addr, u8 nid, bool present),
	    TP_ARGS(card, addr, nid, present),
	    TP_STRUCT__entry(__field(int, card)
			     __field(u8, addr)
			     __field(u8, nid)
			     __field(bool, present)),
	    TP_fast_assign(__entry->card = card;
			   __entry->addr = addr;
			   __entry->nid = nid;
			   __entry->present = present;),
	    TP_printk("card%d codec=%u pin=%#x present=%u", __entry->card,
		      __entry->addr, __entry->nid, __entry->present)
);

#endif /* _HDA_WDM_ALSA_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
