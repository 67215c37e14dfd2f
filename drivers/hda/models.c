// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: the controllers this driver knows how to drive.
 *
 * One row per PCI ID, each with the settings of its generation, from the
 * Intel High Definition Audio specification and the chipset datasheets:
 *
 *   ICH6 .. ICH10          TCSEL to traffic class 0
 *   5 Series .. 9 Series   also snooped DMA through DEVC
 *   100 Series and later   also misc backbone clock gating off around the
 *                          link reset (CGCTL)
 *   Lunar Lake and later   also verbs through the immediate command
 *                          registers (their CORB/RIRB is not used)
 *
 * A controller not in the table, or of another class, is refused at probe
 * with a log line. Refused on purpose: the HDMI-only controllers of
 * Haswell / Broadwell graphics and discrete Intel graphics (their codecs
 * need the graphics driver's display power, which this driver does not
 * request), and AMD, NVIDIA and other vendors' controllers (their snoop
 * control is not implemented). Controllers of the 100 Series and later may
 * report a DSP (class 0x040380); only their HD Audio interface is driven
 * then, as a BIOS in "HD Audio" mode presents it: no DMIC, no SoundWire.
 */

#include <linux/pci.h>

#include "models.h"

#define HDA_PCI_TCSEL		0x44	/* traffic class select, bits 2:0 */
#define HDA_PCI_CGCTL		0x48	/* clock gating control */
#define HDA_PCI_CGCTL_MISCBDCGE	BIT(6)	/* misc backbone dynamic clock gating */
#define HDA_PCI_DEVC		0x78	/* device control (PCH) */
#define HDA_PCI_DEVC_NSNPEN	BIT(11)	/* no-snoop enable */

#define ICH	HDA_WDM_M_TCSEL
#define PCH	(HDA_WDM_M_TCSEL | HDA_WDM_M_SNOOP)
#define SKL	(PCH | HDA_WDM_M_CGCTL)
#define LNL	(SKL | HDA_WDM_M_IMMEDIATE)

#define INTEL(id, n, f) { PCI_VENDOR_ID_INTEL, id, n, f }

static const struct hda_wdm_model hda_wdm_models[] = {
	INTEL(0x2668, "ICH6", ICH),
	INTEL(0x27d8, "ICH7", ICH),
	INTEL(0x269a, "ESB2", ICH),
	INTEL(0x284b, "ICH8", ICH),
	INTEL(0x293e, "ICH9", ICH),
	INTEL(0x293f, "ICH9", ICH),
	INTEL(0x3a3e, "ICH10", ICH),
	INTEL(0x3a6e, "ICH10", ICH),
	INTEL(0x3b56, "5 Series / 3400", PCH),
	INTEL(0x3b57, "5 Series / 3400", PCH),
	INTEL(0x1c20, "6 Series (Cougar Point)", PCH),
	INTEL(0x1d20, "C600 (Patsburg)", PCH),
	INTEL(0x1e20, "7 Series (Panther Point)", PCH),
	INTEL(0x8c20, "8 Series (Lynx Point)", PCH),
	INTEL(0x9c20, "Lynx Point-LP", PCH),
	INTEL(0x9c21, "Lynx Point-LP", PCH),
	INTEL(0x8ca0, "9 Series", PCH),
	INTEL(0x9ca0, "Wildcat Point-LP", PCH),
	INTEL(0x8d20, "Wellsburg", PCH),
	INTEL(0x8d21, "Wellsburg", PCH),
	INTEL(0xa1f0, "C620 (Lewisburg)", PCH),
	INTEL(0xa270, "C620 (Lewisburg)", PCH),
	INTEL(0xa170, "100 Series (Sunrise Point)", SKL),
	INTEL(0x9d70, "Sunrise Point-LP", SKL),
	INTEL(0xa171, "Kaby Lake", SKL),
	INTEL(0x9d71, "Kaby Lake-LP", SKL),
	INTEL(0xa2f0, "200 Series (Kaby Lake-H)", SKL),
	INTEL(0xa348, "300 Series (Cannon Lake-H)", SKL),
	INTEL(0x9dc8, "Cannon Lake-LP", SKL),
	INTEL(0x02c8, "Comet Lake-LP", SKL),
	INTEL(0x06c8, "Comet Lake-H", SKL),
	INTEL(0xa3f0, "400 Series (Comet Lake-S)", SKL),
	INTEL(0xf0c8, "Comet Lake-R", SKL),
	INTEL(0xf1c8, "500 Series (Rocket Lake-S)", SKL),
	INTEL(0x34c8, "Ice Lake-LP", SKL),
	INTEL(0x3dc8, "Ice Lake-H", SKL),
	INTEL(0x38c8, "Ice Lake-N", SKL),
	INTEL(0x4dc8, "Jasper Lake", SKL),
	INTEL(0xa0c8, "Tiger Lake-LP", SKL),
	INTEL(0x43c8, "Tiger Lake-H", SKL),
	INTEL(0x4b55, "Elkhart Lake", SKL),
	INTEL(0x4b58, "Elkhart Lake", SKL),
	INTEL(0x7ad0, "600 Series (Alder Lake-S)", SKL),
	INTEL(0x51c8, "Alder Lake-P", SKL),
	INTEL(0x51c9, "Alder Lake-PS", SKL),
	INTEL(0x51cd, "Alder Lake-PX", SKL),
	INTEL(0x51cc, "Alder Lake-M", SKL),
	INTEL(0x54c8, "Alder Lake-N", SKL),
	INTEL(0x7a50, "700 Series (Raptor Lake-S)", SKL),
	INTEL(0x51ca, "Raptor Lake-P", SKL),
	INTEL(0x51cb, "Raptor Lake-P", SKL),
	INTEL(0x51ce, "Raptor Lake-M", SKL),
	INTEL(0x51cf, "Raptor Lake-PX", SKL),
	INTEL(0x7e28, "Meteor Lake", SKL),
	INTEL(0x7f50, "800 Series (Arrow Lake-S)", SKL),
	INTEL(0x7728, "Arrow Lake", SKL),
	INTEL(0xa828, "Lunar Lake", LNL),
};

