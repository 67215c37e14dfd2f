/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm clients (client.c): function drivers and controllers meet here.
 */
#ifndef _HDA_WDM_CLIENT_H
#define _HDA_WDM_CLIENT_H

#include <linux/types.h>

struct hda_wdm_ctrl;

int hda_wdm_clients_add_ctrl(struct hda_wdm_ctrl *c);
void hda_wdm_clients_remove_ctrl(struct hda_wdm_ctrl *c);
void hda_wdm_clients_power(struct hda_wdm_ctrl *c, bool suspend);

#endif /* _HDA_WDM_CLIENT_H */
