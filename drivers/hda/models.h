/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm: the HD Audio controllers this driver knows how to drive, and
 * the PCI configuration settings each generation needs (drivers/hda/models.c).
 */
#ifndef HDA_WDM_MODELS_H
#define HDA_WDM_MODELS_H

#include <linux/pci.h>
#include <linux/types.h>

/*
 * What a controller generation needs beyond the HD Audio specification.
 * HDA_WDM_M_TCSEL: TCSEL (config 0x44, bits 2:0) set to traffic class 0.
 * HDA_WDM_M_SNOOP: snooped DMA through DEVC (config 0x78): its no-snoop
 * enable (bit 11) cleared, since our DMA memory is cached.
 * HDA_WDM_M_CGCTL: misc backbone clock gating (CGCTL, config 0x48, bit 6)
 * off while the link is taken through reset.
 * HDA_WDM_M_IMMEDIATE: verbs through the immediate command registers.
 */
#define HDA_WDM_M_TCSEL		BIT(0)
#define HDA_WDM_M_SNOOP		BIT(1)
#define HDA_WDM_M_CGCTL		BIT(2)
#define HDA_WDM_M_IMMEDIATE	BIT(3)

/**
 * struct hda_wdm_model - one controller the driver knows
 * @vendor: PCI vendor ID
 * @device: PCI device ID
 * @name: the chipset generation, for the log and debugfs
 * @flags: HDA_WDM_M_* settings the generation needs
 */
struct hda_wdm_model {
	u16 vendor;
	u16 device;
	const char *name;
	unsigned int flags;
};

const struct hda_wdm_model *hda_wdm_model_find(struct pci_dev *pci);
void hda_wdm_model_setup(struct pci_dev *pci, const struct hda_wdm_model *m);
void hda_wdm_model_reset_prepare(struct pci_dev *pci,
				 const struct hda_wdm_model *m, bool before);

#endif /* HDA_WDM_MODELS_H */