/**
 * hda_wdm_model_find() - the table row of a PCI function, if we drive it
 * @pci: the PCI function offered to the driver
 *
 * Logs why a function is refused.
 *
 * Return: the row, or NULL when the function is not a controller this
 * driver knows how to drive.
 */
const struct hda_wdm_model *hda_wdm_model_find(struct pci_dev *pci)
{
	unsigned int i;

	if ((pci->class >> 8) != PCI_CLASS_MULTIMEDIA_HD_AUDIO) {
		dev_err(&pci->dev, "class %#08x: not an HD Audio controller, refused\n",
			pci->class);
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(hda_wdm_models); i++) {
		const struct hda_wdm_model *m = &hda_wdm_models[i];

		if (m->vendor != pci->vendor || m->device != pci->device)
			continue;
		if ((pci->class & 0xff) && !(m->flags & HDA_WDM_M_CGCTL)) {
			dev_err(&pci->dev, "%s with programming interface %#04x: not the HD Audio interface, refused\n",
				m->name, pci->class & 0xff);
			return NULL;
		}
		if (pci->class & 0xff)
			dev_info(&pci->dev, "%s reports a DSP: only its HD Audio interface is driven (no DMIC, no SoundWire)\n",
				 m->name);
		return m;
	}
	dev_err(&pci->dev, "%04x:%04x is an HD Audio controller hda-wdm does not know how to drive, refused (Documentation/design.rst, \"Controllers\")\n",
		pci->vendor, pci->device);
	return NULL;
}

/**
 * hda_wdm_model_setup() - apply a generation's PCI configuration settings
 * @pci: the controller
 * @m: its table row
 *
 * Called once the function is enabled, before the controller is reset.
 */
void hda_wdm_model_setup(struct pci_dev *pci, const struct hda_wdm_model *m)
{
	u16 devc;
	u8 tcsel;

	if (m->flags & HDA_WDM_M_TCSEL) {
		pci_read_config_byte(pci, HDA_PCI_TCSEL, &tcsel);
		pci_write_config_byte(pci, HDA_PCI_TCSEL, tcsel & ~0x07);
		dev_dbg(&pci->dev, "TCSEL %#04x -> traffic class 0\n", tcsel);
	}
	if (m->flags & HDA_WDM_M_SNOOP) {
		pci_read_config_word(pci, HDA_PCI_DEVC, &devc);
		if (devc & HDA_PCI_DEVC_NSNPEN)
			pci_write_config_word(pci, HDA_PCI_DEVC,
					      devc & ~HDA_PCI_DEVC_NSNPEN);
		pci_read_config_word(pci, HDA_PCI_DEVC, &devc);
		if (devc & HDA_PCI_DEVC_NSNPEN)
			dev_warn(&pci->dev, "DEVC %#06x: no-snoop stays enabled\n", devc);
		else
			dev_dbg(&pci->dev, "DEVC %#06x: snooped DMA\n", devc);
	}
}

/**
 * hda_wdm_model_reset_prepare() - around the controller's link reset
 * @pci: the controller
 * @m: its table row
 * @before: true before the reset, false after it
 *
 * Generations with HDA_WDM_M_CGCTL take the link through reset with the
 * misc backbone clock gating off, and get it back afterwards.
 */
void hda_wdm_model_reset_prepare(struct pci_dev *pci,
				 const struct hda_wdm_model *m, bool before)
{
	u32 cgctl;

	if (!(m->flags & HDA_WDM_M_CGCTL))
		return;
	pci_read_config_dword(pci, HDA_PCI_CGCTL, &cgctl);
	if (before)
		cgctl &= ~HDA_PCI_CGCTL_MISCBDCGE;
	else
		cgctl |= HDA_PCI_CGCTL_MISCBDCGE;
	pci_write_config_dword(pci, HDA_PCI_CGCTL, cgctl);
	dev_dbg(&pci->dev, "misc backbone clock gating %s\n", before ? "off" : "on");
}
