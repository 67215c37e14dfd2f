/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm verb transport (cmd.c): verbs out through the CORB (or the
 * immediate command registers), responses back through the RIRB,
 * unsolicited responses to the handler the bus installs.
 */
#ifndef _HDA_WDM_CMD_H
#define _HDA_WDM_CMD_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>

struct hda_wdm_cmd_ring;
struct hda_wdm_ctrl;

/**
 * typedef hda_wdm_unsol_t - receives an unsolicited response
 * @c: controller
 * @addr: codec address (SDI line) that sent it
 * @resp: the response; its tag is in bits 31:26
 *
 * Context: hard interrupt, or the thread draining the RIRB with
 * interrupts off; the transport's lock is held.
 */
typedef void (*hda_wdm_unsol_t)(struct hda_wdm_ctrl *c, u8 addr, u32 resp);

/**
 * struct hda_wdm_cmd - the codec verb transport (cmd.c)
 * @lock: protects the rings and the pending verb; taken in hard irq
 * @mutex: one synchronous verb in flight per controller
 * @wq: the waiter of the pending verb
 * @ring: CORB and RIRB, one coherent page
 * @ring_dma: bus address of @ring
 * @corb_entries: CORB size in entries
 * @rirb_entries: RIRB size in entries
 * @corb_wp: last CORB entry written
 * @rirb_rp: last RIRB entry read
 * @immediate: verbs use the immediate command registers
 * @pending: a verb waits for its answer
 * @answered: @response holds its answer
 * @pending_addr: codec address of the pending verb
 * @response: the answer
 * @dead_codecs: codecs that let a verb time out
 * @unsol_handler: receives unsolicited responses, in hard irq
 * @inject_pending: a test-injected RIRB entry waits for the next drain
 * @inject_resp: its response word
 * @inject_ex: its extended word (codec address, unsolicited bit)
 * @verbs: verbs sent
 * @timeouts: verbs that got no answer
 * @stray: solicited responses nobody waited for
 * @overruns: RIRB overruns
 * @resent: verbs sent again because an overrun lost their response
 * @unsol_count: unsolicited responses
 * @cache: the last value of every set verb sent, keyed by codec, node and
 *	verb (amps per direction, channel and index): hda_wdm_cmd_replay()
 *	sends them again once a codec has lost its state
 * @suspended: the link is down (system sleep): set verbs only go to
 *	@cache, others fail with -EAGAIN
 * @cache_errors: set verbs the cache had no memory for
 * @replayed: verbs sent again by hda_wdm_cmd_replay()
 * @replay_errors: of those, verbs that failed
 */
struct hda_wdm_cmd {
	spinlock_t lock;	/* see above */
	struct mutex mutex;	/* see above */
	wait_queue_head_t wq;
	struct hda_wdm_cmd_ring *ring;
	dma_addr_t ring_dma;
	unsigned int corb_entries;
	unsigned int rirb_entries;
	unsigned int corb_wp;
	unsigned int rirb_rp;
	bool immediate;
	bool pending;
	bool answered;
	u8 pending_addr;
	u32 response;
	unsigned long dead_codecs;
	hda_wdm_unsol_t unsol_handler;
	bool inject_pending;
	u32 inject_resp;
	u32 inject_ex;
	u64 verbs;
	u64 timeouts;
	u64 stray;
	u64 overruns;
	u64 resent;
	u64 unsol_count;
	struct xarray cache;
	bool suspended;
	u64 cache_errors;
	u64 replayed;
	u64 replay_errors;
};

int hda_wdm_cmd_init(struct hda_wdm_ctrl *c, bool single_cmd);
void hda_wdm_cmd_exit(struct hda_wdm_ctrl *c);
int hda_wdm_cmd_exec(struct hda_wdm_ctrl *c, u32 verb, u32 *resp);
int hda_wdm_cmd_exec_uncached(struct hda_wdm_ctrl *c, u32 verb, u32 *resp);
void hda_wdm_cmd_suspend(struct hda_wdm_ctrl *c);
int hda_wdm_cmd_resume(struct hda_wdm_ctrl *c);
unsigned int hda_wdm_cmd_replay(struct hda_wdm_ctrl *c, u8 addr,
				unsigned int *sent);
unsigned int hda_wdm_cmd_cached(struct hda_wdm_ctrl *c);
#ifdef HDA_WDM_TEST_BUILD
unsigned int hda_wdm_cmd_forget(struct hda_wdm_ctrl *c, u8 addr);
#endif
void hda_wdm_cmd_irq(struct hda_wdm_ctrl *c);
void hda_wdm_cmd_set_unsol_handler(struct hda_wdm_ctrl *c,
				   hda_wdm_unsol_t handler);
int hda_wdm_cmd_inject_unsol(struct hda_wdm_ctrl *c, u8 addr, u32 resp);

#endif /* _HDA_WDM_CMD_H */
