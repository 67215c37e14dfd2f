/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wdmdma: the Windows DMA adapter contract (IoGetDmaAdapter and the
 * DMA_OPERATIONS table, versions 1 to 3) over the Linux dma-mapping API,
 * usable by any driver for any struct device.
 *
 * Names follow Windows in kernel style. Every routine returns 0 or the
 * negative errno of the fixed NTSTATUS mapping (see wdm_errno_to_ntstatus()
 * and Documentation/wdmdma.rst). Context levels: "atomic" routines may be
 * called with a spinlock held or from softirq (Windows DISPATCH_LEVEL);
 * "process" routines may sleep (PASSIVE_LEVEL). Execution routines
 * (AdapterControl, AdapterListControl) run in atomic context, possibly from
 * inside another caller's free routine.
 */
#ifndef _WDM_DMA_H
#define _WDM_DMA_H

#include <linux/build_bug.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/types.h>

/* ---- Status codes ------------------------------------------------------ */

#define WDM_STATUS_SUCCESS			0x00000000u
#define WDM_STATUS_UNSUCCESSFUL			0xC0000001u
#define WDM_STATUS_NOT_IMPLEMENTED		0xC0000002u
#define WDM_STATUS_INVALID_HANDLE		0xC0000008u
#define WDM_STATUS_INVALID_PARAMETER		0xC000000Du
#define WDM_STATUS_INVALID_DEVICE_REQUEST	0xC0000010u
#define WDM_STATUS_NONE_MAPPED			0xC0000073u
#define WDM_STATUS_INSUFFICIENT_RESOURCES	0xC000009Au
#define WDM_STATUS_NOT_SUPPORTED		0xC00000BBu
#define WDM_STATUS_DEVICE_NOT_READY		0xC00000A3u
#define WDM_STATUS_CANCELLED			0xC0000120u
#define WDM_STATUS_BUFFER_TOO_SMALL		0xC0000023u

u32 wdm_errno_to_ntstatus(int err);
int wdm_ntstatus_to_errno(u32 status);

/* ---- MDL: a virtually contiguous buffer as pages ------------------------ */

/**
 * struct wdm_mdl - memory descriptor list (Windows MDL)
 * @next: next MDL of a chain, or NULL
 * @start_va: page-aligned virtual address of the first page
 * @byte_offset: offset of the buffer in its first page
 * @byte_count: length of the buffer in bytes
 * @page_count: number of entries in @pages
 * @pages: the pages the buffer spans, in order
 *
 * Built by wdm_allocate_mdl(); read through the accessors below.
 */
struct wdm_mdl {
	struct wdm_mdl *next;
	void *start_va;
	u32 byte_offset;
	u32 byte_count;
	u32 page_count;
	struct page *pages[];
};

struct wdm_mdl *wdm_allocate_mdl(void *virtual_address, u32 length, gfp_t gfp);
void wdm_free_mdl(struct wdm_mdl *mdl);

static inline u32 wdm_mdl_byte_offset(const struct wdm_mdl *mdl)
{
	return mdl->byte_offset;
}

static inline u32 wdm_mdl_byte_count(const struct wdm_mdl *mdl)
{
	return mdl->byte_count;
}

static inline u32 wdm_mdl_page_count(const struct wdm_mdl *mdl)
{
	return mdl->page_count;
}

static inline struct page *wdm_mdl_page(const struct wdm_mdl *mdl, u32 i)
{
	return i < mdl->page_count ? mdl->pages[i] : NULL;
}

static inline struct wdm_mdl *wdm_mdl_next(const struct wdm_mdl *mdl)
{
	return mdl->next;
}

/* MmGetMdlVirtualAddress: where the buffer starts */
static inline void *wdm_mdl_virtual_address(const struct wdm_mdl *mdl)
{
	return (u8 *)mdl->start_va + mdl->byte_offset;
}

/* ADDRESS_AND_SIZE_TO_SPAN_PAGES */
static inline u32 wdm_span_pages(unsigned long va, u32 length)
{
	return length ? (u32)(((va & ~PAGE_MASK) + length + PAGE_SIZE - 1) >> PAGE_SHIFT) : 0;
}

/* ---- Device description (DEVICE_DESCRIPTION) ---------------------------- */

#define WDM_DEVICE_DESCRIPTION_VERSION	0
#define WDM_DEVICE_DESCRIPTION_VERSION1	1
#define WDM_DEVICE_DESCRIPTION_VERSION2	2
#define WDM_DEVICE_DESCRIPTION_VERSION3	3

