/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm power management (pm.c): the PCI glue's system sleep and runtime
 * PM callbacks, and the bus's count of what keeps a controller awake.
 */
#ifndef _HDA_WDM_PM_H
#define _HDA_WDM_PM_H

struct hda_wdm_ctrl;

int hda_wdm_pm_suspend(struct hda_wdm_ctrl *c);
int hda_wdm_pm_resume(struct hda_wdm_ctrl *c);
int hda_wdm_pm_runtime_suspend(struct hda_wdm_ctrl *c);
int hda_wdm_pm_runtime_resume(struct hda_wdm_ctrl *c);

void hda_wdm_pm_init(struct hda_wdm_ctrl *c);
void hda_wdm_pm_enable(struct hda_wdm_ctrl *c);
void hda_wdm_pm_exit(struct hda_wdm_ctrl *c);

int hda_wdm_pm_get(struct hda_wdm_ctrl *c);
void hda_wdm_pm_put(struct hda_wdm_ctrl *c);
void hda_wdm_pm_listen(struct hda_wdm_ctrl *c, bool on);

#endif /* _HDA_WDM_PM_H */
