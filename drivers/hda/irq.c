// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the controller's interrupt handler.
 *
 * It sits at the top of the module and calls down: the verb transport
 * takes CORB/RIRB status, the controller acknowledges codec wake bits and
 * each stream's status (writing back exactly the bits it read) and hands
 * that status to the bus's engine, as hda_controller.c's azx_interrupt()
 * hands it to snd_hdac_bus_handle_stream_irq() with its callback. No
 * lower layer calls up into a higher one by name.
 */

#include <linux/interrupt.h>

#include "bus.h"
#include "cmd.h"
#include "controller.h"
#include "irq.h"
#include "trace.h"

/**
 * hda_wdm_irq() - the controller's interrupt handler
 * @irq: interrupt number
 * @data: the controller
 *
 * Context: hard interrupt.
 * Return: IRQ_HANDLED if the controller raised it, IRQ_NONE otherwise
 * (including a controller that reads all-ones: it is gone).
 */
irqreturn_t hda_wdm_irq(int irq, void *data)
{
	struct hda_wdm_ctrl *c = data;
	u32 sts = hda_rl(c, HDA_INTSTS);
	unsigned long streams;

	if (!(sts & HDA_INT_GIS) || sts == ~0U)
		return IRQ_NONE;

	atomic64_inc(&c->irq_count);
	trace_hda_wdm_irq(c, sts);
	if (sts & HDA_INT_CIS) {
		hda_wdm_cmd_irq(c);
		hda_wdm_ctrl_ack_wake(c);
	}
	streams = hda_wdm_ctrl_stream_irq(c, sts, hda_wdm_bus_stream_irq);
	if (!(sts & HDA_INT_CIS) && !streams)
		atomic64_inc(&c->irq_unhandled);
	return IRQ_HANDLED;
}
