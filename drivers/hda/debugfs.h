/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm debugfs (debugfs.c): read-only views of every layer under
 * /sys/kernel/debug/hda-wdm/<pci-bdf>/; stubs when debugfs is off.
 */
#ifndef _HDA_WDM_DEBUGFS_H
#define _HDA_WDM_DEBUGFS_H

struct hda_wdm_ctrl;

#ifdef CONFIG_DEBUG_FS
void hda_wdm_debugfs_init(void);
void hda_wdm_debugfs_exit(void);
void hda_wdm_debugfs_add(struct hda_wdm_ctrl *c, const char *name);
void hda_wdm_debugfs_remove(struct hda_wdm_ctrl *c);
#else
static inline void hda_wdm_debugfs_init(void) { }
static inline void hda_wdm_debugfs_exit(void) { }
static inline void hda_wdm_debugfs_add(struct hda_wdm_ctrl *c,
				       const char *name) { }
static inline void hda_wdm_debugfs_remove(struct hda_wdm_ctrl *c) { }
#endif

#endif /* _HDA_WDM_DEBUGFS_H */
