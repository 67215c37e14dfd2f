// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: PCI glue for Intel High Definition Audio controllers.
 *
 * Binds only a controller handed to it: the driver has no ID table, so the
 * PCI core offers it a function only when that function's driver_override
 * names snd_hda_wdm (tools/hda-wdm-ctl, README.md). udev never loads it
 * for a device, and it never races snd-hda-intel. The probe then refuses
 * what it does not know how to drive (models.c).
 */

#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>

#include <wdm/dma.h>
#include <wdm/hdaudio.h>
#include <wdm/version.h>

#include "bus.h"
#include "client.h"
#include "cmd.h"
#include "codec.h"
#include "compat.h"
#include "controller.h"
#include "debugfs.h"
#include "irq.h"
#include "models.h"
#include "pm.h"

static bool enable_msi = true;
module_param(enable_msi, bool, 0444);
MODULE_PARM_DESC(enable_msi, "Use MSI when the controller offers it (default: yes)");

static bool single_cmd;
module_param(single_cmd, bool, 0444);
MODULE_PARM_DESC(single_cmd, "Send verbs through the immediate command registers, not the CORB/RIRB (default: no)");

#ifdef HDA_WDM_TEST_BUILD
static bool force_dma32;
module_param(force_dma32, bool, 0444);
MODULE_PARM_DESC(force_dma32,
		 "Test only: drive the controller as if GCAP.64OK were clear: 32-bit DMA mask and DMA adapter (default: no, GCAP decides)");

static unsigned int inject;
module_param(inject, uint, 0644);
MODULE_PARM_DESC(inject,
		 "Test only: faults for the next probe (bit 3: FIFOs of 1 byte, bit 4: debugfs unsol_inject delivers unsolicited responses, bit 6: after the 4th buffer completion of each engine, those of the next 150 ms are not passed on, bit 7: the DMA position buffer is never enabled, as on a controller whose buffer does not work)");
#endif

/**
 * struct hda_wdm_pci - what the PCI glue allocates per controller
 * @ctrl: the controller
 * @cmd: its verb transport, which lives as long as the controller (the
 *	interrupt handler may run until the vector is freed, last)
 */
struct hda_wdm_pci {
	struct hda_wdm_ctrl ctrl;
	struct hda_wdm_cmd cmd;
};

static void hda_wdm_stop_action(void *data)
{
	hda_wdm_ctrl_stop(data);
}

static void hda_wdm_free_vectors(void *data)
{
	pci_free_irq_vectors(data);
}

static void hda_wdm_debugfs_action(void *data)
{
	hda_wdm_debugfs_remove(data);
}

static void hda_wdm_put_adapter(void *data)
{
	struct wdm_dma_adapter *dma = data;

	dma->ops->put_dma_adapter(dma);
}

static void hda_wdm_cmd_action(void *data)
{
	hda_wdm_cmd_exit(data);
}

static void hda_wdm_irq_off(void *data)
{
	struct hda_wdm_ctrl *c = data;

	hda_wdm_ctrl_irq_enable(c, HDA_INT_GIE | HDA_INT_CIE, false);
}

static void hda_wdm_codecs_free(void *data)
{
	struct hda_wdm_ctrl *c = data;
	unsigned int i;

	for (i = 0; i < HDA_MAX_CODECS; i++) {
		hda_wdm_codec_free(c->codecs[i]);
		c->codecs[i] = NULL;
	}
}

static void hda_wdm_bus_action(void *data)
{
	hda_wdm_bus_exit(data);
}

static void hda_wdm_clients_action(void *data)
{
	hda_wdm_clients_remove_ctrl(data);
}

static int hda_wdm_get_adapter(struct hda_wdm_ctrl *c)
{
	struct wdm_device_description desc = {
		.version = 3,
		.master = true,
		.scatter_gather = true,
		.dma_address_width = c->addr64 ? 64 : 32,
		.maximum_length = WDM_HDA_MAX_BUFFER,	/* an audio buffer */
	};
	u32 nregs;

	c->dma = wdm_get_dma_adapter(c->dev, &desc, &nregs);
	if (!c->dma)
		return dev_err_probe(c->dev, -ENODEV, "no DMA adapter\n");
	return devm_add_action_or_reset(c->dev, hda_wdm_put_adapter, c->dma);
}

