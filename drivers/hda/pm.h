/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm system sleep (pm.c): the PCI glue's suspend and resume.
 */
#ifndef _HDA_WDM_PM_H
#define _HDA_WDM_PM_H

struct hda_wdm_ctrl;

int hda_wdm_pm_suspend(struct hda_wdm_ctrl *c);
int hda_wdm_pm_resume(struct hda_wdm_ctrl *c);

#endif /* _HDA_WDM_PM_H */
