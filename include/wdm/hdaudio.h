/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HD Audio bus interface of snd-hda-wdm: the routines of Windows'
 * HDAUDIO_BUS_INTERFACE, _V2 and _BDL in kernel style, for capture and
 * render engines.
 *
 * A client registers with wdm_hdaudio_register_client(); the bus calls its
 * probe() once per codec of every controller (now and as controllers come)
 * with an interface whose context names that codec, and its remove() before
 * the controller goes or the client unregisters. Anything the client still
 * holds at remove() (engines, buffers, callbacks) is released by the bus,
 * with a warning.
 *
 * Status codes are 0 or a negative errno, mapped one to one from NTSTATUS
 * as in Documentation/hdaudio.rst (STATUS_INVALID_DEVICE_REQUEST: -EBADFD,
 * STATUS_INSUFFICIENT_RESOURCES: -ENOMEM, STATUS_BUFFER_TOO_SMALL:
 * -ENOBUFS, STATUS_INVALID_PARAMETER: -EINVAL, STATUS_INVALID_HANDLE:
 * -EBADF, STATUS_DEVICE_NOT_READY: -ETIMEDOUT).
 */
#ifndef _WDM_HDAUDIO_H
#define _WDM_HDAUDIO_H

#include <linux/build_bug.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/types.h>

struct device;
struct vm_area_struct;
struct wdm_mdl;
struct wdm_hdaudio_engine;

/* Engine states; Pause and Stop are the same hardware state */
enum wdm_hdaudio_stream_state {
	WDM_HDA_STATE_RESET = 0,
	WDM_HDA_STATE_STOP = 1,
	WDM_HDA_STATE_PAUSE = 1,
	WDM_HDA_STATE_RUN = 2,
};

/**
 * struct wdm_hdaudio_stream_format - HDAUDIO_STREAM_FORMAT
 * @sample_rate: frames per second
 * @valid_bits_per_sample: 8, 16, 20, 24 or 32
 * @container_size: bits per sample in memory: 8, 16 or 32
 * @number_of_channels: 1 to 16
 */
struct wdm_hdaudio_stream_format {
	u32 sample_rate;
	u16 valid_bits_per_sample;
	u16 container_size;
	u16 number_of_channels;
};

/**
 * struct wdm_hdaudio_codec_response - HDAUDIO_CODEC_RESPONSE
 * @response: the 32-bit response
 * @is_valid: a response arrived
 * @has_fifo_overrun: responses were lost before this one
 * @is_unsolicited: always false for TransferCodecVerbs
 * @sdi: codec address that answered
 */
struct wdm_hdaudio_codec_response {
	u32 response;
	bool is_valid;
	bool has_fifo_overrun;
	bool is_unsolicited;
	u8 sdi;
};

/**
 * struct wdm_hdaudio_codec_transfer - HDAUDIO_CODEC_TRANSFER
 * @output: the verb; its codec address bits are replaced by the context's
 * @input: what came back
 */
struct wdm_hdaudio_codec_transfer {
	u32 output;
	struct wdm_hdaudio_codec_response input;
};

/**
 * struct wdm_hdaudio_bdl_entry - one buffer descriptor (16 bytes)
 * @address: bus address of the fragment, 128-byte aligned
 * @length: bytes in the fragment
 * @flags: bit 0: interrupt on completion
 */
struct wdm_hdaudio_bdl_entry {
	__le64 address;
	__le32 length;
	__le32 flags;
};

static_assert(sizeof(struct wdm_hdaudio_bdl_entry) == 16);

#define WDM_HDA_BDLE_IOC		BIT(0)
#define WDM_HDA_BDL_MAX_ENTRIES		256

/*
 * Limits of the bus's buffers: a data buffer holds at most
 * WDM_HDA_MAX_BUFFER bytes, and every BDL fragment (so every period of a
 * client that cuts one fragment per period) starts on WDM_HDA_BDL_ALIGN
 * bytes.
 */
