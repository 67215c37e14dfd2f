// SPDX-License-Identifier: GPL-2.0-only
/*
 * wdmdma module test: drives every DMA_OPERATIONS member and its error
 * paths against the machine's HD Audio controller (found by class, never
 * bound, its DMA mask never changed). Runs at init; each case prints one
 * KTAP line ("wdmdma_test: ok N name") that wdmdma_test.sh collects; init
 * fails (and insmod with it) when a case fails.
 *
 * bench=1 runs the benchmark instead and prints ns per operation.
 * hold=1 keeps one adapter until rmmod (the selftest checks the pinning).
 */
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/vmalloc.h>
#include <wdm/dma.h>

static bool bench;
module_param(bench, bool, 0444);
MODULE_PARM_DESC(bench, "run the benchmark instead of the tests");
static bool hold;
module_param(hold, bool, 0444);
MODULE_PARM_DESC(hold, "keep one adapter until the module is removed");

#define NREQ_DEVS 8

static struct pci_dev *pdev;
static struct device *hda;
static struct device *reqdev[NREQ_DEVS];	/* requesters: keys for one-per-device */
static struct wdm_dma_adapter *held;
static int ncase, nfail;
static bool case_ok;

#define EXPECT(cond) do {						\
	if (!(cond)) {							\
		pr_info("wdmdma_test: # %s:%d: expected %s\n",		\
			__func__, __LINE__, #cond);			\
		case_ok = false;					\
	}								\
} while (0)

static void report(const char *name)
{
	ncase++;
	if (case_ok) {
		pr_info("wdmdma_test: ok %d %s\n", ncase, name);
	} else {
		nfail++;
		pr_info("wdmdma_test: not ok %d %s\n", ncase, name);
	}
}

static void reqdev_release(struct device *dev)
{
	kfree(dev);
}

static struct wdm_dma_adapter *get(u32 version, bool sg, u32 width, u32 maxlen, u32 *nregs)
{
	struct wdm_device_description d = {
		.version = version, .master = true, .scatter_gather = sg,
		.dma32_bit_addresses = true, .dma64_bit_addresses = width > 32,
		.dma_address_width = width, .maximum_length = maxlen,
		.interface_type = WDM_INTERFACE_PCI_BUS,
	};
	u32 n;

	return wdm_get_dma_adapter(hda, &d, nregs ? nregs : &n);
}

/* ---- recording execution routines ---------------------------------------- */

struct rec {
	int order[1024];
	int n;
	void *base[1024];
	enum wdm_io_allocation_action action;
	int depth, max_depth;
	struct wdm_dma_adapter *ad;
	void *free_base;	/* freed from inside the next routine */
	u32 free_count;
	bool atomic_seen, sleepable_seen;
};

struct req_ctx {
	struct rec *rec;
	int id;
};

static enum wdm_io_allocation_action rec_routine(struct device *dev, void *base, void *c)
{
	struct req_ctx *rc = c;
	struct rec *r = rc->rec;

	if (++r->depth > r->max_depth)
		r->max_depth = r->depth;
	if (preemptible())
		r->sleepable_seen = true;
	else
		r->atomic_seen = true;
	if (r->n < ARRAY_SIZE(r->order)) {
		r->base[r->n] = base;
		r->order[r->n++] = rc->id;
	}
	if (r->free_base) {
		void *b = r->free_base;

		r->free_base = NULL;
		r->ad->ops->free_map_registers(r->ad, b, r->free_count);
	}
	if (r->action == WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS && r->ad && r->free_count) {
		/* the chain: the next routine frees these from inside */
		r->free_base = base;
	}
	r->depth--;
	return r->action;
}

static int stat_field(struct wdm_dma_adapter *ad, const char *f);

/* ---- cases ------------------------------------------------------------------- */

static void t_status(void)
{
	static const struct { u32 st; int err; } map[] = {
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
	};
	int i;

	case_ok = true;
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		EXPECT(wdm_errno_to_ntstatus(map[i].err) == map[i].st);
		EXPECT(wdm_ntstatus_to_errno(map[i].st) == map[i].err);
	}
	EXPECT(wdm_ntstatus_to_errno(WDM_STATUS_NOT_IMPLEMENTED) == -EOPNOTSUPP);
	EXPECT(wdm_errno_to_ntstatus(-E2BIG) == WDM_STATUS_UNSUCCESSFUL);
	report("status: NTSTATUS <-> errno table, both ways");
}

static void t_versions(void)
{
	static const u32 sizes[] = { WDM_DMA_OPERATIONS_SIZE_V1, WDM_DMA_OPERATIONS_SIZE_V1,
				     WDM_DMA_OPERATIONS_SIZE_V2, WDM_DMA_OPERATIONS_SIZE_V3 };
	struct wdm_device_description d = { .master = true, .scatter_gather = true,
					    .dma32_bit_addresses = true,
					    .maximum_length = 65536 };
	struct wdm_dma_adapter *ad;
	u32 v, n;

	case_ok = true;
	for (v = 0; v <= 3; v++) {
		d.version = v;
		d.dma_address_width = 32;
		ad = wdm_get_dma_adapter(hda, &d, &n);
		EXPECT(ad);
		if (!ad)
			continue;
		EXPECT(ad->version == 1);
		EXPECT(ad->ops->size == sizes[v]);
		EXPECT(n == 17);
		if (v < 2)
			EXPECT(!ad->ops->calculate_scatter_gather_list ||
			       ad->ops->size < offsetofend(struct wdm_dma_operations,
							    calculate_scatter_gather_list));
		ad->ops->put_dma_adapter(ad);
	}
	report("get_dma_adapter: versions 0-3 give tables of size v1, v1, v2, v3");

	case_ok = true;
	d.version = 4;
	EXPECT(!wdm_get_dma_adapter(hda, &d, &n));
	d.version = 3;
	d.dma_address_width = 0;
	EXPECT(!wdm_get_dma_adapter(hda, &d, &n));
	d.dma_address_width = 65;
	EXPECT(!wdm_get_dma_adapter(hda, &d, &n));
	d.dma_address_width = 32;
	d.master = false;
	EXPECT(!wdm_get_dma_adapter(hda, &d, &n));
	d.master = true;
	d.maximum_length = 0;
	EXPECT(!wdm_get_dma_adapter(hda, &d, &n));
	EXPECT(!wdm_get_dma_adapter(NULL, &d, &n));
	EXPECT(!wdm_get_dma_adapter(hda, NULL, &n));
	report("get_dma_adapter: bad version, width, system DMA, zero length, NULLs give NULL");

	case_ok = true;
	ad = get(3, true, 64, SZ_1M, &n);
	EXPECT(ad && n == 257);
	if (ad)
		ad->ops->put_dma_adapter(ad);
	ad = get(3, true, 64, 4096 * 3 + 1, &n);
	EXPECT(ad && n == 5);
	if (ad)
		ad->ops->put_dma_adapter(ad);
	ad = get(3, true, 64, SZ_256M, &n);
	EXPECT(ad && n < SZ_256M / PAGE_SIZE + 1 && n > 0);
	if (ad)
		ad->ops->put_dma_adapter(ad);
	report("map registers: pages spanned + 1, fewer than asked for huge lengths");
}

static void t_common_and_info(void)
{
	struct wdm_dma_adapter_info info = { .version = WDM_DMA_ADAPTER_INFO_VERSION1 };
	struct wdm_dma_adapter *ad = get(3, true, 64, 65536, NULL);
	dma_addr_t la, la2;
	u64 maxaddr = DMA_BIT_MASK(64);
	u32 cnt = 1;
	u8 *va, *va2;

	case_ok = true;
	EXPECT(ad);
	if (!ad)
		goto out;
	va = ad->ops->allocate_common_buffer(ad, 100, &la, true);
	EXPECT(va && la && !(la & ~PAGE_MASK));
	if (va) {
		memset(va, 0xa5, PAGE_SIZE);
		EXPECT(stat_field(ad, "common_buffers") == 1);
		/* wrong length: refused, still allocated */
		ad->ops->free_common_buffer(ad, 200, la, va, true);
		EXPECT(stat_field(ad, "common_buffers") == 1);
		ad->ops->free_common_buffer(ad, 100, la, va, true);
		EXPECT(stat_field(ad, "common_buffers") == 0);
	}
	EXPECT(!ad->ops->allocate_common_buffer(ad, 0, &la, true));
	va2 = ad->ops->allocate_common_buffer_ex(ad, &maxaddr, 3 * PAGE_SIZE, &la2, true,
						 NUMA_NO_NODE);
	EXPECT(va2);
	if (va2)
		ad->ops->free_common_buffer(ad, 3 * PAGE_SIZE, la2, va2, true);
	report("common buffers: allocate, exact free only, zero length refused, _ex");

	case_ok = true;
	EXPECT(ad->ops->get_dma_alignment(ad) >= 1);
	EXPECT(ad->ops->read_dma_counter(ad, &cnt) == -EOPNOTSUPP && cnt == 0);
	EXPECT(ad->ops->configure_adapter_channel(ad, 0, NULL) == -EOPNOTSUPP);
	EXPECT(ad->ops->cancel_mapped_transfer(ad, NULL) == -EOPNOTSUPP);
	EXPECT(ad->ops->get_dma_adapter_info(ad, &info) == 0);
	EXPECT(info.dma_address_width == 64 && info.scatter_gather_limit == 17 &&
	       !info.read_dma_counter_available &&
	       (info.flags & WDM_ADAPTER_INFO_SYNCHRONOUS_CALLBACK));
	info.version = 2;
	EXPECT(ad->ops->get_dma_adapter_info(ad, &info) == -EINVAL);
	report("alignment, adapter info; system-DMA-only routines: -EOPNOTSUPP");
	ad->ops->put_dma_adapter(ad);
	return;
out:
	report("common buffers: allocate, exact free only, zero length refused, _ex");
	report("alignment, adapter info; system-DMA-only routines: -EOPNOTSUPP");
}

