// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fixed, one-to-one mapping between the NTSTATUS values of the Windows
 * DMA contract and the negative errnos the wdmdma API returns.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include "internal.h"

static const struct {
	u32 status;
	int err;
} wdm_status_map[] = {
	{ WDM_STATUS_SUCCESS, 0 },
	{ WDM_STATUS_INSUFFICIENT_RESOURCES, -ENOMEM },
	{ WDM_STATUS_BUFFER_TOO_SMALL, -ENOBUFS },
	{ WDM_STATUS_INVALID_PARAMETER, -EINVAL },
	{ WDM_STATUS_INVALID_HANDLE, -EBADF },
	{ WDM_STATUS_INVALID_DEVICE_REQUEST, -EBADFD },
	{ WDM_STATUS_DEVICE_NOT_READY, -ETIMEDOUT },
	{ WDM_STATUS_NOT_SUPPORTED, -EOPNOTSUPP },
	{ WDM_STATUS_CANCELLED, -ECANCELED },
	{ WDM_STATUS_NONE_MAPPED, -ENXIO },
	{ WDM_STATUS_UNSUCCESSFUL, -EIO },
	/* accepted on the way in, never produced by the errno side */
	{ WDM_STATUS_NOT_IMPLEMENTED, -EOPNOTSUPP },
};

/**
 * wdm_errno_to_ntstatus() - NTSTATUS for a wdmdma return value
 * @err: 0 or a negative errno returned by wdmdma
 *
 * Context: any.
 * Return: the NTSTATUS of the mapping table; STATUS_UNSUCCESSFUL for an
 * errno outside it.
 */
u32 wdm_errno_to_ntstatus(int err)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wdm_status_map); i++)
		if (wdm_status_map[i].err == err)
			return wdm_status_map[i].status;
	return WDM_STATUS_UNSUCCESSFUL;
}
EXPORT_SYMBOL_GPL(wdm_errno_to_ntstatus);

/**
 * wdm_ntstatus_to_errno() - errno for an NTSTATUS of the mapping table
 * @status: NTSTATUS value
 *
 * Context: any.
 * Return: 0 or the negative errno; -EIO for a status outside the table.
 */
int wdm_ntstatus_to_errno(u32 status)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wdm_status_map); i++)
		if (wdm_status_map[i].status == status)
			return wdm_status_map[i].err;
	return -EIO;
}
EXPORT_SYMBOL_GPL(wdm_ntstatus_to_errno);
