/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HD Audio codec verbs, parameters and their fields (Intel High Definition
 * Audio Specification 1.0a, section 7.3): the vocabulary of the codec layer
 * of snd-hda-wdm and of the function drivers that send verbs through
 * TransferCodecVerbs (include/wdm/hdaudio.h).
 *
 * The project keeps its own header rather than the kernel's
 * <sound/hda_verbs.h>: these names follow the specification's tables, one
 * spelling is used on both sides of the bus interface, and a client needs
 * no part of snd-hda-core's headers. Controller registers are not here:
 * only the bus driver touches them (drivers/hda/regs.h).
 */
#ifndef _WDM_HDA_VERBS_H
#define _WDM_HDA_VERBS_H

#include <linux/bits.h>
#include <linux/types.h>

/*
 * A verb: codec address 31:28, node 27:20, then a 12-bit verb with an
 * 8-bit payload or a 4-bit verb with a 16-bit payload.
 */
static inline u32 hda_verb12(u8 addr, u8 nid, u16 verb, u8 payload)
{
	return (u32)addr << 28 | (u32)nid << 20 | (u32)verb << 8 | payload;
}

static inline u32 hda_verb4(u8 addr, u8 nid, u8 verb, u16 payload)
{
	return (u32)addr << 28 | (u32)nid << 20 | (u32)verb << 16 | payload;
}

/* 12-bit verbs */
#define HDA_GET_PARAMETER		0xf00
#define HDA_GET_CONNECT_SEL		0xf01
#define HDA_SET_CONNECT_SEL		0x701
#define HDA_GET_CONNECT_LIST		0xf02
#define HDA_GET_PROC_STATE		0xf03
#define HDA_GET_SDI_SELECT		0xf04
#define HDA_GET_POWER_STATE		0xf05
#define HDA_SET_POWER_STATE		0x705
#define HDA_GET_CONV			0xf06
#define HDA_SET_CONV			0x706	/* stream 7:4, channel 3:0 */
#define HDA_CONV_STREAM			GENMASK(7, 4)
#define HDA_GET_PIN_CTL			0xf07
#define HDA_SET_PIN_CTL			0x707
#define HDA_GET_UNSOL			0xf08	/* enabled 7, tag 5:0 */
#define HDA_SET_UNSOL			0x708
#define HDA_UNSOL_ENABLE		BIT(7)
#define HDA_GET_PIN_SENSE		0xf09	/* presence 31 */
#define HDA_SET_PIN_SENSE		0x709	/* starts a measurement */
#define HDA_PIN_SENSE_PRESENT		BIT(31)
#define HDA_GET_EAPD_BTL		0xf0c
#define HDA_SET_EAPD_BTL		0x70c
#define HDA_EAPD_BTL_EAPD		BIT(1)
#define HDA_GET_DIGI_CONVERT		0xf0d	/* bits 23:0: DIG1..DIG3 */
#define HDA_GET_VOLUME_KNOB		0xf0f
#define HDA_GET_GPIO_DATA		0xf15
#define HDA_GET_GPIO_MASK		0xf16
#define HDA_GET_GPIO_DIR		0xf17
#define HDA_GET_GPIO_WAKE		0xf18
#define HDA_GET_GPIO_UNSOL		0xf19
#define HDA_GET_GPIO_STICKY		0xf1a
#define HDA_GET_CONFIG_DEFAULT		0xf1c
#define HDA_GET_SUBSYSTEM_ID		0xf20
#define HDA_FUNCTION_RESET		0x7ff

/* 4-bit verbs */
#define HDA_SET_FORMAT			0x2
#define HDA_SET_AMP			0x3
#define HDA_GET_FORMAT			0xa
#define HDA_GET_AMP			0xb