static void t_channel(void)
{
	struct rec *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct req_ctx rc[NREQ_DEVS];
	struct wdm_dma_adapter *ad;
	u32 n;
	int i;

	ad = get(3, true, 64, 65536, &n);
	if (!ad || !r) {
		case_ok = false;
		report("channel: too many registers");
		goto out;
	}
	for (i = 0; i < NREQ_DEVS; i++)
		rc[i] = (struct req_ctx){ .rec = r, .id = i };

	case_ok = true;
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], n + 1, rec_routine, &rc[0]) ==
	       -ENOMEM);
	EXPECT(r->n == 0);
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], 1, NULL, &rc[0]) == -EINVAL);
	report("allocate_adapter_channel: more registers than the adapter: -ENOMEM, no call");

	/* KeepObject holds the channel; later requests queue in order */
	case_ok = true;
	r->action = WDM_KEEP_OBJECT;
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], 4, rec_routine, &rc[0]) == 0);
	EXPECT(r->n == 1 && r->order[0] == 0 && r->atomic_seen && !r->sleepable_seen);
	EXPECT(stat_field(ad, "map_registers_in_use") == 4);
	for (i = 1; i < 5; i++)
		EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[i], 2, rec_routine,
							 &rc[i]) == 0);
	EXPECT(r->n == 1);
	EXPECT(stat_field(ad, "queued_requests") == 4);
	report("KeepObject holds channel and registers; others queue");

	case_ok = true;
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[3], 1, rec_routine, &rc[3]) ==
	       -EBADFD);
	report("one request per device: a second while the first waits is -EBADFD");

	case_ok = true;
	r->action = WDM_DEALLOCATE_OBJECT;
	ad->ops->free_adapter_channel(ad);
	EXPECT(r->n == 5);
	for (i = 0; i < 5; i++)
		EXPECT(r->order[i] == i);
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	EXPECT(stat_field(ad, "queued_requests") == 0);
	report("free_adapter_channel serves waiters FIFO; DeallocateObject frees all");

	case_ok = true;
	ad->ops->free_adapter_channel(ad);	/* not allocated: logged, ignored */
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	r->n = 0;
	r->action = WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS;
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], 3, rec_routine, &rc[0]) == 0);
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[1], 3, rec_routine, &rc[1]) == 0);
	EXPECT(r->n == 2);	/* channel released at once, registers kept */
	EXPECT(stat_field(ad, "map_registers_in_use") == 6);
	ad->ops->free_map_registers(ad, r->base[0], 2);	/* wrong count: refused */
	EXPECT(stat_field(ad, "map_registers_in_use") == 6);
	ad->ops->free_map_registers(ad, r->base[0], 3);
	ad->ops->free_map_registers(ad, r->base[1], 3);
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	report("DeallocateObjectKeepRegisters: channel free, registers until free_map_registers");

	/* contention on registers: the head waits, nobody overtakes it */
	case_ok = true;
	r->n = 0;
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], n - 1, rec_routine, &rc[0]) == 0);
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[1], 5, rec_routine, &rc[1]) == 0);
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[2], 1, rec_routine, &rc[2]) == 0);
	EXPECT(r->n == 1);	/* 1 free register: request 2 fits but must not pass 1 */
	ad->ops->free_map_registers(ad, r->base[0], n - 1);
	EXPECT(r->n == 3 && r->order[1] == 1 && r->order[2] == 2);
	ad->ops->free_map_registers(ad, r->base[1], 5);
	ad->ops->free_map_registers(ad, r->base[2], 1);
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	report("FIFO under register contention: a small later request never overtakes");
out:
	if (ad)
		ad->ops->put_dma_adapter(ad);
	kfree(r);
}

/* 500 requests; each routine frees the previous one's registers from inside. */
static void t_reentry(void)
{
	struct rec *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct req_ctx *rc = kcalloc(500, sizeof(*rc), GFP_KERNEL);
	struct device **devs = kcalloc(500, sizeof(*devs), GFP_KERNEL);
	struct wdm_dma_adapter *ad = get(3, true, 64, 6 * PAGE_SIZE, NULL);	/* 7 regs */
	int i;

	case_ok = true;
	if (!r || !rc || !devs || !ad) {
		case_ok = false;
		goto out;
	}
	r->ad = ad;
	r->action = WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS;
	r->free_count = 3;
	r->action = WDM_KEEP_OBJECT;
	/* hold the channel so all 500 queue */
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], 0, rec_routine,
						 &(struct req_ctx){ .rec = r, .id = -1 }) == 0);
	r->n = 0;
	r->action = WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS;
	for (i = 0; i < 500; i++) {
		devs[i] = kzalloc(sizeof(**devs), GFP_KERNEL);
		if (!devs[i])
			break;
		device_initialize(devs[i]);
		devs[i]->release = reqdev_release;
		dev_set_name(devs[i], "wdmdma-test-r%d", i);
		rc[i] = (struct req_ctx){ .rec = r, .id = i };
		EXPECT(ad->ops->allocate_adapter_channel(ad, devs[i], 3, rec_routine,
							 &rc[i]) == 0);
	}
	EXPECT(stat_field(ad, "queued_requests") == 500);
	ad->ops->free_adapter_channel(ad);
	EXPECT(r->n == 500);
	for (i = 0; i < r->n; i++)
		if (r->order[i] != i) {
			EXPECT(r->order[i] == i);
			break;
		}
	EXPECT(r->max_depth == 1);
	/* the last one's registers are still held */
	EXPECT(stat_field(ad, "map_registers_in_use") == 3);
	if (r->free_base)
		ad->ops->free_map_registers(ad, r->free_base, 3);
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	EXPECT(stat_field(ad, "queued_requests") == 0);
	for (i = 0; i < 500 && devs[i]; i++)
		put_device(devs[i]);
out:
	report("re-entry: 500 waiters each served from the previous routine's free, no recursion");
	if (ad)
		ad->ops->put_dma_adapter(ad);
	kfree(devs);
	kfree(rc);
	kfree(r);
}

static void t_sync_and_cancel(void)
{
	struct wdm_dma_transfer_context c1, c2, c3;
	struct rec *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct req_ctx rc[3];
	struct wdm_dma_adapter *ad = get(3, true, 64, 65536, NULL);
	struct wdm_dma_adapter *v2 = get(2, true, 64, 65536, NULL);
	void *base = NULL;
	int i;

	if (!r || !ad || !v2)
		goto out;
	for (i = 0; i < 3; i++)
		rc[i] = (struct req_ctx){ .rec = r, .id = i };
	case_ok = true;
	EXPECT(v2->ops->size < offsetofend(struct wdm_dma_operations,
					   initialize_dma_transfer_context));
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, NULL) == -EINVAL);
	memset(&c1, 0, sizeof(c1));
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], &c1, 1, 0, rec_routine,
						    &rc[0], NULL) == -EINVAL);
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c1) == 0);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], &c1, 1, 0, rec_routine,
						    &rc[0], &base) == -EINVAL);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], &c1, 1,
						    WDM_DMA_SYNCHRONOUS_CALLBACK, NULL, NULL,
						    NULL) == -EINVAL);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], NULL, 1, 0, rec_routine,
						    &rc[0], NULL) == -EINVAL);
	EXPECT(r->n == 0);
	report("transfer contexts: uninitialized, map base without sync flag, no routine: -EINVAL");

	case_ok = true;
	r->action = WDM_DEALLOCATE_OBJECT;
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], &c1, 2,
						    WDM_DMA_SYNCHRONOUS_CALLBACK, rec_routine,
						    &rc[0], NULL) == 0);
	EXPECT(r->n == 1);
	EXPECT(!ad->ops->cancel_adapter_channel(ad, reqdev[0], &c1));	/* after run */
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	report("sync flag with free resources: routine runs before return; cancel after: false");

	case_ok = true;
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c1) == 0);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], &c1, 3,
						    WDM_DMA_SYNCHRONOUS_CALLBACK, NULL, NULL,
						    &base) == 0);
	EXPECT(base && stat_field(ad, "map_registers_in_use") == 3);
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c2) == 0);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[1], &c2, 1,
						    WDM_DMA_SYNCHRONOUS_CALLBACK, rec_routine,
						    &rc[1], NULL) == -ENOMEM);
	EXPECT(r->n == 1 && stat_field(ad, "queued_requests") == 0);
	report("sync flag with the channel busy: -ENOMEM, nothing queued, routine not run");

	/* cancel while queued */
	case_ok = true;
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[1], &c2, 1, 0, rec_routine,
						    &rc[1], NULL) == 0);
	EXPECT(stat_field(ad, "pending_transfer_contexts") == 1);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[2], &c2, 1, 0, rec_routine,
						    &rc[2], NULL) == -EINVAL);	/* not unique */
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c2) == -EBADFD);
	EXPECT(ad->ops->cancel_adapter_channel(ad, reqdev[1], &c2));
	EXPECT(stat_field(ad, "pending_transfer_contexts") == 0);
	EXPECT(stat_field(ad, "queued_requests") == 0);
	ad->ops->free_adapter_object(ad, WDM_DEALLOCATE_OBJECT_KEEP_REGISTERS);
	EXPECT(r->n == 1);	/* the cancelled routine never ran */
	EXPECT(stat_field(ad, "map_registers_in_use") == 3);
	ad->ops->free_map_registers(ad, base, 3);
	ad->ops->free_adapter_object(ad, WDM_DEALLOCATE_OBJECT);	/* not held: error */
	ad->ops->free_adapter_object(ad, 7);	/* unknown action: error */
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	report("cancel while queued: true, routine never runs; free_adapter_object actions");

	case_ok = true;
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c3) == 0);
	EXPECT(ad->ops->cancel_adapter_channel(ad, reqdev[2], &c3));
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[2], &c3, 1, 0, rec_routine,
						    &rc[2], NULL) == -ECANCELED);
	EXPECT(r->n == 1 && stat_field(ad, "queued_requests") == 0);
	report("cancel before allocation cancels in advance: -ECANCELED, never runs");
	goto done;