#define WDM_HDA_MAX_BUFFER		(4U << 20)
#define WDM_HDA_BDL_ALIGN		128

/* Bits passed to a SetupDmaEngineWithBdl ISR (the stream status bits) */
#define WDM_HDA_ISR_BCIS		BIT(2)
#define WDM_HDA_ISR_FIFOE		BIT(3)
#define WDM_HDA_ISR_DESE		BIT(4)

/**
 * struct wdm_hdaudio_device_information - HDAUDIO_DEVICE_INFORMATION
 * @size: sizeof this structure
 * @device_version: HDA specification version, major in 15:8, minor in 7:0
 * @driver_version: this bus driver's version
 * @codec_count: codecs that answered at link reset
 * @codec_mask: their addresses, one bit each
 * @is_stripe_supported: the controller has more than one SDO line
 * @input_engines: input stream descriptors
 * @output_engines: output stream descriptors
 * @bidir_engines: bidirectional stream descriptors
 * @pci_vendor: PCI vendor ID of the controller
 * @pci_device: PCI device ID of the controller
 */
struct wdm_hdaudio_device_information {
	u16 size;
	u16 device_version;
	u16 driver_version;
	u16 codec_count;
	u16 codec_mask;
	bool is_stripe_supported;
	u8 input_engines;
	u8 output_engines;
	u8 bidir_engines;
	u16 pci_vendor;
	u16 pci_device;
};

typedef void (*wdm_hdaudio_transfer_complete_t)(struct wdm_hdaudio_codec_transfer *transfers,
						void *context);
typedef void (*wdm_hdaudio_unsolicited_t)(u32 response, void *context);
typedef void (*wdm_hdaudio_bdl_isr_t)(void *context, u32 interrupt_bits);

/**
 * struct wdm_hdaudio_bus_interface - the bus interface of one codec
 * @size: sizeof this structure
 * @version: 0x0100 | the highest table this bus offers (always the full one)
 * @context: first argument of every routine; names the codec
 * @transfer_codec_verbs: TransferCodecVerbs; without @callback synchronous
 *	(may sleep), with it asynchronous and the callback runs in atomic
 *	context once all transfers are done
 * @allocate_capture_dma_engine: AllocateCaptureDmaEngine (may sleep): an
 *	input engine, else a bidirectional one; its link bits on the SDI
 *	line of @codec_address
 * @allocate_render_dma_engine: AllocateRenderDmaEngine (may sleep): an
 *	output engine, else a bidirectional one (set to output); its link
 *	bits on SDO0, or with @stripe on every SDO line (half or a quarter
 *	of its sample bits each). @stripe on a controller with one SDO line
 *	(is_stripe_supported false) is -EINVAL. Errors as for capture:
 *	-EINVAL for a format that does not encode, -ENOMEM for no engine
 *	free or the SDO bandwidth exceeded, -ENOBUFS for a FIFO that cannot
 *	hold a sample block. The engine is in Reset; buffers, states and
 *	notifications are those of a capture engine
 * @change_bandwidth_allocation: ChangeBandwidthAllocation (Reset, no buffer)
 * @allocate_dma_buffer: AllocateDmaBuffer (Reset, no buffer; may sleep)
 * @free_dma_buffer: FreeDmaBuffer (Reset)
 * @free_dma_engine: FreeDmaEngine (Reset, no buffer)
 * @set_dma_engine_state: SetDmaEngineState for @count engines together
 * @get_wall_clock_register: GetWallClockRegister
 * @get_link_position_register: GetLinkPositionRegister
 * @register_event_callback: RegisterEventCallback: unsolicited responses of
 *	this codec carrying the returned tag; callbacks in atomic context
 * @unregister_event_callback: UnregisterEventCallback
 * @get_device_information: GetDeviceInformation
 * @get_resource_information: GetResourceInformation: codec address and the
 *	audio function group's node
 * @allocate_dma_buffer_with_notification: AllocateDmaBufferWithNotification
 * @free_dma_buffer_with_notification: FreeDmaBufferWithNotification
 * @register_notification_event: RegisterNotificationEvent: @event is
 *	completed (complete()) at each notification point
 * @unregister_notification_event: UnregisterNotificationEvent
 * @allocate_contiguous_dma_buffer: AllocateContiguousDmaBuffer: the data
 *	buffer (and, unlike Windows, its bus address, which the caller needs
 *	for the BDL) and one page for the BDL, which the caller fills
 * @setup_dma_engine_with_bdl: SetupDmaEngineWithBdl; @isr runs in hard
 *	interrupt context with the WDM_HDA_ISR_* bits of each stream interrupt
 * @free_contiguous_dma_buffer: FreeContiguousDmaBuffer
 */
