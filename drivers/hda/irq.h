/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm interrupt handler (irq.c), the top of the module's layers.
 */
#ifndef _HDA_WDM_IRQ_H
#define _HDA_WDM_IRQ_H

#include <linux/irqreturn.h>

irqreturn_t hda_wdm_irq(int irq, void *data);

#endif /* _HDA_WDM_IRQ_H */