/* INTERFACE_TYPE, the values a DMA description can name */
enum wdm_interface_type {
	WDM_INTERFACE_INTERNAL = 0,
	WDM_INTERFACE_ISA = 1,
	WDM_INTERFACE_EISA = 2,
	WDM_INTERFACE_PCI_BUS = 5,
	WDM_INTERFACE_PNP_BUS = 15,
};

/* DMA_WIDTH and DMA_SPEED: system (slave) DMA only, ignored for masters */
enum wdm_dma_width { WDM_WIDTH8 = 0, WDM_WIDTH16, WDM_WIDTH32, WDM_WIDTH64 };
enum wdm_dma_speed {
	WDM_COMPATIBLE = 0, WDM_TYPE_A, WDM_TYPE_B, WDM_TYPE_C, WDM_TYPE_F,
};

/**
 * struct wdm_device_description - what the driver's device can do
 * @version: WDM_DEVICE_DESCRIPTION_VERSION..VERSION3; selects the table
 * @master: bus-master device (only bus masters are supported)
 * @scatter_gather: the device does scatter/gather itself
 * @demand_mode: system DMA only, ignored
 * @auto_initialize: system DMA only, ignored
 * @dma32_bit_addresses: versions 0-2: the device reaches 32 bits
 * @ignore_count: system DMA only, ignored
 * @dma64_bit_addresses: versions 0-2: the device reaches 64 bits (overrides 32)
 * @bus_number: informational
 * @dma_channel: system DMA only, ignored
 * @interface_type: bus of the device
 * @dma_width: system DMA only, ignored
 * @dma_speed: system DMA only, ignored
 * @maximum_length: largest single transfer, in bytes
 * @dma_port: system DMA only, ignored
 * @dma_address_width: version 3: address bits the device drives (1..64)
 * @dma_controller_instance: version 3, system DMA only, ignored
 * @dma_request_line: version 3, system DMA only, ignored
 * @device_address: version 3, system DMA only, ignored
 */
struct wdm_device_description {
	u32 version;
	bool master;
	bool scatter_gather;
	bool demand_mode;
	bool auto_initialize;
	bool dma32_bit_addresses;
	bool ignore_count;
	bool dma64_bit_addresses;
	u32 bus_number;
	u32 dma_channel;
	enum wdm_interface_type interface_type;
	enum wdm_dma_width dma_width;
	enum wdm_dma_speed dma_speed;
	u32 maximum_length;
	u32 dma_port;
	u32 dma_address_width;
	u32 dma_controller_instance;
	u32 dma_request_line;
	u64 device_address;
};

/* ---- Scatter/gather lists ------------------------------------------------ */

/**
 * struct wdm_scatter_gather_element - one device-visible range
 * @address: logical (bus) address
 * @length: bytes
 * @reserved: owned by wdmdma
 */
struct wdm_scatter_gather_element {
	dma_addr_t address;
	u32 length;
	unsigned long reserved;
};

/**
 * struct wdm_scatter_gather_list - SCATTER_GATHER_LIST
 * @number_of_elements: entries in @elements
 * @reserved: owned by wdmdma
 * @elements: the ranges, in buffer order
 */
struct wdm_scatter_gather_list {
	u32 number_of_elements;
	unsigned long reserved;
	struct wdm_scatter_gather_element elements[];
};

/* ---- Callbacks ------------------------------------------------------------ */

/* IO_ALLOCATION_ACTION */
enum wdm_io_allocation_action {
	WDM_KEEP_OBJECT = 1,
	WDM_DEALLOCATE_OBJECT = 2,
	WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS = 3,
};

/*
 * DRIVER_CONTROL (AdapterControl), atomic context. There are no IRPs: the
 * Irp argument of Windows is dropped.
 */
typedef enum wdm_io_allocation_action (*wdm_driver_control_t)(struct device *dev,
								 void *map_register_base,
								 void *context);

/* DRIVER_LIST_CONTROL (AdapterListControl), atomic context. */
typedef void (*wdm_driver_list_control_t)(struct device *dev,
					   struct wdm_scatter_gather_list *sg_list,
					   void *context);

/* DMA_COMPLETION_ROUTINE: system DMA only; bus masters pass NULL. */
typedef void (*wdm_dma_completion_routine_t)(struct device *dev,
					     void *completion_context, int status);