out:
	case_ok = false;
	report("transfer contexts");
done:
	if (ad)
		ad->ops->put_dma_adapter(ad);
	if (v2)
		v2->ops->put_dma_adapter(v2);
	kfree(r);
}

/* ---- scatter/gather lists -------------------------------------------------- */

struct sgl_rec {
	struct wdm_scatter_gather_list *list;
	int calls;
	struct wdm_dma_adapter *ad;
	bool put_inside;
	bool write;
};

static void sgl_routine(struct device *dev, struct wdm_scatter_gather_list *l, void *c)
{
	struct sgl_rec *s = c;

	s->calls++;
	s->list = l;
	if (s->put_inside && l) {
		s->ad->ops->put_scatter_gather_list(s->ad, l, s->write);
		s->list = NULL;
	}
}

static void t_sglists(void)
{
	static const u32 offs[] = { 0, 1, 2048, 4095 };
	static const u32 lens[] = { 1, 4095, 4096, 4097, 65536, SZ_1M };
	struct wdm_dma_adapter *ad = get(3, true, 64, SZ_1M, NULL);
	struct wdm_dma_adapter *v1 = get(1, true, 64, SZ_1M, NULL);
	u8 *buf = vmalloc(SZ_1M + 2 * PAGE_SIZE);
	struct sgl_rec s = {};
	void *lbuf = NULL;
	int i, j;

	case_ok = true;
	if (!ad || !v1 || !buf) {
		case_ok = false;
		goto out;
	}
	s.ad = ad;
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			u8 *va = buf + offs[i];
			u32 len = lens[j], size, nregs, k, sum = 0;
			u32 span = wdm_span_pages((unsigned long)va, len);
			struct wdm_mdl *mdl = wdm_allocate_mdl(va, len, GFP_KERNEL);

			EXPECT(mdl);
			if (!mdl)
				continue;
			EXPECT(ad->ops->calculate_scatter_gather_list(ad, mdl, va, len, &size,
								      &nregs) == 0);
			EXPECT(nregs == span);
			EXPECT(size >= struct_size(s.list, elements, span));
			s.calls = 0;
			EXPECT(ad->ops->get_scatter_gather_list(ad, reqdev[0], mdl, va, len,
								sgl_routine, &s, true) == 0);
			EXPECT(s.calls == 1 && s.list);
			if (s.list) {
				EXPECT(s.list->number_of_elements >= 1 &&
				       s.list->number_of_elements <= span);
				for (k = 0; k < s.list->number_of_elements; k++)
					sum += s.list->elements[k].length;
				EXPECT(sum == len);
				if (len == SZ_1M)
					EXPECT(stat_field(ad, "map_registers_in_use") == span);
				ad->ops->put_scatter_gather_list(ad, s.list, true);
			}
			/* build into a caller buffer of exactly the calculated size */
			lbuf = kmalloc(size, GFP_KERNEL);
			if (lbuf) {
				EXPECT(ad->ops->build_scatter_gather_list(ad, reqdev[0], mdl, va,
									  len, sgl_routine, &s,
									  false, lbuf, size - 1) ==
				       -ENOBUFS);
				s.calls = 0;
				EXPECT(ad->ops->build_scatter_gather_list(ad, reqdev[0], mdl, va,
									  len, sgl_routine, &s,
									  false, lbuf, size) == 0);
				EXPECT(s.calls == 1 && s.list == lbuf);
				if (s.list == lbuf)
					ad->ops->put_scatter_gather_list(ad, s.list, false);
				kfree(lbuf);
			}
			wdm_free_mdl(mdl);
		}
	}
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	report("sg lists: offsets 0/1/2048/4095 x lengths 1 B..1 MiB: sizes, sums, build fits");

	/*
	 * A physically contiguous buffer larger than the device's segments:
	 * adjacent ranges may be joined, never beyond what the device takes.
	 */
	case_ok = true;
	{
		void *pc = alloc_pages_exact(SZ_256K, GFP_KERNEL);
		struct wdm_mdl *mdl = pc ? wdm_allocate_mdl(pc, SZ_256K, GFP_KERNEL) : NULL;
		u64 bmask = dma_get_seg_boundary(hda);
		u32 seg = dma_get_max_seg_size(hda);

		EXPECT(mdl);
		s.calls = 0;
		s.list = NULL;
		if (mdl)
			EXPECT(ad->ops->get_scatter_gather_list(ad, reqdev[0], mdl, pc, SZ_256K,
								sgl_routine, &s, false) == 0);
		if (s.list) {
			const struct wdm_scatter_gather_element *el = s.list->elements;
			u32 k, n = s.list->number_of_elements, sum = 0;

			for (k = 0; k < n; k++) {
				sum += el[k].length;
				EXPECT(el[k].length <= seg);
				EXPECT(!((el[k].address ^ (el[k].address + el[k].length - 1)) &
					 ~bmask));
			}
			EXPECT(sum == SZ_256K && n >= DIV_ROUND_UP(SZ_256K, seg));
			pr_info("wdmdma_test: # 256 KiB contiguous: %u elements, segments up to %u bytes\n",
				n, seg);
			ad->ops->put_scatter_gather_list(ad, s.list, false);
		}
		wdm_free_mdl(mdl);
		if (pc)
			free_pages_exact(pc, SZ_256K);
	}
	report("sg lists: 256 KiB contiguous: elements within the segment size and boundary");

	/* a 1 MiB vmalloc buffer: one element per page, more than any fixed array */
	case_ok = true;
	{
		struct wdm_mdl *mdl = wdm_allocate_mdl(buf + 4095, SZ_1M, GFP_KERNEL);
		u32 nregs = 0, size;

		EXPECT(mdl);
		if (mdl) {
			s.calls = 0;
			EXPECT(ad->ops->get_scatter_gather_list(ad, reqdev[0], mdl, buf + 4095,
								SZ_1M, sgl_routine, &s,
								false) == 0);
			/*
			 * One element per discontiguous logical range: 257 pages
			 * scattered by vmalloc give >64 without an IOMMU, fewer
			 * where the IOMMU or swiotlb hands out contiguous ranges.
			 */
			EXPECT(s.list && s.list->number_of_elements >= 1 &&
			       s.list->number_of_elements <= 257);
			if (s.list) {
				u32 k, sum = 0;

				for (k = 0; k < s.list->number_of_elements; k++)
					sum += s.list->elements[k].length;
				EXPECT(sum == SZ_1M);
				pr_info("wdmdma_test: # 1 MiB at offset 4095: %u elements\n",
					s.list->number_of_elements);
				ad->ops->put_scatter_gather_list(ad, s.list, false);
			}
			EXPECT(ad->ops->calculate_scatter_gather_list(ad, mdl, buf + 4095, SZ_1M,
								      &size, &nregs) == 0);
			EXPECT(nregs == 257 && size >= struct_size(s.list, elements, 257));
			/* v1 has no calculate; the list still works */
			s.calls = 0;
			EXPECT(v1->ops->get_scatter_gather_list(v1, reqdev[0], mdl, buf + 4095,
								SZ_1M, sgl_routine, &s,
								true) == 0);
			if (s.list)
				v1->ops->put_scatter_gather_list(v1, s.list, true);
			wdm_free_mdl(mdl);
		}
		mdl = wdm_allocate_mdl(buf, SZ_1M + PAGE_SIZE + 1, GFP_KERNEL);
		if (mdl) {
			EXPECT(ad->ops->get_scatter_gather_list(ad, reqdev[0], mdl, buf,
								SZ_1M + PAGE_SIZE + 1,
								sgl_routine, &s, true) == -ENOMEM);
			wdm_free_mdl(mdl);
		}
		EXPECT(ad->ops->calculate_scatter_gather_list(ad, NULL, NULL, PAGE_SIZE,
							      &size, &nregs) == 0 &&
		       nregs == 2);
		EXPECT(ad->ops->calculate_scatter_gather_list(ad, NULL, NULL, 0, &size,
							      &nregs) == -EINVAL);
	}
	report("sg list of 1 MiB at offset 4095: room for 257 elements, sums; too large: -ENOMEM");

	/* chained MDLs, put from inside the list routine, Ex with sync flag */
	case_ok = true;
	{
		struct wdm_mdl *a = wdm_allocate_mdl(buf + 100, 3 * PAGE_SIZE, GFP_KERNEL);
		struct wdm_mdl *b = wdm_allocate_mdl(buf + 8 * PAGE_SIZE + 7, 5000, GFP_KERNEL);
		struct wdm_dma_transfer_context c;
		struct wdm_dma_transfer_info ti = { .version = WDM_DMA_TRANSFER_INFO_VERSION2 };
		struct wdm_scatter_gather_list *l = NULL;
		u32 k, sum = 0;

		EXPECT(a && b);
		if (a && b) {
			a->next = b;
			EXPECT(ad->ops->get_dma_transfer_info(ad, a, 0, 3 * PAGE_SIZE + 5000,
							      false, &ti) == 0);
			EXPECT(ti.map_register_count == 4 + 2 && ti.logical_page_count == 6);
			ti.version = 3;
			EXPECT(ad->ops->get_dma_transfer_info(ad, a, 0, 10, false, &ti) ==
			       -EINVAL);
			EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c) == 0);
			EXPECT(ad->ops->get_scatter_gather_list_ex(ad, reqdev[0], &c, a, 0,
								   3 * PAGE_SIZE + 5000,
								   WDM_DMA_SYNCHRONOUS_CALLBACK,
								   NULL, NULL, true, NULL, NULL,
								   &l) == 0);
			EXPECT(l);
			if (l) {
				for (k = 0; k < l->number_of_elements; k++)
					sum += l->elements[k].length;
				EXPECT(sum == 3 * PAGE_SIZE + 5000);
				ad->ops->put_scatter_gather_list(ad, l, true);
			}
			EXPECT(ad->ops->get_scatter_gather_list_ex(ad, reqdev[0], &c, a, 0,
								   3 * PAGE_SIZE + 5001, 0,
								   sgl_routine, &s, true, NULL,
								   NULL, NULL) == -EINVAL);
			s.put_inside = true;
			s.write = true;
			s.calls = 0;
			EXPECT(ad->ops->get_scatter_gather_list(ad, reqdev[0], a, buf + 100,
								3 * PAGE_SIZE + 5000,
								sgl_routine, &s, true) == 0);
			EXPECT(s.calls == 1);
			s.put_inside = false;
		}
		wdm_free_mdl(a);
		wdm_free_mdl(b);
		ad->ops->put_scatter_gather_list(ad, (void *)buf, true);	/* bogus */
		EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	}
	report("chained MDLs, transfer info, sync _ex list, put from inside the routine");
	goto done;