/* Parameters */
#define HDA_PAR_VENDOR_ID		0x00
#define HDA_PAR_REVISION_ID		0x02
#define HDA_PAR_NODE_COUNT		0x04
#define HDA_PAR_FG_TYPE			0x05
#define HDA_PAR_AUDIO_WIDGET_CAP	0x09
#define HDA_PAR_PCM			0x0a
#define HDA_PAR_STREAM			0x0b
#define HDA_PAR_PIN_CAP			0x0c
#define HDA_PAR_AMP_IN_CAP		0x0d
#define HDA_PAR_CONNLIST_LEN		0x0e
#define HDA_PAR_POWER_STATE		0x0f
#define HDA_PAR_PROC_CAP		0x10
#define HDA_PAR_GPIO_CAP		0x11
#define HDA_PAR_AMP_OUT_CAP		0x12
#define HDA_PAR_VOL_KNB_CAP		0x13

#define HDA_NODE_COUNT_START		GENMASK(23, 16)
#define HDA_NODE_COUNT_TOTAL		GENMASK(7, 0)
#define HDA_FG_TYPE_MASK		GENMASK(7, 0)
#define HDA_FG_TYPE_AUDIO		0x01
#define HDA_FG_TYPE_MODEM		0x02
#define HDA_FG_UNSOL			BIT(8)

/* Audio widget capabilities */
#define HDA_WCAP_STEREO			BIT(0)
#define HDA_WCAP_IN_AMP			BIT(1)
#define HDA_WCAP_OUT_AMP		BIT(2)
#define HDA_WCAP_AMP_OVRD		BIT(3)
#define HDA_WCAP_FORMAT_OVRD		BIT(4)
#define HDA_WCAP_STRIPE			BIT(5)
#define HDA_WCAP_PROC			BIT(6)
#define HDA_WCAP_CONN_LIST		BIT(8)
#define HDA_WCAP_UNSOL			BIT(7)
#define HDA_WCAP_POWER			BIT(10)
#define HDA_WCAP_DIGITAL		BIT(9)
#define HDA_WCAP_LR_SWAP		BIT(11)
#define HDA_WCAP_CP			BIT(12)
#define HDA_WCAP_CHAN_EXT		GENMASK(15, 13)
#define HDA_WCAP_DELAY			GENMASK(19, 16)
#define HDA_WCAP_TYPE			GENMASK(23, 20)

enum hda_widget_type {
	HDA_WID_AUD_OUT = 0,
	HDA_WID_AUD_IN = 1,
	HDA_WID_AUD_MIX = 2,
	HDA_WID_AUD_SEL = 3,
	HDA_WID_PIN = 4,
	HDA_WID_POWER = 5,
	HDA_WID_VOL_KNB = 6,
	HDA_WID_BEEP = 7,
	HDA_WID_VENDOR = 15,
};

/* PCM sizes and rates (parameter 0x0a) */
#define HDA_PCM_RATES			GENMASK(11, 0)
#define HDA_PCM_BITS_8			BIT(16)
#define HDA_PCM_BITS_16			BIT(17)
#define HDA_PCM_BITS_20			BIT(18)
#define HDA_PCM_BITS_24			BIT(19)
#define HDA_PCM_BITS_32			BIT(20)
#define HDA_STREAM_PCM			BIT(0)
#define HDA_STREAM_FLOAT32		BIT(1)
#define HDA_STREAM_AC3			BIT(2)