struct wdm_hdaudio_bus_interface {
	u16 size;
	u16 version;
	void *context;

	int (*transfer_codec_verbs)(void *context, u32 count,
				    struct wdm_hdaudio_codec_transfer *transfers,
				    wdm_hdaudio_transfer_complete_t callback,
				    void *callback_context);
	int (*allocate_capture_dma_engine)(void *context, u8 codec_address,
					   const struct wdm_hdaudio_stream_format *format,
					   struct wdm_hdaudio_engine **handle,
					   u16 *converter_format);
	int (*allocate_render_dma_engine)(void *context,
					  const struct wdm_hdaudio_stream_format *format,
					  bool stripe, struct wdm_hdaudio_engine **handle,
					  u16 *converter_format);
	int (*change_bandwidth_allocation)(void *context,
					   struct wdm_hdaudio_engine *handle,
					   const struct wdm_hdaudio_stream_format *format,
					   u16 *converter_format);
	int (*allocate_dma_buffer)(void *context, struct wdm_hdaudio_engine *handle,
				   size_t requested_size, struct wdm_mdl **mdl,
				   size_t *allocated_size, u8 *stream_id,
				   u32 *fifo_size);
	int (*free_dma_buffer)(void *context, struct wdm_hdaudio_engine *handle);
	int (*free_dma_engine)(void *context, struct wdm_hdaudio_engine *handle);
	int (*set_dma_engine_state)(void *context,
				    enum wdm_hdaudio_stream_state state,
				    u32 count, struct wdm_hdaudio_engine **handles);
	void (*get_wall_clock_register)(void *context, const u32 __iomem **wall_clock);
	int (*get_link_position_register)(void *context,
					  struct wdm_hdaudio_engine *handle,
					  const u32 __iomem **position);
	int (*register_event_callback)(void *context,
				       wdm_hdaudio_unsolicited_t routine,
				       void *callback_context, u8 *tag);
	int (*unregister_event_callback)(void *context, u8 tag);
	int (*get_device_information)(void *context,
				      struct wdm_hdaudio_device_information *info);
	void (*get_resource_information)(void *context, u8 *codec_address,
					 u8 *function_group_start_node);

	int (*allocate_dma_buffer_with_notification)(void *context,
						     struct wdm_hdaudio_engine *handle,
						     u32 notification_count,
						     size_t requested_size,
						     struct wdm_mdl **mdl,
						     size_t *allocated_size,
						     size_t *offset_from_first_page,
						     u8 *stream_id, u32 *fifo_size);
	int (*free_dma_buffer_with_notification)(void *context,
						 struct wdm_hdaudio_engine *handle,
						 struct wdm_mdl *mdl,
						 size_t buffer_size);
	int (*register_notification_event)(void *context,
					   struct wdm_hdaudio_engine *handle,
					   struct completion *event);
	int (*unregister_notification_event)(void *context,
					     struct wdm_hdaudio_engine *handle,
					     struct completion *event);

