/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hda-wdm's release, the same in every module (MODULE_VERSION) and in
 * dkms.conf's PACKAGE_VERSION (selftests/packaging checks that they agree).
 */
#ifndef _WDM_VERSION_H
#define _WDM_VERSION_H

#define WDM_VERSION		"0.4.0"
#define WDM_MODULE_AUTHOR	"The hda-wdm authors"

#endif /* _WDM_VERSION_H */