/* Pin capabilities, widget control, configuration default */
#define HDA_PINCAP_IMP_SENSE		BIT(0)
#define HDA_PINCAP_TRIG_REQ		BIT(1)
#define HDA_PINCAP_PRES_DETECT		BIT(2)
#define HDA_PINCAP_HP_DRV		BIT(3)
#define HDA_PINCAP_OUT			BIT(4)
#define HDA_PINCAP_IN			BIT(5)
#define HDA_PINCAP_BALANCED		BIT(6)
#define HDA_PINCAP_HDMI			BIT(7)
#define HDA_PINCAP_VREF			GENMASK(15, 8)	/* bit n: VRefEn n */
#define HDA_PINCAP_EAPD			BIT(16)
#define HDA_PINCAP_DP			BIT(24)
#define HDA_PINCAP_HBR			BIT(27)
#define HDA_PINCTL_VREF			GENMASK(2, 0)
#define HDA_PINCTL_VREF_HIZ		0
#define HDA_PINCTL_VREF_50		1
#define HDA_PINCTL_VREF_GRD		2
#define HDA_PINCTL_VREF_80		4
#define HDA_PINCTL_VREF_100		5
#define HDA_PINCTL_IN_EN		BIT(5)
#define HDA_PINCTL_OUT_EN		BIT(6)
#define HDA_PINCTL_HP_EN		BIT(7)
#define HDA_CFG_PORT_CONN		GENMASK(31, 30)
#define HDA_CFG_PORT_JACK		0
#define HDA_CFG_PORT_NONE		1
#define HDA_CFG_PORT_FIXED		2
#define HDA_CFG_PORT_BOTH		3
#define HDA_CFG_LOCATION		GENMASK(29, 24)
#define HDA_CFG_DEVICE			GENMASK(23, 20)
#define HDA_CFG_CONN_TYPE		GENMASK(19, 16)
#define HDA_CFG_COLOR			GENMASK(15, 12)
#define HDA_CFG_MISC			GENMASK(11, 8)
#define HDA_CFG_MISC_NO_PRESENCE	BIT(8)
#define HDA_CFG_ASSOC			GENMASK(7, 4)
#define HDA_CFG_SEQUENCE		GENMASK(3, 0)
#define HDA_CFG_DEV_LINE_OUT		0x0
#define HDA_CFG_DEV_SPEAKER		0x1
#define HDA_CFG_DEV_HP_OUT		0x2
#define HDA_CFG_DEV_MIC_IN		0xa

/* Amplifier capabilities */
#define HDA_AMPCAP_OFFSET		GENMASK(6, 0)
#define HDA_AMPCAP_STEPS		GENMASK(14, 8)
#define HDA_AMPCAP_STEP_SIZE		GENMASK(22, 16)
#define HDA_AMPCAP_MUTE			BIT(31)

/* Set amplifier gain / mute payload */
#define HDA_AMP_SET_OUT			BIT(15)
#define HDA_AMP_SET_IN			BIT(14)
#define HDA_AMP_SET_LEFT		BIT(13)
#define HDA_AMP_SET_RIGHT		BIT(12)
#define HDA_AMP_SET_INDEX		GENMASK(11, 8)
#define HDA_AMP_MUTE			BIT(7)
#define HDA_AMP_GAIN			GENMASK(6, 0)

/* Get amplifier gain / mute payload */
#define HDA_AMP_GET_OUT			BIT(15)
#define HDA_AMP_GET_LEFT		BIT(13)

/* Power states (parameter 0x0f supported bits; get verb fields) */
#define HDA_PWRST_SETTING		GENMASK(3, 0)
#define HDA_PWRST_ACTUAL		GENMASK(7, 4)
#define HDA_PWRST_CLK_STOP_OK		BIT(9)
#define HDA_PWRST_SETTING_RESET		BIT(10)
#define HDA_PWRST_ERROR			BIT(8)

/* Processing, GPIO and volume knob capabilities */
#define HDA_PCAP_BENIGN			BIT(0)
#define HDA_PCAP_NUM_COEF		GENMASK(15, 8)
#define HDA_GPIO_IO_COUNT		GENMASK(7, 0)
#define HDA_GPIO_O_COUNT		GENMASK(15, 8)
#define HDA_GPIO_I_COUNT		GENMASK(23, 16)
#define HDA_GPIO_UNSOL			BIT(30)
#define HDA_GPIO_WAKE			BIT(31)
#define HDA_VOLKNB_DELTA		BIT(7)
#define HDA_VOLKNB_STEPS		GENMASK(6, 0)

/* Connection list length */
#define HDA_CONNLIST_LONG		BIT(7)
#define HDA_CONNLIST_LEN		GENMASK(6, 0)

#endif /* _WDM_HDA_VERBS_H */