/* ---- Version 3 types ------------------------------------------------------ */

#define WDM_DMA_TRANSFER_CONTEXT_SIZE_V1	128
#define WDM_DMA_TRANSFER_CONTEXT_VERSION1	1

/**
 * struct wdm_dma_transfer_context - DMA_TRANSFER_CONTEXT, opaque to callers
 * @opaque: written by initialize_dma_transfer_context
 *
 * Caller-allocated, WDM_DMA_TRANSFER_CONTEXT_SIZE_V1 bytes, unique per
 * pending request.
 */
struct wdm_dma_transfer_context {
	u64 opaque[WDM_DMA_TRANSFER_CONTEXT_SIZE_V1 / sizeof(u64)];
};

static_assert(sizeof(struct wdm_dma_transfer_context) == WDM_DMA_TRANSFER_CONTEXT_SIZE_V1);

/* flags of allocate_adapter_channel_ex and *_scatter_gather_list_ex */
#define WDM_DMA_SYNCHRONOUS_CALLBACK		0x01

#define WDM_DMA_ADAPTER_INFO_VERSION1		1
#define WDM_ADAPTER_INFO_SYNCHRONOUS_CALLBACK	0x01
#define WDM_ADAPTER_INFO_API_BYPASS		0x02

/**
 * struct wdm_dma_adapter_info - DMA_ADAPTER_INFO (version 1)
 * @version: in: WDM_DMA_ADAPTER_INFO_VERSION1
 * @read_dma_counter_available: false for bus masters
 * @scatter_gather_limit: most map registers one request may hold
 * @dma_address_width: address bits the adapter reaches
 * @flags: WDM_ADAPTER_INFO_*
 * @minimum_transfer_unit: bytes; 1 for bus masters
 */
struct wdm_dma_adapter_info {
	u32 version;
	u32 read_dma_counter_available;
	u32 scatter_gather_limit;
	u32 dma_address_width;
	u32 flags;
	u32 minimum_transfer_unit;
};

#define WDM_DMA_TRANSFER_INFO_VERSION1		1
#define WDM_DMA_TRANSFER_INFO_VERSION2		2

/**
 * struct wdm_dma_transfer_info - DMA_TRANSFER_INFO (versions 1 and 2)
 * @version: in: WDM_DMA_TRANSFER_INFO_VERSION1 or _VERSION2
 * @map_register_count: registers the transfer needs
 * @scatter_gather_element_count: worst-case list elements
 * @scatter_gather_list_size: bytes for build_scatter_gather_list(_ex)
 * @logical_page_count: version 2: logical pages the transfer spans
 */
struct wdm_dma_transfer_info {
	u32 version;
	u32 map_register_count;
	u32 scatter_gather_element_count;
	u32 scatter_gather_list_size;
	u32 logical_page_count;
};

/* ---- The adapter and its operations ---------------------------------------- */

struct wdm_dma_adapter;

/**
 * struct wdm_dma_operations - DMA_OPERATIONS, same members in the same order
 * @size: bytes of the table handed out (shorter for versions 1 and 2)
 * @put_dma_adapter: PutDmaAdapter (version 1)
 * @allocate_common_buffer: AllocateCommonBuffer
 * @free_common_buffer: FreeCommonBuffer
 * @allocate_adapter_channel: AllocateAdapterChannel
 * @flush_adapter_buffers: FlushAdapterBuffers
 * @free_adapter_channel: FreeAdapterChannel
 * @free_map_registers: FreeMapRegisters
 * @map_transfer: MapTransfer
 * @get_dma_alignment: GetDmaAlignment
 * @read_dma_counter: ReadDmaCounter
 * @get_scatter_gather_list: GetScatterGatherList
 * @put_scatter_gather_list: PutScatterGatherList
 * @calculate_scatter_gather_list: CalculateScatterGatherList (version 2)
 * @build_scatter_gather_list: BuildScatterGatherList
 * @build_mdl_from_scatter_gather_list: BuildMdlFromScatterGatherList
 * @get_dma_adapter_info: GetDmaAdapterInfo (version 3)
 * @get_dma_transfer_info: GetDmaTransferInfo
 * @initialize_dma_transfer_context: InitializeDmaTransferContext
 * @allocate_common_buffer_ex: AllocateCommonBufferEx
 * @allocate_adapter_channel_ex: AllocateAdapterChannelEx
 * @configure_adapter_channel: ConfigureAdapterChannel
 * @cancel_adapter_channel: CancelAdapterChannel
 * @map_transfer_ex: MapTransferEx
 * @get_scatter_gather_list_ex: GetScatterGatherListEx
 * @build_scatter_gather_list_ex: BuildScatterGatherListEx
 * @flush_adapter_buffers_ex: FlushAdapterBuffersEx
 * @free_adapter_object: FreeAdapterObject
 * @cancel_mapped_transfer: CancelMappedTransfer
 *
 * Each member is the Windows routine of the same name in snake case; see
 * Documentation/wdmdma.rst for every member. Members past @size must not
 * be used. Context: put_dma_adapter, allocate/free_common_buffer(_ex) and
 * build_mdl_from_scatter_gather_list in process context; all others atomic.
 */
