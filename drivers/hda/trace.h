/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm tracepoints of the bus driver (TRACE_SYSTEM hda_wdm): codec
 * verbs and their responses, unsolicited responses, CORB/RIRB errors,
 * the controller's interrupt, stream start / stop and each stream's
 * interrupt with the link position it found, FIFO and descriptor errors,
 * a system sleep's suspend and resume.
 * Documentation/tracing.rst lists them and how to enable them.
 *
 * trace.c defines them (CREATE_TRACE_POINTS); define_trace.h then includes
 * this header again as TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE.h, which
 * Kbuild resolves with drivers/hda on trace.o's include path (and there
 * only).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hda_wdm

#ifndef _HDA_WDM_TRACE_HELPERS_H
#define _HDA_WDM_TRACE_HELPERS_H

#include <linux/device.h>
#include <linux/string.h>
#include <linux/types.h>

#include "controller.h"

/* dev_name() of a PCI function: "0000:00:1b.0" */
#define HDA_TRACE_DEV_LEN	16

/*
 * A verb's 20 bits below the NID: a 12-bit verb with an 8-bit payload
 * (verbs 0x7xx and 0xfxx) or a 4-bit verb with a 16-bit payload.
 */
static inline bool hda_trace_verb_is12(u32 verb)
{
	u8 top = (verb >> 16) & 0xf;

	return top == 0x7 || top == 0xf;
}

static inline u16 hda_trace_verb_id(u32 verb)
{
	return hda_trace_verb_is12(verb) ? (verb >> 8) & 0xfff :
					   (verb >> 16) & 0xf;
}

static inline u16 hda_trace_verb_payload(u32 verb)
{
	return hda_trace_verb_is12(verb) ? verb & 0xff : verb & 0xffff;
}

/* The sample rate of a converter format (SDnFMT): base x mult / div */
static inline u32 hda_trace_fmt_rate(u16 fmt)
{
	return (fmt & BIT(14) ? 44100 : 48000) * (((fmt >> 11) & 7) + 1) /
	       (((fmt >> 8) & 7) + 1);
}

static inline u8 hda_trace_fmt_bits(u16 fmt)
{
	static const u8 bits[8] = { 8, 16, 20, 24, 32 };

	return bits[(fmt >> 4) & 7];
}

#endif /* _HDA_WDM_TRACE_HELPERS_H */

#if !defined(_HDA_WDM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _HDA_WDM_TRACE_H

#include <linux/tracepoint.h>

/* A verb as sent (the caller's, before any test fault rewrites it) */
TRACE_EVENT(hda_wdm_verb,
	    TP_PROTO(struct hda_wdm_ctrl *c, u32 verb),
	    TP_ARGS(c, verb),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u8, addr)
			     __field(u8, nid)
			     __field(u16, verb)
			     __field(u16, payload)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->addr = verb >> 28;
			   __entry->nid = (verb >> 20) & 0xff;
			   __entry->verb = hda_trace_verb_id(verb);
			   __entry->payload = hda_trace_verb_payload(verb);),
	    TP_printk("%s codec=%u nid=%#04x verb=%#05x payload=%#06x",
		      __entry->dev, __entry->addr, __entry->nid, __entry->verb,
		      __entry->payload)
);

/*
 * The outcome of a verb: its response, or the error (-ETIMEDOUT: the
 * codec did not answer in time, and gets no more verbs).
 */
TRACE_EVENT(hda_wdm_response,
	    TP_PROTO(struct hda_wdm_ctrl *c, u32 verb, u32 resp, int err),
	    TP_ARGS(c, verb, resp, err),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u8, addr)
			     __field(u8, nid)
			     __field(u16, verb)
			     __field(u32, resp)
			     __field(int, err)
			     __field(bool, timeout)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->addr = verb >> 28;
			   __entry->nid = (verb >> 20) & 0xff;
			   __entry->verb = hda_trace_verb_id(verb);
			   __entry->resp = resp;
			   __entry->err = err;
			   __entry->timeout = err == -ETIMEDOUT;),
	    TP_printk("%s codec=%u nid=%#04x verb=%#05x resp=%#010x err=%d timeout=%d",
		      __entry->dev, __entry->addr, __entry->nid, __entry->verb,
		      __entry->resp, __entry->err, __entry->timeout)
);