out:
	report("sg lists");
done:
	vfree(buf);
	if (ad)
		ad->ops->put_dma_adapter(ad);
	if (v1)
		v1->ops->put_dma_adapter(v1);
}

/* ---- bounce integrity (dmatest-style patterns) ------------------------------ */

#define GUARD 0x3c
static u8 pat(u32 i, u8 seed)
{
	return (u8)(i * 7 + (i >> 8) + seed) | 0x80;	/* never GUARD */
}

static void fill(u8 *p, u32 n, u8 seed)
{
	u32 i;

	for (i = 0; i < n; i++)
		p[i] = pat(i, seed);
}

/* 0 when the region holds seed's pattern and the guards around are intact */
static int check_region(u8 *buf, u32 total, u32 off, u32 len, u8 seed)
{
	u32 i;

	for (i = 0; i < total; i++) {
		bool in = i >= off && i < off + len;
		u8 want = in ? pat(i - off, seed) : GUARD;

		if (buf[i] != want) {
			pr_info("wdmdma_test: # byte %u (%s region at %u+%u): %#x, want %#x\n",
				i, in ? "in" : "outside", off, len, buf[i], want);
			return -1;
		}
	}
	return 0;
}

/* Pages of [@buf, @buf + @len) of a vmalloc buffer beyond @reach. */
static u32 pages_beyond(u8 *buf, u32 len, u64 reach)
{
	unsigned long p = (unsigned long)buf & PAGE_MASK;
	u32 n = 0;

	for (; p < (unsigned long)buf + len; p += PAGE_SIZE)
		if (page_to_phys(vmalloc_to_page((void *)p)) + PAGE_SIZE - 1 > reach)
			n++;
	return n;
}

/* pages beyond the reach that bounce_roundtrip() met, for t_reach() */
static u32 beyond_seen;

/*
 * classic path: map to device from A, flush; map from device into B, flush;
 * every logical range within @reach. With @all_bounced (an adapter without
 * scatter/gather: everything goes through the same bounce pages) B must
 * then hold A's data; otherwise pages mapped directly see no device write.
 */
static bool bounce_roundtrip(struct wdm_dma_adapter *ad, u32 off, u32 len, u8 seed,
			     u64 reach, bool all_bounced)
{
	u32 total = len + off + 2 * PAGE_SIZE;
	u8 *a = vmalloc(total), *b = vmalloc(total);
	struct wdm_mdl *ma = NULL, *mb = NULL;
	struct rec *rp = kzalloc(sizeof(*rp), GFP_KERNEL);
	struct req_ctx rc = { .rec = rp };
	bool ok = false;
	u32 done, l;
	dma_addr_t la;

	if (!a || !b || !rp)
		goto out;
	rp->action = WDM_KEEP_OBJECT;
	memset(a, GUARD, total);
	memset(b, GUARD, total);
	fill(a + PAGE_SIZE + off, len, seed);
	ma = wdm_allocate_mdl(a + PAGE_SIZE + off, len, GFP_KERNEL);
	mb = wdm_allocate_mdl(b + PAGE_SIZE + off, len, GFP_KERNEL);
	if (!ma || !mb)
		goto out;
	beyond_seen += pages_beyond(a + PAGE_SIZE + off, len, reach) +
		       pages_beyond(b + PAGE_SIZE + off, len, reach);
	if (ad->ops->allocate_adapter_channel(ad, reqdev[0], wdm_span_pages(off, len),
					      rec_routine, &rc) || rp->n != 1)
		goto out;
	for (done = 0; done < len; done += l) {
		l = len - done;
		la = ad->ops->map_transfer(ad, ma, rp->base[0], a + PAGE_SIZE + off + done, &l,
					   true);
		if (la == DMA_MAPPING_ERROR || !l || la + l - 1 > reach)
			goto free;
	}
	if (!ad->ops->flush_adapter_buffers(ad, ma, rp->base[0], a + PAGE_SIZE + off, len, true))
		goto free;
	for (done = 0; done < len; done += l) {
		l = len - done;
		la = ad->ops->map_transfer(ad, mb, rp->base[0], b + PAGE_SIZE + off + done, &l,
					   false);
		if (la == DMA_MAPPING_ERROR || !l || la + l - 1 > reach)
			goto free;
	}
	/* wrong current va: refused, nothing copied */
	if (ad->ops->flush_adapter_buffers(ad, mb, rp->base[0], b + PAGE_SIZE + off + 1, len,
					   false))
		goto free;
	if (!ad->ops->flush_adapter_buffers(ad, mb, rp->base[0], b + PAGE_SIZE + off, len, false))
		goto free;
	ok = (!all_bounced || !check_region(b, total, PAGE_SIZE + off, len, seed)) &&
	     !check_region(a, total, PAGE_SIZE + off, len, seed);
free:
	ad->ops->free_adapter_channel(ad);
out:
	kfree(rp);
	wdm_free_mdl(ma);
	wdm_free_mdl(mb);
	vfree(a);
	vfree(b);
	return ok;
}

/* every element of a list within @reach */
static bool list_within(struct wdm_scatter_gather_list *l, u64 reach)
{
	u32 k;

	for (k = 0; k < l->number_of_elements; k++)
		if (l->elements[k].address + l->elements[k].length - 1 > reach)
			return false;
	return true;
}

/*
 * list path: the device's view through build_mdl_from_scatter_gather_list;
 * every element within @reach
 */
static bool bounce_list(struct wdm_dma_adapter *ad, u32 off, u32 len, u8 seed, u64 reach)
{
	u32 total = len + off + 2 * PAGE_SIZE;
	u8 *a = vmalloc(total);
	struct wdm_mdl *ma = NULL, *view = NULL;
	struct sgl_rec s = { .ad = ad };
	bool ok = false;
	u32 i;

	if (!a)
		return false;
	memset(a, GUARD, total);
	fill(a + PAGE_SIZE + off, len, seed);
	ma = wdm_allocate_mdl(a + PAGE_SIZE + off, len, GFP_KERNEL);
	if (!ma)
		goto out;
	/* to device: what the device reads is the pattern */
	if (ad->ops->get_scatter_gather_list(ad, reqdev[0], ma, a + PAGE_SIZE + off, len,
					     sgl_routine, &s, true) || !s.list)
		goto out;
	if (!list_within(s.list, reach) ||
	    ad->ops->build_mdl_from_scatter_gather_list(ad, s.list, ma, &view) || !view ||
	    view == ma) {
		ad->ops->put_scatter_gather_list(ad, s.list, true);
		goto out;
	}
	ok = true;
	for (i = 0; i < len && ok; i++) {
		u32 pos = view->byte_offset + i;
		u8 *p = kmap_local_page(view->pages[pos >> PAGE_SHIFT]);

		ok = p[offset_in_page(pos)] == pat(i, seed);
		kunmap_local(p);
	}
	wdm_free_mdl(view);
	view = NULL;
	ad->ops->put_scatter_gather_list(ad, s.list, true);
	if (!ok)
		goto out;
	/* from device: the device writes seed+1, flush brings exactly that back */
	ok = false;
	if (ad->ops->get_scatter_gather_list(ad, reqdev[0], ma, a + PAGE_SIZE + off, len,
					     sgl_routine, &s, false) || !s.list)
		goto out;
	if (list_within(s.list, reach) &&
	    !ad->ops->build_mdl_from_scatter_gather_list(ad, s.list, ma, &view) && view) {
		for (i = 0; i < len; i++) {
			u32 pos = view->byte_offset + i;
			u8 *p = kmap_local_page(view->pages[pos >> PAGE_SHIFT]);

			p[offset_in_page(pos)] = pat(i, seed + 1);
			kunmap_local(p);
		}
		wdm_free_mdl(view);
		ok = true;
	}
	ad->ops->put_scatter_gather_list(ad, s.list, false);
	ok = ok && !check_region(a, total, PAGE_SIZE + off, len, seed + 1);
out:
	wdm_free_mdl(ma);
	vfree(a);
	return ok;
}

static void t_bounce(void)
{
	static const u32 offs[] = { 0, 1, 4095 };
	static const u32 lens[] = { 1, 100, 4096, 4097, 65536, SZ_1M - 4096 };
	struct wdm_dma_adapter *ad = get(3, false, 64, SZ_1M, NULL);	/* no S/G */
	int i, j, seed = 0;
	long before;

	case_ok = !!ad;
	if (!ad)
		goto out;
	before = stat_field(ad, "bounce_bytes_copied");
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		for (j = 0; j < ARRAY_SIZE(lens); j++)
			if (!bounce_roundtrip(ad, offs[i], lens[j], seed++, U64_MAX, true)) {
				pr_info("wdmdma_test: # roundtrip offset %u length %u failed\n",
					offs[i], lens[j]);
				case_ok = false;
			}
	EXPECT(stat_field(ad, "bounce_bytes_copied") > before);
	report("bounce (no S/G): map_transfer/flush both ways, exact bytes, guards intact");

	case_ok = true;
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		for (j = 0; j < ARRAY_SIZE(lens); j++)
			if (!bounce_list(ad, offs[i], lens[j], seed++, U64_MAX)) {
				pr_info("wdmdma_test: # list offset %u length %u failed\n",
					offs[i], lens[j]);
				case_ok = false;
			}
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
	report("bounce lists: device view holds the data; device writes come back exactly");
	ad->ops->put_dma_adapter(ad);
	return;
out:
	report("bounce (no scatter/gather)");
	report("bounce lists");
}