struct wdm_dma_operations {
	u32 size;
	/* version 1 */
	void (*put_dma_adapter)(struct wdm_dma_adapter *adapter);
	void *(*allocate_common_buffer)(struct wdm_dma_adapter *adapter, u32 length,
					dma_addr_t *logical_address, bool cache_enabled);
	void (*free_common_buffer)(struct wdm_dma_adapter *adapter, u32 length,
				   dma_addr_t logical_address, void *virtual_address,
				   bool cache_enabled);
	int (*allocate_adapter_channel)(struct wdm_dma_adapter *adapter,
					struct device *dev, u32 number_of_map_registers,
					wdm_driver_control_t execution_routine,
					void *context);
	bool (*flush_adapter_buffers)(struct wdm_dma_adapter *adapter,
				      struct wdm_mdl *mdl, void *map_register_base,
				      void *current_va, u32 length,
				      bool write_to_device);
	void (*free_adapter_channel)(struct wdm_dma_adapter *adapter);
	void (*free_map_registers)(struct wdm_dma_adapter *adapter,
				   void *map_register_base,
				   u32 number_of_map_registers);
	dma_addr_t (*map_transfer)(struct wdm_dma_adapter *adapter,
				   struct wdm_mdl *mdl, void *map_register_base,
				   void *current_va, u32 *length,
				   bool write_to_device);
	u32 (*get_dma_alignment)(struct wdm_dma_adapter *adapter);
	int (*read_dma_counter)(struct wdm_dma_adapter *adapter, u32 *count);
	int (*get_scatter_gather_list)(struct wdm_dma_adapter *adapter,
				       struct device *dev, struct wdm_mdl *mdl,
				       void *current_va, u32 length,
				       wdm_driver_list_control_t execution_routine,
				       void *context, bool write_to_device);
	void (*put_scatter_gather_list)(struct wdm_dma_adapter *adapter,
					struct wdm_scatter_gather_list *sg_list,
					bool write_to_device);
	/* version 2 */
	int (*calculate_scatter_gather_list)(struct wdm_dma_adapter *adapter,
					     struct wdm_mdl *mdl, void *current_va,
					     u32 length, u32 *sg_list_size,
					     u32 *number_of_map_registers);
	int (*build_scatter_gather_list)(struct wdm_dma_adapter *adapter,
					 struct device *dev, struct wdm_mdl *mdl,
					 void *current_va, u32 length,
					 wdm_driver_list_control_t execution_routine,
					 void *context, bool write_to_device,
					 void *sg_buffer, u32 sg_buffer_length);
	int (*build_mdl_from_scatter_gather_list)(struct wdm_dma_adapter *adapter,
						  struct wdm_scatter_gather_list *sg_list,
						  struct wdm_mdl *original_mdl,
						  struct wdm_mdl **target_mdl);
	/* version 3 */
	int (*get_dma_adapter_info)(struct wdm_dma_adapter *adapter,
				    struct wdm_dma_adapter_info *info);
	int (*get_dma_transfer_info)(struct wdm_dma_adapter *adapter,
				     struct wdm_mdl *mdl, u64 offset, u32 length,
				     bool write_only,
				     struct wdm_dma_transfer_info *info);
	int (*initialize_dma_transfer_context)(struct wdm_dma_adapter *adapter,
					       struct wdm_dma_transfer_context *ctx);
	void *(*allocate_common_buffer_ex)(struct wdm_dma_adapter *adapter,
					   const u64 *maximum_address, u32 length,
					   dma_addr_t *logical_address,
					   bool cache_enabled, int preferred_node);
	int (*allocate_adapter_channel_ex)(struct wdm_dma_adapter *adapter,
					   struct device *dev,
					   struct wdm_dma_transfer_context *ctx,
					   u32 number_of_map_registers, u32 flags,
					   wdm_driver_control_t execution_routine,
					   void *context, void **map_register_base);
	int (*configure_adapter_channel)(struct wdm_dma_adapter *adapter,
					 u32 function_number, void *context);
	bool (*cancel_adapter_channel)(struct wdm_dma_adapter *adapter,
				       struct device *dev,
				       struct wdm_dma_transfer_context *ctx);
	int (*map_transfer_ex)(struct wdm_dma_adapter *adapter, struct wdm_mdl *mdl,
			       void *map_register_base, u64 offset,
			       u32 device_offset, u32 *length,
			       bool write_to_device,
			       struct wdm_scatter_gather_list *sg_buffer,
			       u32 sg_buffer_length,
			       wdm_dma_completion_routine_t completion_routine,
			       void *completion_context);
	int (*get_scatter_gather_list_ex)(struct wdm_dma_adapter *adapter,
					  struct device *dev,
					  struct wdm_dma_transfer_context *ctx,
					  struct wdm_mdl *mdl, u64 offset, u32 length,
					  u32 flags,
					  wdm_driver_list_control_t execution_routine,
					  void *context, bool write_to_device,
					  wdm_dma_completion_routine_t completion_routine,
					  void *completion_context,
					  struct wdm_scatter_gather_list **sg_list);
	int (*build_scatter_gather_list_ex)(struct wdm_dma_adapter *adapter,
					    struct device *dev,
					    struct wdm_dma_transfer_context *ctx,
					    struct wdm_mdl *mdl, u64 offset,
					    u32 length, u32 flags,
					    wdm_driver_list_control_t execution_routine,
					    void *context, bool write_to_device,
					    void *sg_buffer, u32 sg_buffer_length,
					    wdm_dma_completion_routine_t completion_routine,
					    void *completion_context,
					    struct wdm_scatter_gather_list **sg_list);
	int (*flush_adapter_buffers_ex)(struct wdm_dma_adapter *adapter,
					struct wdm_mdl *mdl, void *map_register_base,
					u64 offset, u32 length, bool write_to_device);
	void (*free_adapter_object)(struct wdm_dma_adapter *adapter,
				    enum wdm_io_allocation_action action);
	int (*cancel_mapped_transfer)(struct wdm_dma_adapter *adapter,
				      struct wdm_dma_transfer_context *ctx);
};

