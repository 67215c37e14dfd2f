/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Differences between the kernel lines hda-wdm builds against (Debian 12's
 * 6.1 and 6.12, trixie-backports' 7.x), one macro per feature, each naming
 * the upstream change. Nothing outside this file tests kernel versions (the
 * ALSA driver's two differences are found in the headers by Kbuild).
 */
#ifndef _HDA_WDM_COMPAT_H
#define _HDA_WDM_COMPAT_H

#include <linux/pci.h>

/*
 * PCI_IRQ_INTX was introduced in v6.8 as the new name of PCI_IRQ_LEGACY,
 * which later kernels (6.12 among them) no longer define.
 */
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX PCI_IRQ_LEGACY
#endif

#endif /* _HDA_WDM_COMPAT_H */