/* A description narrower than the device's mask: every address within it. */
static void t_narrow(void)
{
	struct wdm_dma_adapter *ad = NULL;
	u8 *buf = vmalloc(SZ_256K + PAGE_SIZE);
	struct sgl_rec s = {};
	struct wdm_mdl *mdl = NULL;
	u32 w, k;
	u64 mask_before = dma_get_mask(hda);

	case_ok = true;
	for (w = 24; w <= 32 && !ad; w++)
		ad = get(3, true, w, SZ_256K, NULL);
	w--;
	EXPECT(ad && buf);
	if (!ad || !buf)
		goto out;
	pr_info("wdmdma_test: # narrowest placeable reach: %u bits\n", w);
	s.ad = ad;
	memset(buf, 0x11, SZ_256K + PAGE_SIZE);
	mdl = wdm_allocate_mdl(buf + 33, SZ_256K, GFP_KERNEL);
	EXPECT(mdl);
	if (mdl && !ad->ops->get_scatter_gather_list(ad, reqdev[0], mdl, buf + 33, SZ_256K,
						     sgl_routine, &s, true) && s.list) {
		for (k = 0; k < s.list->number_of_elements; k++)
			EXPECT(s.list->elements[k].address + s.list->elements[k].length - 1 <=
			       DMA_BIT_MASK(w));
		ad->ops->put_scatter_gather_list(ad, s.list, true);
	} else {
		EXPECT(0);
	}
	EXPECT(dma_get_mask(hda) == mask_before);
out:
	report("narrow address width: every list address within reach, device mask unchanged");
	wdm_free_mdl(mdl);
	vfree(buf);
	if (ad)
		ad->ops->put_dma_adapter(ad);
}

/*
 * Memory beyond a reach: the machine's RAM goes above it. More RAM than
 * the reach spans (the emulated PC's memory above 4 GiB) proves it.
 */
static bool ram_beyond(u64 reach)
{
	return (u64)totalram_pages() << PAGE_SHIFT > reach;
}

/*
 * Whether memory within @limit must be placeable for the controller: always
 * where the limit covers its coherent mask; with plain direct DMA (no IOMMU)
 * for 32 bits and more, and for less when the kernel has ZONE_DMA (the
 * debug kernel has not). Behind an IOMMU only 32-bit limits hold (IOVAs are
 * handed out below 4 GiB first, top-down): narrower ones may be refused.
 */
static bool placeable(u64 limit)
{
	if (limit >= hda->coherent_dma_mask)
		return true;
	if (limit < DMA_BIT_MASK(32))
		return !device_iommu_mapped(hda) && IS_ENABLED(CONFIG_ZONE_DMA);
	return true;
}

/*
 * Adapters of 24, 32 and 64 bits, with and without scatter/gather, on the
 * controller whatever its mask: those narrower than the mask get bounce
 * pages within the reach, common buffers within it, and every logical
 * address they hand out is within it. Without scatter/gather everything
 * goes through the bounce pages, and the data must arrive exactly both ways
 * (MapTransfer / FlushAdapterBuffers and lists). With it, where RAM extends
 * beyond the reach and DMA is direct, pages beyond it must have been copied
 * through the bounce pages.
 */
static void reach_data(struct wdm_dma_adapter *ad, u32 w, bool sg, u64 reach, int *seed)
{
	static const u32 offs[] = { 0, 4095 };
	static const u32 lens[] = { 100, 4097, 65536, 200000 };
	const char *kind = sg ? "S/G" : "no S/G";
	int i, j;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			if (!bounce_roundtrip(ad, offs[i], lens[j], (*seed)++, reach, !sg)) {
				pr_info("wdmdma_test: # %u-bit %s: roundtrip at %u, %u bytes failed\n",
					w, kind, offs[i], lens[j]);
				case_ok = false;
			}
			if (!sg && !bounce_list(ad, offs[i], lens[j], (*seed)++, reach)) {
				pr_info("wdmdma_test: # %u-bit %s: list at %u, %u bytes failed\n",
					w, kind, offs[i], lens[j]);
				case_ok = false;
			}
		}
	}
}

static void t_reach(void)
{
	static const u32 widths[] = { 24, 32, 64 };
	char name[160];
	int wi, sg, seed = 0x40;

	for (wi = 0; wi < ARRAY_SIZE(widths); wi++) {
		u32 w = widths[wi];
		u64 reach = min(DMA_BIT_MASK(w), dma_get_mask(hda));
		bool narrower = reach < dma_get_mask(hda);
		bool must = placeable(reach);
		int refused = 0;

		case_ok = true;
		for (sg = 0; sg <= 1; sg++) {
			struct wdm_dma_adapter *ad = get(3, sg, w, SZ_256K, NULL);
			struct wdm_dma_adapter_info info = {
				.version = WDM_DMA_ADAPTER_INFO_VERSION1 };
			long before;
			dma_addr_t la;
			u8 *va;

			if (!ad) {
				refused++;
				EXPECT(!must);
				continue;
			}
			EXPECT(!ad->ops->get_dma_adapter_info(ad, &info) &&
			       info.dma_address_width == w);
			va = ad->ops->allocate_common_buffer(ad, 3 * PAGE_SIZE, &la, true);
			EXPECT(va && la + 3 * PAGE_SIZE - 1 <= reach);
			if (va) {
				fill(va, 3 * PAGE_SIZE, seed);
				EXPECT(!check_region(va, 3 * PAGE_SIZE, 0, 3 * PAGE_SIZE, seed));
				ad->ops->free_common_buffer(ad, 3 * PAGE_SIZE, la, va, true);
			}
			before = stat_field(ad, "bounce_bytes_copied");
			beyond_seen = 0;
			reach_data(ad, w, sg, reach, &seed);
			pr_info("wdmdma_test: # %u-bit %s: reach %#llx, %u buffer pages beyond it, %ld bytes bounced\n",
				w, sg ? "S/G" : "no S/G", reach, beyond_seen,
				stat_field(ad, "bounce_bytes_copied") - before);
			/*
			 * direct DMA: pages beyond had to go through the bounce
			 * pages (swiotlb=force and an IOMMU may map them within)
			 */
			if (narrower && beyond_seen && !device_iommu_mapped(hda) &&
			    !is_swiotlb_force_bounce(hda))
				EXPECT(stat_field(ad, "bounce_bytes_copied") > before);
			EXPECT(stat_field(ad, "map_registers_in_use") == 0);
			ad->ops->put_dma_adapter(ad);
		}
		if (refused)
			pr_info("wdmdma_test: # %u-bit adapters refused: %s\n", w,
				must ? "required here" : device_iommu_mapped(hda) ?
				"allowed behind the IOMMU" : "allowed without ZONE_DMA");
		snprintf(name, sizeof(name),
			 "reach %u bits%s: bounce pages, buffers, addresses within it; data exact both ways",
			 w, narrower ? " (narrower than the device)" : "");
		report(name);
	}
}

/*
 * AllocateCommonBufferEx: MaximumAddress is where the buffer is allocated
 * below, not a check afterwards. Eight buffers per limit on a 64-bit
 * adapter; with memory above the limit, unsteered allocations land there.
 */
static void t_max_address(void)
{
	static const u64 limits[] = { DMA_BIT_MASK(32), DMA_BIT_MASK(31), DMA_BIT_MASK(24) };
	struct wdm_dma_adapter *ad = get(3, true, 64, SZ_64K, NULL);
	u64 reach = dma_get_mask(hda);
	u64 tiny = 0xfff;
	dma_addr_t la[8];
	void *va[8];
	int li, k;

	case_ok = true;
	EXPECT(ad);
	if (!ad)
		goto out;
	pr_info("wdmdma_test: # RAM %lu MiB (beyond 4 GiB: %s), controller mask %#llx, coherent %#llx, IOMMU %s\n",
		totalram_pages() >> (20 - PAGE_SHIFT), ram_beyond(DMA_BIT_MASK(32)) ? "yes" : "no",
		dma_get_mask(hda), hda->coherent_dma_mask, device_iommu_mapped(hda) ? "yes" : "no");
	for (li = 0; li < ARRAY_SIZE(limits); li++) {
		u64 limit = min(limits[li], reach);
		bool must = placeable(limit);
		int got = 0;

		for (k = 0; k < ARRAY_SIZE(va); k++) {
			va[k] = ad->ops->allocate_common_buffer_ex(ad, &limits[li], SZ_64K, &la[k],
								   true, NUMA_NO_NODE);
			if (!va[k]) {
				EXPECT(!must);
				continue;
			}
			got++;
			EXPECT(la[k] + SZ_64K - 1 <= limit);
			fill(va[k], SZ_64K, k);
		}
		for (k = 0; k < ARRAY_SIZE(va); k++) {
			if (!va[k])
				continue;
			EXPECT(!check_region(va[k], SZ_64K, 0, SZ_64K, k));
			ad->ops->free_common_buffer(ad, SZ_64K, la[k], va[k], true);
		}
		pr_info("wdmdma_test: # MaximumAddress %#llx: %d of %zu buffers (%s)\n", limits[li],
			got, ARRAY_SIZE(va), must ? "all required" : "may be refused here");
	}
	/* below any memory: refused (with a log line), not handed out */
	va[0] = ad->ops->allocate_common_buffer_ex(ad, &tiny, PAGE_SIZE, &la[0], true,
						   NUMA_NO_NODE);
	EXPECT(!va[0]);
	if (va[0])
		ad->ops->free_common_buffer(ad, PAGE_SIZE, la[0], va[0], true);
	EXPECT(stat_field(ad, "common_buffers") == 0);
	ad->ops->put_dma_adapter(ad);
out:
	report("common_buffer_ex: placed below 4 GiB, 2 GiB, 16 MiB; below all memory refused");
}