/* Verbs, interrupts, codecs, bus interface, clients: in that order. */
static int hda_wdm_bring_up_bus(struct hda_wdm_ctrl *c)
{
	unsigned long addr;
	int ret;

	ret = hda_wdm_cmd_init(c, single_cmd ||
			       (c->model->flags & HDA_WDM_M_IMMEDIATE));
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(c->dev, hda_wdm_cmd_action, c);
	if (ret)
		return ret;
	hda_updatel(c, HDA_GCTL, HDA_GCTL_UNSOL, HDA_GCTL_UNSOL);
	hda_wdm_ctrl_irq_enable(c, HDA_INT_GIE | HDA_INT_CIE, true);
	ret = devm_add_action_or_reset(c->dev, hda_wdm_irq_off, c);
	if (ret)
		return ret;

	ret = devm_add_action_or_reset(c->dev, hda_wdm_codecs_free, c);
	if (ret)
		return ret;
	for_each_set_bit(addr, &c->codec_mask, HDA_MAX_CODECS) {
		/* a codec that does not answer is logged and left out */
		if (hda_wdm_codec_probe(c, addr, &c->codecs[addr]) == -ENOMEM)
			return -ENOMEM;
	}

	ret = hda_wdm_bus_init(c);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(c->dev, hda_wdm_bus_action, c);
	if (ret)
		return ret;
	hda_wdm_clients_add_ctrl(c);
	return devm_add_action_or_reset(c->dev, hda_wdm_clients_action, c);
}

static int hda_wdm_setup_irq(struct pci_dev *pci, struct hda_wdm_ctrl *c)
{
	unsigned int types = PCI_IRQ_INTX;
	int ret;

	if (enable_msi)
		types |= PCI_IRQ_MSI;
	ret = pci_alloc_irq_vectors(pci, 1, 1, types);
	if (ret < 0)
		return dev_err_probe(&pci->dev, ret, "no interrupt vector\n");
	ret = devm_add_action_or_reset(&pci->dev, hda_wdm_free_vectors, pci);
	if (ret)
		return ret;

	c->irq = pci_irq_vector(pci, 0);
	c->irq_type = pci->msi_enabled ? "msi" : "intx";
	ret = devm_request_irq(&pci->dev, c->irq, hda_wdm_irq,
			       pci->msi_enabled ? 0 : IRQF_SHARED,
			       KBUILD_MODNAME, c);
	if (ret)
		return dev_err_probe(&pci->dev, ret, "cannot request irq %d\n",
				     c->irq);
	return 0;
}

static int hda_wdm_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	const struct hda_wdm_model *model;
	struct device *dev = &pci->dev;
	struct hda_wdm_pci *hp;
	struct hda_wdm_ctrl *c;
	int ret;

	model = hda_wdm_model_find(pci);
	if (!model)
		return -ENODEV;
	hp = devm_kzalloc(dev, sizeof(*hp), GFP_KERNEL);
	if (!hp)
		return -ENOMEM;
	c = &hp->ctrl;
	c->cmd = &hp->cmd;
	c->dev = dev;
	c->model = model;
#ifdef HDA_WDM_TEST_BUILD
	c->inject = READ_ONCE(inject) & HDA_WDM_INJECT_MASK;
#endif
	c->pci_vendor = pci->vendor;
	c->pci_device = pci->device;
	spin_lock_init(&c->irq_lock);
	hda_wdm_pm_init(c);
	atomic64_set(&c->irq_count, 0);
	atomic64_set(&c->irq_unhandled, 0);

	ret = pcim_enable_device(pci);
	if (ret)
		return dev_err_probe(dev, ret, "cannot enable PCI device\n");
	if (pci_resource_len(pci, 0) < HDA_MMIO_MIN_SIZE ||
	    !(pci_resource_flags(pci, 0) & IORESOURCE_MEM))
		return dev_err_probe(dev, -ENODEV,
				     "BAR0 is not a %#x-byte memory window\n",
				     HDA_MMIO_MIN_SIZE);
	ret = pcim_iomap_regions(pci, BIT(0), KBUILD_MODNAME);
	if (ret)
		return dev_err_probe(dev, ret, "cannot map BAR0\n");
	c->base = pcim_iomap_table(pci)[0];
	pci_set_master(pci);
	hda_wdm_model_setup(pci, model);

	if (c->inject)
		dev_warn(dev, "test fault injection active: %#x\n", c->inject);
	hda_wdm_model_reset_prepare(pci, model, true);
	ret = hda_wdm_ctrl_start(c);
	hda_wdm_model_reset_prepare(pci, model, false);
	if (ret)
		return dev_err_probe(dev, ret, "controller bring-up failed\n");
	ret = devm_add_action_or_reset(dev, hda_wdm_stop_action, c);
	if (ret)
		return ret;

