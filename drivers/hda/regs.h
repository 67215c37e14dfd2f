/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel High Definition Audio controller registers.
 *
 * Offsets and fields follow the Intel High Definition Audio Specification,
 * revision 1.0a, section 3.3. Every register is accessed at its own offset
 * and natural width: some controllers (and QEMU's model) decode nothing else.
 */
#ifndef _HDA_WDM_REGS_H
#define _HDA_WDM_REGS_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/* Global registers: offset (width) */
#define HDA_GCAP		0x00	/* 16 */
#define HDA_VMIN		0x02	/*  8 */
#define HDA_VMAJ		0x03	/*  8 */
#define HDA_OUTPAY		0x04	/* 16 */
#define HDA_INPAY		0x06	/* 16 */
#define HDA_GCTL		0x08	/* 32 */
#define HDA_WAKEEN		0x0c	/* 16 */
#define HDA_STATESTS		0x0e	/* 16 */
#define HDA_GSTS		0x10	/* 16 */
#define HDA_OUTSTRMPAY		0x18	/* 16 */
#define HDA_INSTRMPAY		0x1a	/* 16 */
#define HDA_INTCTL		0x20	/* 32 */
#define HDA_INTSTS		0x24	/* 32 */
#define HDA_WALCLK		0x30	/* 32 */
#define HDA_SSYNC		0x38	/* 32 */
#define HDA_CORBLBASE		0x40	/* 32 */
#define HDA_CORBUBASE		0x44	/* 32 */
#define HDA_CORBWP		0x48	/* 16 */
#define HDA_CORBRP		0x4a	/* 16 */
#define HDA_CORBCTL		0x4c	/*  8 */
#define HDA_CORBSTS		0x4d	/*  8 */
#define HDA_CORBSIZE		0x4e	/*  8 */
#define HDA_RIRBLBASE		0x50	/* 32 */
#define HDA_RIRBUBASE		0x54	/* 32 */
#define HDA_RIRBWP		0x58	/* 16 */
#define HDA_RINTCNT		0x5a	/* 16 */
#define HDA_RIRBCTL		0x5c	/*  8 */
#define HDA_RIRBSTS		0x5d	/*  8 */
#define HDA_RIRBSIZE		0x5e	/*  8 */
#define HDA_ICOI		0x60	/* 32 */
#define HDA_ICII		0x64	/* 32 */
#define HDA_ICIS		0x68	/* 16 */
#define HDA_DPLBASE		0x70	/* 32 */
#define HDA_DPUBASE		0x74	/* 32 */

/* GCAP fields */
#define HDA_GCAP_64OK		BIT(0)
#define HDA_GCAP_NSDO		GENMASK(2, 1)
#define HDA_GCAP_BSS		GENMASK(7, 3)
#define HDA_GCAP_ISS		GENMASK(11, 8)
#define HDA_GCAP_OSS		GENMASK(15, 12)

/* GCTL fields */
#define HDA_GCTL_CRST		BIT(0)
#define HDA_GCTL_FCNTRL		BIT(1)
#define HDA_GCTL_UNSOL		BIT(8)

/* STATESTS: one SDIWAKE bit per codec address */
#define HDA_STATESTS_SDIWAKE	GENMASK(14, 0)
#define HDA_MAX_CODECS		15

/* INTCTL / INTSTS */
#define HDA_INT_SIE		GENMASK(29, 0)
#define HDA_INT_CIE		BIT(30)	/* INTCTL: controller interrupt */
#define HDA_INT_GIE		BIT(31)	/* INTCTL: global enable */
#define HDA_INT_CIS		BIT(30)	/* INTSTS: controller interrupt */
#define HDA_INT_GIS		BIT(31)	/* INTSTS: global status */

/* CORB */
#define HDA_CORBRP_RST		BIT(15)
#define HDA_CORBRP_MASK		GENMASK(7, 0)
#define HDA_CORBCTL_CMEIE	BIT(0)
#define HDA_CORBCTL_RUN		BIT(1)
#define HDA_CORBSTS_CMEI	BIT(0)

/* RIRB */
#define HDA_RIRBWP_RST		BIT(15)
#define HDA_RIRBWP_MASK		GENMASK(7, 0)
#define HDA_RIRBCTL_RINTCTL	BIT(0)
#define HDA_RIRBCTL_DMAEN	BIT(1)
#define HDA_RIRBCTL_OIC		BIT(2)
#define HDA_RIRBSTS_RINTFL	BIT(0)
#define HDA_RIRBSTS_OIS		BIT(2)

/* CORBSIZE / RIRBSIZE: capability in 7:4, selection in 1:0 */
#define HDA_RINGSIZE_CAP_2	BIT(4)
#define HDA_RINGSIZE_CAP_16	BIT(5)
#define HDA_RINGSIZE_CAP_256	BIT(6)
#define HDA_RINGSIZE_SEL	GENMASK(1, 0)

/* RIRB entry: response, then the extended word */
#define HDA_RIRB_EX_CODEC	GENMASK(3, 0)
#define HDA_RIRB_EX_UNSOL	BIT(4)

/* Immediate command status */
#define HDA_ICIS_ICB		BIT(0)	/* busy */
#define HDA_ICIS_IRV		BIT(1)	/* response valid, write 1 to clear */

/* DPLBASE */
#define HDA_DPLBASE_ENABLE	BIT(0)

/* Stream descriptors: input, then output, then bidirectional */
#define HDA_SD_BASE		0x80
#define HDA_SD_STRIDE		0x20
#define HDA_SD_MAX		30

/* Stream descriptor registers, relative to the descriptor: offset (width) */
#define HDA_SD_CTL0		0x00	/*  8: bits 7:0 of SDnCTL */
#define HDA_SD_CTL2		0x02	/*  8: bits 23:16 of SDnCTL */
#define HDA_SD_STS		0x03	/*  8 */
#define HDA_SD_LPIB		0x04	/* 32 */
#define HDA_SD_CBL		0x08	/* 32 */
#define HDA_SD_LVI		0x0c	/* 16 */
#define HDA_SD_FIFOW		0x0e	/* 16 */
#define HDA_SD_FIFOS		0x10	/* 16 */
#define HDA_SD_FMT		0x12	/* 16 */
#define HDA_SD_BDPL		0x18	/* 32 */
#define HDA_SD_BDPU		0x1c	/* 32 */

/* SDnCTL byte 0 */
#define HDA_SD_CTL0_SRST	BIT(0)
#define HDA_SD_CTL0_RUN		BIT(1)
#define HDA_SD_CTL0_IOCE	BIT(2)
#define HDA_SD_CTL0_FEIE	BIT(3)
#define HDA_SD_CTL0_DEIE	BIT(4)

/* SDnCTL byte 2 */
#define HDA_SD_CTL2_STRIPE	GENMASK(1, 0)
#define HDA_SD_CTL2_TP		BIT(2)
#define HDA_SD_CTL2_DIR		BIT(3)
#define HDA_SD_CTL2_STRM	GENMASK(7, 4)

/* SDnSTS */
#define HDA_SD_STS_BCIS		BIT(2)
#define HDA_SD_STS_FIFOE	BIT(3)
#define HDA_SD_STS_DESE		BIT(4)
#define HDA_SD_STS_FIFORDY	BIT(5)
#define HDA_SD_STS_MASK		(HDA_SD_STS_BCIS | HDA_SD_STS_FIFOE | \
				 HDA_SD_STS_DESE)

/* Size of the register window this driver uses (BAR0 is at least 16 KiB) */
#define HDA_MMIO_MIN_SIZE	0x4000

/* In-memory structures the controller reads or writes */

/* CORB and RIRB: at most 256 entries each (CORBSIZE / RIRBSIZE) */
#define HDA_RING_MAX_ENTRIES	256

/**
 * struct hda_rirb_entry - one RIRB entry, as the controller writes it
 * @response: the codec's response
 * @ex: the extended word: codec address (HDA_RIRB_EX_CODEC), unsolicited
 *	bit (HDA_RIRB_EX_UNSOL)
 */
struct hda_rirb_entry {
	__le32 response;
	__le32 ex;
};

static_assert(sizeof(struct hda_rirb_entry) == 8);

/**
 * struct hda_posbuf_entry - one stream's slot in the DMA position buffer
 * @lpib: the stream's link position in buffer, as in SDnLPIB
 * @reserved: written as 0 by the controller
 */
struct hda_posbuf_entry {
	__le32 lpib;
	__le32 reserved;
};

static_assert(sizeof(struct hda_posbuf_entry) == 8);

#endif /* _HDA_WDM_REGS_H */