static void dummy_completion(struct device *dev, void *c, int status)
{
}

static void t_map_ex(void)
{
	struct wdm_dma_adapter *ad = get(3, true, 64, SZ_64K, NULL);
	u8 *buf = vmalloc(SZ_64K + PAGE_SIZE);
	struct wdm_mdl *mdl = NULL;
	struct wdm_scatter_gather_list *l = kmalloc(struct_size(l, elements, 32), GFP_KERNEL);
	struct wdm_dma_transfer_context c;
	void *base = NULL;
	u32 len, k, sum = 0;

	case_ok = true;
	if (!ad || !buf || !l)
		goto out;
	mdl = wdm_allocate_mdl(buf + 10, SZ_64K, GFP_KERNEL);
	EXPECT(mdl);
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c) == 0);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[0], &c, 17,
						    WDM_DMA_SYNCHRONOUS_CALLBACK, NULL, NULL,
						    &base) == 0);
	if (!mdl || !base)
		goto out;
	len = SZ_64K;
	EXPECT(ad->ops->map_transfer_ex(ad, mdl, base, 0, 0, &len, true, l,
					struct_size(l, elements, 32),
					dummy_completion, NULL) == -EINVAL);
	EXPECT(ad->ops->map_transfer_ex(ad, mdl, base, 0, 0, &len, true, l,
					sizeof(*l), NULL, NULL) == -ENOBUFS);
	EXPECT(ad->ops->map_transfer_ex(ad, mdl, base, 0, 0, &len, true, l,
					struct_size(l, elements, 32), NULL, NULL) == 0);
	for (k = 0; k < l->number_of_elements; k++)
		sum += l->elements[k].length;
	EXPECT(sum == len && len > 0);
	len = 100;
	EXPECT(ad->ops->map_transfer_ex(ad, mdl, base, 0, 0, &len, true, l,
					struct_size(l, elements, 32), NULL, NULL) == -EBADFD);
	EXPECT(ad->ops->flush_adapter_buffers_ex(ad, mdl, base, 5, sum, true) == -EINVAL);
	EXPECT(ad->ops->flush_adapter_buffers_ex(ad, mdl, base, 0, sum, true) == 0);
	/* a list buffer of two elements maps less than asked, not nothing */
	len = SZ_64K;
	EXPECT(ad->ops->map_transfer_ex(ad, mdl, base, 0, 0, &len, false, l,
					struct_size(l, elements, 2), NULL, NULL) == 0);
	EXPECT(len > 0 && len <= SZ_64K && l->number_of_elements <= 2);
	EXPECT(ad->ops->flush_adapter_buffers_ex(ad, mdl, base, 0, len, false) == 0);
	/* classic map_transfer with a bad base */
	len = 10;
	EXPECT(ad->ops->map_transfer(ad, mdl, (u8 *)base + 1, buf + 10, &len, true) ==
	       DMA_MAPPING_ERROR && len == 0);
	/* freeing the registers while mapped unmaps them (logged) */
	len = 4096;
	EXPECT(ad->ops->map_transfer(ad, mdl, base, buf + 10, &len, true) != DMA_MAPPING_ERROR);
	ad->ops->free_adapter_object(ad, WDM_DEALLOCATE_OBJECT);
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
out:
	report("map_transfer_ex/flush_ex: lists, less than asked, unflushed map -EBADFD, bad args");
	wdm_free_mdl(mdl);
	kfree(l);
	vfree(buf);
	if (ad)
		ad->ops->put_dma_adapter(ad);
}

/*
 * map_transfer on an adapter without bounce pages: the first map of a run of
 * calls maps what it was asked for at once and hands out one logical range
 * per call; calls that continue where the previous one stopped, asking for
 * any length, get the next pieces; one that does not continue maps anew in
 * the registers left. Where dma-mapping is the identity (no IOMMU, no
 * forced swiotlb) every piece must be the physical address of its bytes.
 */
static void t_map_pieces(void)
{
	const u32 len = SZ_256K - 200;
	struct wdm_dma_adapter *ad = get(3, true, 64, SZ_256K, NULL);
	u8 *buf = vmalloc(SZ_256K + PAGE_SIZE);
	struct wdm_mdl *mdl = NULL;
	struct rec *rp = kzalloc(sizeof(*rp), GFP_KERNEL);
	struct req_ctx rc = { .rec = rp };
	bool identity = false;
	u8 *va = buf + 100;
	u32 done, l, ask, calls = 0;
	dma_addr_t la, d;

	case_ok = true;
	if (!ad || !buf || !rp) {
		case_ok = false;
		goto out;
	}
	d = dma_map_page(hda, vmalloc_to_page(buf), 0, PAGE_SIZE, DMA_TO_DEVICE);
	if (!dma_mapping_error(hda, d)) {
		identity = d == page_to_phys(vmalloc_to_page(buf));
		dma_unmap_page(hda, d, PAGE_SIZE, DMA_TO_DEVICE);
	}
	mdl = wdm_allocate_mdl(va, len, GFP_KERNEL);
	EXPECT(mdl);
	rp->action = WDM_KEEP_OBJECT;
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], wdm_span_pages(100, len),
						 rec_routine, &rc) == 0);
	if (!mdl || rp->n != 1) {
		case_ok = false;
		goto out;
	}
	/* alternately the rest and 1000 bytes: every call continues */
	for (done = 0; done < len; done += l, calls++) {
		ask = calls % 2 ? min(len - done, 1000u) : len - done;
		l = ask;
		la = ad->ops->map_transfer(ad, mdl, rp->base[0], va + done, &l, true);
		if (la == DMA_MAPPING_ERROR || !l || l > ask) {
			EXPECT(0);
			break;
		}
		if (identity && (la != page_to_phys(vmalloc_to_page(va + done)) +
				 offset_in_page(va + done) ||
				 vmalloc_to_page(va + done + l - 1) - vmalloc_to_page(va + done) !=
				 (offset_in_page(va + done) + l - 1) >> PAGE_SHIFT))
			EXPECT(0);
	}
	EXPECT(done == len);
	pr_info("wdmdma_test: # %u bytes in %u map_transfer calls%s\n", len, calls,
		identity ? ", physical addresses checked" : "");
	/* all registers went to that mapping: one that does not continue fails */
	l = 4096;
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], va, &l, true) == DMA_MAPPING_ERROR &&
	       l == 0);
	EXPECT(!ad->ops->flush_adapter_buffers(ad, mdl, rp->base[0], va + 1, len, true));
	EXPECT(ad->ops->flush_adapter_buffers(ad, mdl, rp->base[0], va, len, true));
	/* out of order: each map that does not continue maps anew */
	l = 3 * PAGE_SIZE;
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], va + 8192, &l, false) !=
	       DMA_MAPPING_ERROR && l > 0 && l <= 3 * PAGE_SIZE);
	l = 100;
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], va, &l, false) != DMA_MAPPING_ERROR &&
	       l == 100);
	l = 100;
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], va + 100, &l, true) ==
	       DMA_MAPPING_ERROR && l == 0);	/* direction differs */
	l = 5000;
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], va + 100, &l, false) !=
	       DMA_MAPPING_ERROR && l > 0 && l <= 5000);
	EXPECT(stat_field(ad, "map_registers_in_use") == wdm_span_pages(100, len));
	EXPECT(ad->ops->flush_adapter_buffers(ad, mdl, rp->base[0], va + 8192, len, false));
	/* after the flush all registers are there again */
	l = len;
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], va, &l, true) != DMA_MAPPING_ERROR &&
	       l > 0);
	EXPECT(ad->ops->flush_adapter_buffers(ad, mdl, rp->base[0], va, len, true));
	ad->ops->free_adapter_channel(ad);
	EXPECT(stat_field(ad, "map_registers_in_use") == 0);
out:
	report("map_transfer, no bounce pages: one mapping in pieces; out of order maps anew");
	wdm_free_mdl(mdl);
	vfree(buf);
	kfree(rp);
	if (ad)
		ad->ops->put_dma_adapter(ad);
}

/* put_dma_adapter with everything still outstanding: drained, nothing runs */
static void t_put_drains(void)
{
	struct wdm_dma_adapter *ad = get(3, true, 64, SZ_64K, NULL);
	struct rec *rp = kzalloc(sizeof(*rp), GFP_KERNEL);
	struct req_ctx rc[3] = { { rp, 0 }, { rp, 1 }, { rp, 2 } };
	struct wdm_dma_transfer_context c;
	struct sgl_rec s = {};
	u8 *buf = kmalloc(8192, GFP_KERNEL);
	struct wdm_mdl *mdl = buf ? wdm_allocate_mdl(buf, 8192, GFP_KERNEL) : NULL;
	dma_addr_t la;
	u32 len = 8192;

	case_ok = true;
	if (!ad || !mdl || !rp)
		goto out;
	rp->action = WDM_KEEP_OBJECT;
	s.ad = ad;
	EXPECT(ad->ops->allocate_common_buffer(ad, 5000, &la, true));
	EXPECT(ad->ops->get_scatter_gather_list(ad, reqdev[3], mdl, buf, 8192, sgl_routine,
						&s, true) == 0);
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[0], 4, rec_routine, &rc[0]) == 0);
	EXPECT(ad->ops->map_transfer(ad, mdl, rp->base[0], buf, &len, true) !=
	       DMA_MAPPING_ERROR);
	EXPECT(ad->ops->allocate_adapter_channel(ad, reqdev[1], 4, rec_routine, &rc[1]) == 0);
	EXPECT(ad->ops->initialize_dma_transfer_context(ad, &c) == 0);
	EXPECT(ad->ops->allocate_adapter_channel_ex(ad, reqdev[2], &c, 4, 0, rec_routine,
						    &rc[2], NULL) == 0);
	EXPECT(stat_field(ad, "queued_requests") == 2 &&
	       stat_field(ad, "pending_transfer_contexts") == 1);
	ad->ops->put_dma_adapter(ad);
	ad = NULL;
	EXPECT(rp->n == 1);