	int (*allocate_contiguous_dma_buffer)(void *context,
					      struct wdm_hdaudio_engine *handle,
					      u32 requested_size,
					      void **data_buffer,
					      dma_addr_t *data_logical,
					      struct wdm_hdaudio_bdl_entry **bdl);
	int (*setup_dma_engine_with_bdl)(void *context,
					 struct wdm_hdaudio_engine *handle,
					 u32 buffer_length, u32 lvi,
					 wdm_hdaudio_bdl_isr_t isr,
					 void *isr_context, u8 *stream_id,
					 u32 *fifo_size);
	int (*free_contiguous_dma_buffer)(void *context,
					  struct wdm_hdaudio_engine *handle);
};

/**
 * struct wdm_hdaudio_client - a function driver of HD Audio codecs
 * @name: for logs and debugfs
 * @probe: a codec is there; may sleep; a non-zero return skips the codec
 * @remove: the codec goes away (or the client unregisters); may sleep
 * @suspend: optional: the controller is about to sleep (system suspend);
 *	called for each of the client's codecs before the bus stops engines
 *	still running, puts the codecs in D3 and the controller in reset;
 *	the interface stays valid; may sleep
 * @resume: optional: the controller is back (system resume); called for
 *	each codec after the link was reset, the codecs were woken to D0 and
 *	every set verb they had accepted (from the bus's path helpers and
 *	from the client's TransferCodecVerbs) was written back; engines
 *	keep their owners, buffers and programming, but an engine that ran
 *	at suspend is in Stop and every position starts again at 0; may
 *	sleep
 * @node: owned by the bus
 *
 * @suspend and @resume are hda-wdm's own: the Windows bus driver leaves
 * power to the function driver's device stack and restores no codec
 * state. Here the bus restores the codec state it can see (the last
 * value of every set verb), and the client only has to stop and restart
 * what it runs (Documentation/hdaudio.rst, "Suspend and resume").
 */
struct wdm_hdaudio_client {
	const char *name;
	int (*probe)(struct wdm_hdaudio_client *client,
		     const struct wdm_hdaudio_bus_interface *bus, void **data);
	void (*remove)(struct wdm_hdaudio_client *client,
		       const struct wdm_hdaudio_bus_interface *bus, void *data);
	void (*suspend)(struct wdm_hdaudio_client *client,
			const struct wdm_hdaudio_bus_interface *bus, void *data);
	void (*resume)(struct wdm_hdaudio_client *client,
		       const struct wdm_hdaudio_bus_interface *bus, void *data);
	struct list_head node;
};

/**
 * struct wdm_hdaudio_capture_path - one capture path of a codec
 * @converter: node ID of the input converter (ADC)
 * @converter_caps: its audio widget capabilities
 * @pcm: its supported sizes (bits 20:16) and rates (bits 11:0), the
 *	function group's when the converter has none of its own
 * @channels: channels the converter carries
 * @pin: node ID of the input pin
 * @pin_config: the pin's configuration default
 * @amp_node: node of the input amplifier nearest the converter, 0 if none
 * @amp_index: that amplifier's input index
 * @amp_caps: its amplifier capabilities
 * @select_node: node whose connection select picks this path, 0 if none
 * @select_index: the connection index that picks it
 */
struct wdm_hdaudio_capture_path {
	u8 converter;
	u32 converter_caps;
	u32 pcm;
	u8 channels;
	u8 pin;
	u32 pin_config;
	u8 amp_node;
	u8 amp_index;
	u32 amp_caps;
	u8 select_node;
	u8 select_index;
};

/**
 * struct wdm_hdaudio_render_path - one render path of a codec
 * @converter: node ID of the output converter (DAC)
 * @converter_caps: its audio widget capabilities
 * @pcm: its supported sizes (bits 20:16) and rates (bits 11:0), the
 *	function group's when the converter has none of its own
 * @channels: channels the converter carries
 * @pin: node ID of the output pin
 * @pin_config: the pin's configuration default
 * @amp_node: node of the output amplifier nearest the converter, 0 if none
 * @amp_caps: its amplifier capabilities
 */