#define WDM_DMA_OPERATIONS_SIZE_V1 \
	offsetofend(struct wdm_dma_operations, put_scatter_gather_list)
#define WDM_DMA_OPERATIONS_SIZE_V2 \
	offsetofend(struct wdm_dma_operations, build_mdl_from_scatter_gather_list)
#define WDM_DMA_OPERATIONS_SIZE_V3 sizeof(struct wdm_dma_operations)

/**
 * struct wdm_dma_adapter - DMA_ADAPTER
 * @version: always 1, whatever table @ops is
 * @size: bytes of this structure
 * @ops: the operations; ops->size says which version
 */
struct wdm_dma_adapter {
	u16 version;
	u16 size;
	const struct wdm_dma_operations *ops;
};

struct wdm_dma_adapter *wdm_get_dma_adapter(struct device *dev,
					    const struct wdm_device_description *desc,
					    u32 *number_of_map_registers);

/**
 * struct wdm_dma_stats - what debugfs shows for a device, as numbers
 * @adapters: adapters of the device not yet put
 * @map_registers_total: their map registers
 * @map_registers_in_use: granted and not yet freed
 * @map_registers_high_water: most ever in use at once
 * @queued_requests: waiting for the channel or registers
 * @pending_transfer_contexts: queued requests with a transfer context
 * @common_buffers: allocated and not yet freed
 * @bounce_bytes_copied: bytes copied to or from bounce pages
 */
struct wdm_dma_stats {
	u32 adapters;
	u32 map_registers_total;
	u32 map_registers_in_use;
	u32 map_registers_high_water;
	u32 queued_requests;
	u32 pending_transfer_contexts;
	u32 common_buffers;
	u64 bounce_bytes_copied;
};

int wdm_get_dma_stats(struct device *dev, struct wdm_dma_stats *stats);

#endif /* _WDM_DMA_H */