out:
	report("put_dma_adapter with queued requests, mapped registers, a list, a buffer: drained");
	if (ad)
		ad->ops->put_dma_adapter(ad);
	wdm_free_mdl(mdl);
	kfree(buf);
	kfree(rp);
}

static void t_mdl(void)
{
	u8 *v = vmalloc(3 * PAGE_SIZE);
	u8 *k = kmalloc(100, GFP_KERNEL);
	struct wdm_mdl *m;

	case_ok = true;
	m = v ? wdm_allocate_mdl(v + 5, 2 * PAGE_SIZE, GFP_KERNEL) : NULL;
	EXPECT(m && wdm_mdl_byte_offset(m) == 5 && wdm_mdl_byte_count(m) == 2 * PAGE_SIZE &&
	       wdm_mdl_page_count(m) == 3 && wdm_mdl_page(m, 1) == vmalloc_to_page(v + PAGE_SIZE) &&
	       !wdm_mdl_page(m, 3) && !wdm_mdl_next(m) && wdm_mdl_virtual_address(m) == v + 5);
	wdm_free_mdl(m);
	m = k ? wdm_allocate_mdl(k, 100, GFP_KERNEL) : NULL;
	EXPECT(m && m->pages[0] == virt_to_page(k));
	wdm_free_mdl(m);
	EXPECT(!wdm_allocate_mdl(k, 0, GFP_KERNEL));
	EXPECT(!wdm_allocate_mdl(NULL, 10, GFP_KERNEL));
	report("MDLs: vmalloc and linear-map buffers, accessors, bad arguments");
	vfree(v);
	kfree(k);
}

/* ---- debugfs-equivalent counters ---------------------------------------------- */

/*
 * What the controller's stats count for this test: the figures minus those
 * at load (snd-hda-wdm may hold an adapter of the same device), or -1.
 */
static struct wdm_dma_stats stat_base;

static int stat_field(struct wdm_dma_adapter *ad, const char *f)
{
	struct wdm_dma_stats st;

	if (wdm_get_dma_stats(hda, &st))
		return -1;
	st.adapters -= stat_base.adapters;
	st.map_registers_in_use -= stat_base.map_registers_in_use;
	st.queued_requests -= stat_base.queued_requests;
	st.pending_transfer_contexts -= stat_base.pending_transfer_contexts;
	st.common_buffers -= stat_base.common_buffers;
	if (!strcmp(f, "adapters"))
		return st.adapters;
	if (!strcmp(f, "map_registers_in_use"))
		return st.map_registers_in_use;
	if (!strcmp(f, "map_registers_high_water"))
		return st.map_registers_high_water;
	if (!strcmp(f, "queued_requests"))
		return st.queued_requests;
	if (!strcmp(f, "pending_transfer_contexts"))
		return st.pending_transfer_contexts;
	if (!strcmp(f, "common_buffers"))
		return st.common_buffers;
	if (!strcmp(f, "bounce_bytes_copied"))
		return min_t(u64, st.bounce_bytes_copied, INT_MAX);
	return -1;
}

static void t_counters(void)
{
	struct wdm_dma_adapter *ad = get(3, true, 64, 4096, NULL);

	case_ok = !!ad;
	if (ad) {
		EXPECT(stat_field(ad, "map_registers_in_use") == 0);
		EXPECT(stat_field(ad, "queued_requests") == 0);
		EXPECT(stat_field(ad, "pending_transfer_contexts") == 0);
		EXPECT(stat_field(ad, "common_buffers") == 0);
		EXPECT(stat_field(ad, "adapters") == 1);
		EXPECT(stat_field(ad, "map_registers_high_water") > 0);
		ad->ops->put_dma_adapter(ad);
	}
	report("debugfs: nothing in use, queued or pending at the end");
}

/* ---- benchmark ------------------------------------------------------------------ */

/*
 * Three ways of making the same buffer visible to the same device (the HD
 * Audio controller) in the same direction (to the device), timed back to
 * back in rounds. Each figure is the mean of the fastest round: TCG timing
 * is noisy and the fastest round is the one least disturbed.
 *   chan  allocate_adapter_channel + map_transfer until the buffer is
 *         mapped + flush_adapter_buffers + DeallocateObject
 *   sgl   get_scatter_gather_list + put_scatter_gather_list
 *   linux the same work as sgl, done the Linux way from the same pages
 *         (the page array built once, as an MDL is): an sg_table built from
 *         them at the device's maximum segment size, dma_map_sgtable,
 *         dma_unmap_sgtable, sg_free_table; GFP_ATOMIC, as the list is
 *         allocated (get_scatter_gather_list may be called at dispatch
 *         level)
 *   raw   dma_map_sg + dma_unmap_sg of an sg_table over the same pages,
 *         built once beforehand and split at the device's maximum segment
 *         size (dma_map_sg must never see longer segments), as a Linux
 *         driver would keep it
 * The adapter has no bounce pages here (64-bit description, scatter/gather),
 * the case the goal is about; the list has as many elements as the raw
 * mapping has segments (both printed). The goal (issue 16): sgl within
 * 1.10 times linux at every size.
 */
#define BENCH_ROUNDS	9

struct bench_buf {
	struct wdm_dma_adapter *ad;
	struct wdm_mdl *mdl;
	u8 *va;
	u32 len;
	u32 maps;		/* map_transfer calls of the last grant */
};

static enum wdm_io_allocation_action bench_routine(struct device *dev, void *base, void *c)
{
	struct bench_buf *b = c;
	u32 done, l;

	b->maps = 0;
	for (done = 0; done < b->len; done += l) {
		l = b->len - done;
		b->maps++;
		if (b->ad->ops->map_transfer(b->ad, b->mdl, base, b->va + done, &l, true) ==
		    DMA_MAPPING_ERROR || !l)
			break;
	}
	b->ad->ops->flush_adapter_buffers(b->ad, b->mdl, base, b->va, b->len, true);
	return WDM_DEALLOCATE_OBJECT;
}

static enum wdm_io_allocation_action nop_routine(struct device *dev, void *base, void *c)
{
	return WDM_DEALLOCATE_OBJECT;
}

static void sgl_count_routine(struct device *dev, struct wdm_scatter_gather_list *l, void *c)
{
	struct sgl_rec *s = c;

	s->calls = l ? l->number_of_elements : -1;
	s->list = l;
}

static noinline int bench_nop(int x)
{
	return x + 1;
}

/* What the primitives the adapter layer is made of cost on this machine. */
static void bench_primitives(void)
{
	static DEFINE_SPINLOCK(lock);
	int (*fn)(int) = bench_nop;
	const u32 n = 20000;
	atomic64_t a = ATOMIC64_INIT(0);
	struct page *page = alloc_page(GFP_KERNEL);
	u64 t0, t_loop, t_call, t_lock, t_atomic, t_alloc, t_page;
	int acc = 0;
	unsigned long flags;
	dma_addr_t dma;
	u32 i;

	if (!page)
		return;
	OPTIMIZER_HIDE_VAR(fn);	/* a real indirect call, as through ->ops */
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		barrier();
	t_loop = (ktime_get_ns() - t0) * 10 / n;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		acc = fn(acc);
	t_call = (ktime_get_ns() - t0) * 10 / n;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		spin_lock_irqsave(&lock, flags);
		spin_unlock_irqrestore(&lock, flags);
	}
	t_lock = (ktime_get_ns() - t0) * 10 / n;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		atomic64_inc(&a);
	t_atomic = (ktime_get_ns() - t0) * 10 / n;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		kfree(kmalloc(512, GFP_ATOMIC));
	t_alloc = (ktime_get_ns() - t0) * 10 / n;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		dma = dma_map_page(hda, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
		if (!dma_mapping_error(hda, dma))
			dma_unmap_page(hda, dma, PAGE_SIZE, DMA_TO_DEVICE);
	}
	t_page = (ktime_get_ns() - t0) * 10 / n;
	__free_page(page);
	if (acc != n)
		return;
	pr_info("wdmdma_bench: # primitives (ns): loop %llu.%llu, indirect call %llu.%llu, irqsave lock+unlock %llu.%llu, atomic64_inc %llu.%llu, kmalloc+kfree(512, GFP_ATOMIC) %llu.%llu, dma_map_page+unmap %llu.%llu\n",
		t_loop / 10, t_loop % 10, t_call / 10, t_call % 10, t_lock / 10, t_lock % 10,
		t_atomic / 10, t_atomic % 10, t_alloc / 10, t_alloc % 10,
		t_page / 10, t_page % 10);
}

/* the Linux way of what get+put_scatter_gather_list do (see above) */
static void bench_linux_way(struct page **pages, u32 np, u32 len)
{
	struct sg_table sgt;

	if (sg_alloc_table_from_pages_segment(&sgt, pages, np, 0, len,
					      dma_get_max_seg_size(hda), GFP_ATOMIC))
		return;
	if (!dma_map_sgtable(hda, &sgt, DMA_TO_DEVICE, 0))
		dma_unmap_sgtable(hda, &sgt, DMA_TO_DEVICE, 0);
	sg_free_table(&sgt);
}

static void bench_ratio(char *s, size_t size, u64 a, u64 b)
{
	snprintf(s, size, "%llu.%02llu", a / b, a * 100 / b % 100);
}