#ifdef HDA_WDM_TEST_BUILD
	if (force_dma32 && c->addr64) {
		dev_warn(dev, "test: 64-bit addressing off (force_dma32), GCAP %#06x\n", c->gcap);
		c->addr64 = false;
	}
#endif
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(c->addr64 ? 64 : 32));
	if (ret && c->addr64)
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no usable DMA mask\n");

	ret = hda_wdm_get_adapter(c);
	if (ret)
		return ret;

	ret = hda_wdm_setup_irq(pci, c);
	if (ret)
		return ret;

	ret = hda_wdm_bring_up_bus(c);
	if (ret)
		return dev_err_probe(dev, ret, "bus bring-up failed\n");

	hda_wdm_debugfs_add(c, pci_name(pci));
	ret = devm_add_action_or_reset(dev, hda_wdm_debugfs_action, c);
	if (ret)
		return ret;

	pci_set_drvdata(pci, c);
	hda_wdm_pm_enable(c);
	dev_info(dev, "%s HDA %u.%u controller: %u in, %u out, %u bidir streams, codecs %#lx, %s irq %d\n",
		 model->name, c->vmaj, c->vmin, c->n_in, c->n_out, c->n_bidir,
		 c->codec_mask, c->irq_type, c->irq);
	return 0;
}

static void hda_wdm_remove(struct pci_dev *pci)
{
	/*
	 * Everything else was taken through devres and is released after
	 * this, with the device kept awake.
	 */
	dev_dbg(&pci->dev, "unbinding\n");
	hda_wdm_pm_exit(pci_get_drvdata(pci));
}

/*
 * System sleep and runtime PM (pm.c). A controller whose probe failed has
 * no driver data and no driver either: the PM core calls these only for a
 * bound one. A controller that power_save has put down already stays so
 * through a system sleep: its next use resumes it.
 */
static int hda_wdm_suspend(struct device *dev)
{
	if (pm_runtime_status_suspended(dev)) {
		dev_dbg(dev, "suspend: runtime suspended already\n");
		return 0;
	}
	return hda_wdm_pm_suspend(dev_get_drvdata(dev));
}

static int hda_wdm_resume(struct device *dev)
{
	if (pm_runtime_status_suspended(dev))
		return 0;
	return hda_wdm_pm_resume(dev_get_drvdata(dev));
}

static int hda_wdm_runtime_suspend(struct device *dev)
{
	return hda_wdm_pm_runtime_suspend(dev_get_drvdata(dev));
}

static int hda_wdm_runtime_resume(struct device *dev)
{
	return hda_wdm_pm_runtime_resume(dev_get_drvdata(dev));
}

static const struct dev_pm_ops hda_wdm_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(hda_wdm_suspend, hda_wdm_resume)
	RUNTIME_PM_OPS(hda_wdm_runtime_suspend, hda_wdm_runtime_resume, NULL)
};

static struct pci_driver hda_wdm_driver = {
	.name = KBUILD_MODNAME,
	.probe = hda_wdm_probe,
	.remove = hda_wdm_remove,
	.driver.pm = pm_ptr(&hda_wdm_pm_ops),
};

static int __init hda_wdm_init(void)
{
	int ret;

	hda_wdm_debugfs_init();
	ret = pci_register_driver(&hda_wdm_driver);
	if (ret)
		hda_wdm_debugfs_exit();
	return ret;
}
module_init(hda_wdm_init);

static void __exit hda_wdm_exit(void)
{
	pci_unregister_driver(&hda_wdm_driver);
	hda_wdm_debugfs_exit();
}
module_exit(hda_wdm_exit);

MODULE_AUTHOR(WDM_MODULE_AUTHOR);
MODULE_VERSION(WDM_VERSION);
MODULE_DESCRIPTION("HD Audio controller driver with Windows DMA and HD Audio bus semantics");
MODULE_LICENSE("GPL");