struct wdm_hdaudio_render_path {
	u8 converter;
	u32 converter_caps;
	u32 pcm;
	u8 channels;
	u8 pin;
	u32 pin_config;
	u8 amp_node;
	u32 amp_caps;
};

#define WDM_HDA_MAX_CONN	32	/* connections the bus keeps per widget */

/**
 * struct wdm_hdaudio_codec_info - a codec as the bus enumerated it
 * @vendor_id: vendor and device ID (root node parameter 0x00)
 * @revision_id: revision ID (root node parameter 0x02)
 * @afg: node ID of the audio function group
 * @afg_type: its function group type parameter (0x05): type in 7:0,
 *	unsolicited-capable in bit 8
 * @afg_pcm: its default sizes and rates (parameter 0x0a)
 * @afg_amp_in_cap: its default input amplifier capabilities
 * @afg_amp_out_cap: its default output amplifier capabilities
 * @start_nid: node ID of its first widget
 * @nwidgets: number of its widgets
 */
struct wdm_hdaudio_codec_info {
	u32 vendor_id;
	u32 revision_id;
	u8 afg;
	u32 afg_type;
	u32 afg_pcm;
	u32 afg_amp_in_cap;
	u32 afg_amp_out_cap;
	u8 start_nid;
	u8 nwidgets;
};

/**
 * struct wdm_hdaudio_widget - one widget as the bus read it at probe
 * @nid: node ID
 * @type: widget type (audio widget capabilities 23:20)
 * @caps: audio widget capabilities
 * @pincap: pin capabilities (pins only)
 * @config: configuration default (pins only)
 * @amp_in_cap: input amplifier capabilities the bus uses: the widget's own
 *	with the amp-override bit, the function group's default without
 * @amp_out_cap: output amplifier capabilities, likewise
 * @pcm: supported sizes and rates (converters only), the function group's
 *	without the format-override bit
 * @nconn: entries in @conn, at most WDM_HDA_MAX_CONN
 * @conn: connection list, ranges expanded
 */
struct wdm_hdaudio_widget {
	u8 nid;
	u8 type;
	u32 caps;
	u32 pincap;
	u32 config;
	u32 amp_in_cap;
	u32 amp_out_cap;
	u32 pcm;
	u8 nconn;
	u8 conn[WDM_HDA_MAX_CONN];
};

int wdm_hdaudio_register_client(struct wdm_hdaudio_client *client);
void wdm_hdaudio_unregister_client(struct wdm_hdaudio_client *client);

unsigned int wdm_hdaudio_codec_capture_paths(void *context);
int wdm_hdaudio_codec_capture_setup(void *context, unsigned int path,
				    u8 stream_id, u16 converter_format);
int wdm_hdaudio_codec_capture_path(void *context, unsigned int path,
				   struct wdm_hdaudio_capture_path *info);
unsigned int wdm_hdaudio_codec_render_paths(void *context);
int wdm_hdaudio_codec_render_setup(void *context, unsigned int path,
				   u8 stream_id, u16 converter_format);
int wdm_hdaudio_codec_render_path(void *context, unsigned int path,
				  struct wdm_hdaudio_render_path *info);
int wdm_hdaudio_codec_pin_output(void *context, u8 pin, bool on);
int wdm_hdaudio_get_codec_info(void *context, struct wdm_hdaudio_codec_info *info);
int wdm_hdaudio_codec_widget(void *context, u8 nid,
			     struct wdm_hdaudio_widget *info);
struct device *wdm_hdaudio_bus_device(void *context);
int wdm_hdaudio_mmap_contiguous_buffer(void *context,
				       struct wdm_hdaudio_engine *handle,
				       struct vm_area_struct *vma);
int wdm_hdaudio_get_position_buffer(void *context,
				    struct wdm_hdaudio_engine *handle,
				    const __le32 **position);

int wdm_hdaudio_converter_format(const struct wdm_hdaudio_stream_format *format,
				 u16 *converter_format);

#endif /* _WDM_HDAUDIO_H */