static void run_bench(void)
{
	static const u32 sizes[] = { SZ_4K, SZ_64K, SZ_1M };
	u64 mask = dma_get_mask(hda), coherent = hda->coherent_dma_mask;
	struct wdm_dma_adapter *ad;
	struct sgl_rec s = {};
	u64 raw4k = 0, linux4k = 0;
	int i;

	/*
	 * The mask a driver sets for a controller with GCAP.64OK (QEMU's has
	 * it), as hda-wdm and snd-hda-intel do: without it, the default 32-bit
	 * mask of an unbound device would make dma-mapping bounce every page
	 * above 4 GiB through swiotlb, on either side of the comparison.
	 */
	if (dma_set_mask_and_coherent(hda, DMA_BIT_MASK(64)))
		pr_info("wdmdma_bench: # a 64-bit DMA mask was refused: mask %#llx\n", mask);
	ad = get(3, true, 64, SZ_1M, NULL);
	if (!ad)
		goto restore;
	s.ad = ad;
	pr_info("wdmdma_bench: # device %s, DMA mask %#llx, direction to device, the same vmalloc buffer for all four; max segment %u; best of %d rounds\n",
		dev_name(hda), dma_get_mask(hda), dma_get_max_seg_size(hda), BENCH_ROUNDS);
	bench_primitives();
	pr_info("wdmdma_bench: size channel+map+flush+free(ns) get+put_sgl(ns) sgtable+map+unmap+free(ns) dma_map_sg+unmap(ns) ratio_chan ratio_sgl sgl/linux segments(raw/list/map_transfer calls) goal(sgl/linux<=1.10)\n");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u32 len = sizes[i], iters = len >= SZ_1M ? 100 : 500, it, np, p;
		u8 *buf = vmalloc(len);
		struct page **pages;
		struct sg_table sgt;
		struct bench_buf b = {};
		u64 t0, tc = U64_MAX, ts = U64_MAX, tl = U64_MAX, tr = U64_MAX, t;
		int round, raw_nents = 0;
		char rc[24], rs[24], rl[24];

		if (!buf) {
			pr_info("wdmdma_bench: # %u: no memory\n", len);
			break;
		}
		np = len / PAGE_SIZE;
		pages = kcalloc(np, sizeof(*pages), GFP_KERNEL);
		b.mdl = wdm_allocate_mdl(buf, len, GFP_KERNEL);
		if (!pages || !b.mdl) {
			pr_info("wdmdma_bench: # %u: no memory\n", len);
			goto next;
		}
		for (p = 0; p < np; p++)
			pages[p] = vmalloc_to_page(buf + p * PAGE_SIZE);
		if (sg_alloc_table_from_pages_segment(&sgt, pages, np, 0, len,
						      dma_get_max_seg_size(hda), GFP_KERNEL)) {
			pr_info("wdmdma_bench: # %u: no memory\n", len);
			goto next;
		}
		b.ad = ad;
		b.va = buf;
		b.len = len;
		for (round = 0; round < BENCH_ROUNDS; round++) {
			t0 = ktime_get_ns();
			for (it = 0; it < iters; it++)
				ad->ops->allocate_adapter_channel(ad, reqdev[0], np + 1,
								  bench_routine, &b);
			t = (ktime_get_ns() - t0) / iters;
			tc = min(tc, t);
			t0 = ktime_get_ns();
			for (it = 0; it < iters; it++) {
				ad->ops->get_scatter_gather_list(ad, reqdev[0], b.mdl, buf, len,
								 sgl_count_routine, &s, true);
				ad->ops->put_scatter_gather_list(ad, s.list, true);
			}
			t = (ktime_get_ns() - t0) / iters;
			ts = min(ts, t);
			t0 = ktime_get_ns();
			for (it = 0; it < iters; it++)
				bench_linux_way(pages, np, len);
			t = (ktime_get_ns() - t0) / iters;
			tl = min(tl, t);
			t0 = ktime_get_ns();
			for (it = 0; it < iters; it++) {
				raw_nents = dma_map_sg(hda, sgt.sgl, sgt.orig_nents, DMA_TO_DEVICE);
				if (raw_nents)
					dma_unmap_sg(hda, sgt.sgl, sgt.orig_nents, DMA_TO_DEVICE);
			}
			t = (ktime_get_ns() - t0) / iters;
			tr = min(tr, t);
		}
		tr = max_t(u64, tr, 1);
		tl = max_t(u64, tl, 1);
		bench_ratio(rc, sizeof(rc), tc, tr);
		bench_ratio(rs, sizeof(rs), ts, tr);
		bench_ratio(rl, sizeof(rl), ts, tl);
		pr_info("wdmdma_bench: %7u %8llu %8llu %8llu %8llu %6s %6s %6s   %d/%d/%u %s\n",
			len, tc, ts, tl, tr, rc, rs, rl, raw_nents, s.calls, b.maps,
			ts * 100 <= tl * 110 ? "met" : "NOT met");
		if (len == SZ_4K) {
			raw4k = tr;
			linux4k = tl;
		}
		sg_free_table(&sgt);
next:
		wdm_free_mdl(b.mdl);
		kfree(pages);
		vfree(buf);
	}

	/* cost per grant: queue empty against 1000 waiters (best round) */
	{
		struct rec *rp = kzalloc(sizeof(*rp), GFP_KERNEL);
		struct req_ctx rc = { .rec = rp };
		struct device **devs = kcalloc(1000, sizeof(*devs), GFP_KERNEL);
		u64 t0, t, t1 = U64_MAX, tq = U64_MAX;
		int k, round;

		for (k = 0; devs && k < 1000; k++) {
			devs[k] = kzalloc(sizeof(**devs), GFP_KERNEL);
			if (!devs[k])
				break;
			device_initialize(devs[k]);
			devs[k]->release = reqdev_release;
			dev_set_name(devs[k], "wdmdma-bench%d", k);
		}
		if (!devs || k < 1000 || !rp)
			goto bdone;
		rp->action = WDM_KEEP_OBJECT;
		for (round = 0; round < BENCH_ROUNDS; round++) {
			t0 = ktime_get_ns();
			for (k = 0; k < 1000; k++)
				ad->ops->allocate_adapter_channel(ad, devs[k], 1, nop_routine,
								  NULL);
			t = (ktime_get_ns() - t0) / 1000;
			t1 = min(t1, t);
			ad->ops->allocate_adapter_channel(ad, reqdev[0], 1, rec_routine, &rc);
			for (k = 0; k < 1000; k++)
				ad->ops->allocate_adapter_channel(ad, devs[k], 1, nop_routine,
								  NULL);
			t0 = ktime_get_ns();
			ad->ops->free_adapter_channel(ad);	/* serves all 1000 */
			t = (ktime_get_ns() - t0) / 1000;
			tq = min(tq, t);
		}
		pr_info("wdmdma_bench: grant+run+free, queue empty: %llu ns; with 1000 queued: %llu ns per grant\n",
			t1, tq);
		/*
		 * A list is a channel grant plus a mapping: no list can cost
		 * less than the two, whatever its own work costs.
		 */
		if (linux4k) {
			char fl[24];

			bench_ratio(fl, sizeof(fl), raw4k + t1, linux4k);
			pr_info("wdmdma_bench: # 4096: floor of a list, dma_map_sg+unmap + one grant with the queue empty: %llu ns, %s x linux\n",
				raw4k + t1, fl);
		}
bdone:
		for (k = 0; devs && k < 1000 && devs[k]; k++)
			put_device(devs[k]);
		kfree(devs);
		kfree(rp);
	}
	ad->ops->put_dma_adapter(ad);
restore:
	dma_set_mask(hda, mask);
	dma_set_coherent_mask(hda, coherent);
}

static int __init wdmdma_test_init(void)
{
	int i;

	pdev = pci_get_class(0x040300, NULL);
	if (!pdev) {
		pr_info("wdmdma_test: SKIP no HD Audio controller\n");
		return -ENODEV;
	}
	hda = &pdev->dev;
	for (i = 0; i < NREQ_DEVS; i++) {
		reqdev[i] = kzalloc(sizeof(*reqdev[i]), GFP_KERNEL);
		if (!reqdev[i])
			goto nomem;
		device_initialize(reqdev[i]);
		reqdev[i]->release = reqdev_release;
		dev_set_name(reqdev[i], "wdmdma-test%d", i);
	}
	pr_info("wdmdma_test: device %s, DMA mask %#llx\n", dev_name(hda), dma_get_mask(hda));
	if (wdm_get_dma_stats(hda, &stat_base))
		memset(&stat_base, 0, sizeof(stat_base));
	if (bench) {
		run_bench();
	} else {
		t_status();
		t_versions();
		t_mdl();
		t_common_and_info();
		t_channel();
		t_reentry();
		t_sync_and_cancel();
		t_sglists();
		t_bounce();
		t_narrow();
		t_reach();
		t_max_address();
		t_map_ex();
		t_map_pieces();
		t_put_drains();
		t_counters();
		pr_info("wdmdma_test: plan %d failed %d\n", ncase, nfail);
	}
	if (hold && !nfail)
		held = get(3, true, 64, 4096, NULL);
	if (!nfail)
		return 0;
nomem:
	for (i = 0; i < NREQ_DEVS && reqdev[i]; i++)
		put_device(reqdev[i]);
	pci_dev_put(pdev);
	return nfail ? -EIO : -ENOMEM;
}

static void __exit wdmdma_test_exit(void)
{
	int i;

	if (held)
		held->ops->put_dma_adapter(held);
	for (i = 0; i < NREQ_DEVS; i++)
		put_device(reqdev[i]);
	pci_dev_put(pdev);
}

module_init(wdmdma_test_init);
module_exit(wdmdma_test_exit);
MODULE_DESCRIPTION("wdmdma module test and benchmark");
MODULE_LICENSE("GPL");