/* An unsolicited response; the tag is in bits 31:26 */
TRACE_EVENT(hda_wdm_unsol,
	    TP_PROTO(struct hda_wdm_ctrl *c, u8 addr, u32 resp),
	    TP_ARGS(c, addr, resp),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u8, addr)
			     __field(u8, tag)
			     __field(u32, resp)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->addr = addr;
			   __entry->tag = resp >> 26;
			   __entry->resp = resp;),
	    TP_printk("%s codec=%u tag=%u resp=%#010x", __entry->dev,
		      __entry->addr, __entry->tag, __entry->resp)
);

/* RIRBSTS with OIS (responses lost) or CORBSTS with CMEI (memory error) */
DECLARE_EVENT_CLASS(hda_wdm_ring_error,
		    TP_PROTO(struct hda_wdm_ctrl *c, u8 sts),
		    TP_ARGS(c, sts),
		    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
				     __field(u8, sts)),
		    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
					   HDA_TRACE_DEV_LEN);
				   __entry->sts = sts;),
		    TP_printk("%s sts=%#04x", __entry->dev, __entry->sts)
);

DEFINE_EVENT(hda_wdm_ring_error, hda_wdm_rirb_overrun,
	     TP_PROTO(struct hda_wdm_ctrl *c, u8 sts),
	     TP_ARGS(c, sts)
);

DEFINE_EVENT(hda_wdm_ring_error, hda_wdm_corb_error,
	     TP_PROTO(struct hda_wdm_ctrl *c, u8 sts),
	     TP_ARGS(c, sts)
);

/* The controller's interrupt: INTSTS as the handler read it */
TRACE_EVENT(hda_wdm_irq,
	    TP_PROTO(struct hda_wdm_ctrl *c, u32 intsts),
	    TP_ARGS(c, intsts),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u32, intsts)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->intsts = intsts;),
	    TP_printk("%s intsts=%#010x", __entry->dev, __entry->intsts)
);

/*
 * A stream's RUN bit set or cleared, with what it runs: the stream tag
 * on the link, the direction, the format (SDnFMT, decoded), the cyclic
 * buffer length and the last valid BDL entry.
 */
DECLARE_EVENT_CLASS(hda_wdm_stream_run,
		    TP_PROTO(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
			     bool capture),
		    TP_ARGS(c, s, capture),
		    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
				     __field(u8, stream)
				     __field(u8, tag)
				     __field(bool, capture)
				     __field(u16, fmt)
				     __field(u32, rate)
				     __field(u8, bits)
				     __field(u8, channels)
				     __field(u32, cbl)
				     __field(u16, lvi)),
		    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
					   HDA_TRACE_DEV_LEN);
				   __entry->stream = s->index;
				   __entry->tag = s->tag;
				   __entry->capture = capture;
				   __entry->fmt = s->fmt;
				   __entry->rate = hda_trace_fmt_rate(s->fmt);
				   __entry->bits = hda_trace_fmt_bits(s->fmt);
				   __entry->channels = (s->fmt & 0xf) + 1;
				   __entry->cbl = s->cbl;
				   __entry->lvi = s->lvi;),
		    TP_printk("%s SD%u tag=%u %s fmt=%#06x %u Hz %u bits %u ch cbl=%u lvi=%u",
			      __entry->dev, __entry->stream, __entry->tag,
			      __entry->capture ? "capture" : "render",
			      __entry->fmt, __entry->rate, __entry->bits,
			      __entry->channels, __entry->cbl, __entry->lvi)
);

DEFINE_EVENT(hda_wdm_stream_run, hda_wdm_stream_start,
	     TP_PROTO(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
		      bool capture),
	     TP_ARGS(c, s, capture)
);

DEFINE_EVENT(hda_wdm_stream_run, hda_wdm_stream_stop,
	     TP_PROTO(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s,
		      bool capture),
	     TP_ARGS(c, s, capture)
);

/*
 * A stream's interrupt: the status bits acknowledged (BCIS 0x04, a BDL
 * entry with IOC completed, i.e. a period; FIFOE 0x08; DESE 0x10) and the
 * link position in buffer read right after.
 */
TRACE_EVENT(hda_wdm_stream_irq,
	    TP_PROTO(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s, u8 sts,
		     u32 lpib),
	    TP_ARGS(c, s, sts, lpib),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u8, stream)
			     __field(u8, tag)
			     __field(u8, sts)
			     __field(u32, lpib)
			     __field(u32, cbl)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->stream = s->index;
			   __entry->tag = s->tag;
			   __entry->sts = sts;
			   __entry->lpib = lpib;
			   __entry->cbl = s->cbl;),
	    TP_printk("%s SD%u tag=%u sts=%#04x lpib=%u cbl=%u", __entry->dev,
		      __entry->stream, __entry->tag, __entry->sts,
		      __entry->lpib, __entry->cbl)
);

/* FIFOE or DESE as the stream's engine sees it (injected ones included) */
TRACE_EVENT(hda_wdm_stream_error,
	    TP_PROTO(struct hda_wdm_ctrl *c, struct hda_wdm_stream *s, u8 sts),
	    TP_ARGS(c, s, sts),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u8, stream)
			     __field(u8, tag)
			     __field(u8, sts)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->stream = s->index;
			   __entry->tag = s->tag;
			   __entry->sts = sts;),
	    TP_printk("%s SD%u tag=%u sts=%#04x%s%s", __entry->dev,
		      __entry->stream, __entry->tag, __entry->sts,
		      __entry->sts & 0x08 ? " fifo-error" : "",
		      __entry->sts & 0x10 ? " descriptor-error" : "")
);

/*
 * A suspend of the controller, done: the codecs it put in D3 (mask of
 * addresses), the time it took, and whether it was runtime power saving
 * (power_save) rather than system sleep.
 */
TRACE_EVENT(hda_wdm_suspend,
	    TP_PROTO(struct hda_wdm_ctrl *c, unsigned long d3, s64 us,
		     bool runtime),
	    TP_ARGS(c, d3, us, runtime),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(u16, d3)
			     __field(s64, us)
			     __field(bool, runtime)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->d3 = d3;
			   __entry->us = us;
			   __entry->runtime = runtime;),
	    TP_printk("%s codecs_d3=%#x us=%lld runtime=%d", __entry->dev,
		      __entry->d3, __entry->us, __entry->runtime)
);

/*
 * Its resume, done as far as the bus goes, before its clients are told
 * (their own events follow it): the error (0, or the link's: the
 * controller did not come back), the codecs that answered the link reset,
 * those cut off (lost now or before), the set verbs restored and how many
 * of them failed, and the time it took.
 */
TRACE_EVENT(hda_wdm_resume,
	    TP_PROTO(struct hda_wdm_ctrl *c, int err, unsigned long answered,
		     unsigned long dead, unsigned int replayed,
		     unsigned int failed, s64 us),
	    TP_ARGS(c, err, answered, dead, replayed, failed, us),
	    TP_STRUCT__entry(__array(char, dev, HDA_TRACE_DEV_LEN)
			     __field(int, err)
			     __field(u16, answered)
			     __field(u16, dead)
			     __field(unsigned int, replayed)
			     __field(unsigned int, failed)
			     __field(s64, us)),
	    TP_fast_assign(strscpy(__entry->dev, dev_name(c->dev),
				   HDA_TRACE_DEV_LEN);
			   __entry->err = err;
			   __entry->answered = answered;
			   __entry->dead = dead;
			   __entry->replayed = replayed;
			   __entry->failed = failed;
			   __entry->us = us;),
	    TP_printk("%s err=%d codecs=%#x cut_off=%#x verbs_restored=%u failed=%u us=%lld",
		      __entry->dev, __entry->err, __entry->answered,
		      __entry->dead, __entry->replayed, __entry->failed,
		      __entry->us)
);

#endif /* _HDA_WDM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
