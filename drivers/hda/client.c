// SPDX-License-Identifier: GPL-2.0-only
/*
 * hda-wdm: who gets a bus interface.
 *
 * Clients (function drivers) and controllers meet here: every registered
 * client is offered every codec of every controller, in registration
 * order, whichever comes first. A controller going away removes its
 * clients' codecs first; a client unregistering is removed from every
 * codec. What a client leaves behind the bus releases
 * (hda_wdm_bus_release_ctx()). One mutex orders all of it.
 */

#include <linux/device.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include <wdm/hdaudio.h>

#include "bus.h"
#include "client.h"
#include "codec.h"
#include "controller.h"

static DEFINE_MUTEX(hda_clients_lock);
static LIST_HEAD(hda_clients);
static LIST_HEAD(hda_buses);

/* A codec is offered to clients if it was enumerated and has audio. */
static bool hda_offered(struct hda_wdm_ctrl *c, unsigned long addr,
			struct wdm_hdaudio_client *client)
{
	if (c->codecs[addr] && c->codecs[addr]->afg)
		return true;
	dev_dbg(c->dev, "codec %lu not offered to %s: %s\n", addr, client->name,
		c->codecs[addr] ? "no audio function group" :
		"enumeration failed");
	return false;
}

static void hda_bind(struct hda_wdm_bus *bus, struct wdm_hdaudio_client *client)
	__must_hold(&hda_clients_lock)
{
	struct hda_wdm_ctrl *c = bus->c;
	struct hda_wdm_ctx *ctx;
	unsigned long addr;
	int ret;

	lockdep_assert_held(&hda_clients_lock);
	for_each_set_bit(addr, &c->codec_mask, HDA_MAX_CODECS) {
		if (!hda_offered(c, addr, client))
			continue;
		ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
		if (!ctx) {
			dev_err(c->dev, "no memory to offer codec %lu to %s\n",
				addr, client->name);
			continue;
		}
		ctx->bus = bus;
		ctx->addr = addr;
		ctx->client = client;
		hda_wdm_bus_init_iface(ctx);
		ret = client->probe(client, &ctx->iface, &ctx->data);
		if (ret) {
			dev_dbg(c->dev, "codec %lu: client %s declined it (%d)\n",
				addr, client->name, ret);
			hda_wdm_bus_release_ctx(ctx);
			kfree(ctx);
			continue;
		}
		list_add_tail(&ctx->node, &bus->ctxs);
	}
}

static void hda_unbind(struct hda_wdm_ctx *ctx)
	__must_hold(&hda_clients_lock)
{
	lockdep_assert_held(&hda_clients_lock);
	ctx->client->remove(ctx->client, &ctx->iface, ctx->data);
	hda_wdm_bus_release_ctx(ctx);
	list_del(&ctx->node);
	kfree(ctx);
}

/**
 * wdm_hdaudio_register_client() - offer every codec to a function driver
 * @client: with @name, @probe and @remove set
 *
 * @probe runs for every codec with an audio function group on every bound
 * controller, now and whenever a controller is bound later.
 *
 * Context: process context, may sleep.
 * Return: 0 or -EINVAL.
 */
int wdm_hdaudio_register_client(struct wdm_hdaudio_client *client)
{
	struct hda_wdm_bus *bus;

	if (!client || !client->name || !client->probe || !client->remove)
		return -EINVAL;
	guard(mutex)(&hda_clients_lock);
	list_add_tail(&client->node, &hda_clients);
	list_for_each_entry(bus, &hda_buses, node)
		hda_bind(bus, client);
	return 0;
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_register_client);

/**
 * wdm_hdaudio_unregister_client() - remove a function driver from all codecs
 * @client: a registered client
 *
 * Context: process context, may sleep.
 */
void wdm_hdaudio_unregister_client(struct wdm_hdaudio_client *client)
{
	struct hda_wdm_ctx *ctx, *tmp;
	struct hda_wdm_bus *bus;

	guard(mutex)(&hda_clients_lock);
	list_for_each_entry(bus, &hda_buses, node)
		list_for_each_entry_safe(ctx, tmp, &bus->ctxs, node)
			if (ctx->client == client)
				hda_unbind(ctx);
	list_del(&client->node);
}
EXPORT_SYMBOL_GPL(wdm_hdaudio_unregister_client);

/**
 * hda_wdm_clients_add_ctrl() - a controller's bus is ready: offer its codecs
 * @c: controller with its bus set up
 *
 * Return: 0.
 */
int hda_wdm_clients_add_ctrl(struct hda_wdm_ctrl *c)
{
	struct wdm_hdaudio_client *client;

	guard(mutex)(&hda_clients_lock);
	list_add_tail(&c->bus->node, &hda_buses);
	list_for_each_entry(client, &hda_clients, node)
		hda_bind(c->bus, client);
	return 0;
}

/**
 * hda_wdm_clients_remove_ctrl() - a controller goes: remove its clients
 * @c: controller
 */
void hda_wdm_clients_remove_ctrl(struct hda_wdm_ctrl *c)
{
	struct hda_wdm_ctx *ctx, *tmp;

	if (!c->bus)
		return;
	guard(mutex)(&hda_clients_lock);
	list_for_each_entry_safe(ctx, tmp, &c->bus->ctxs, node)
		hda_unbind(ctx);
	list_del(&c->bus->node);
}

/**
 * hda_wdm_clients_power() - tell a controller's clients of system sleep
 * @c: controller
 * @suspend: true before the controller sleeps, false once it is back
 *
 * Calls each client's @suspend or @resume for each of its codecs on @c,
 * in the order they were bound.
 *
 * Context: process context, may sleep.
 */
void hda_wdm_clients_power(struct hda_wdm_ctrl *c, bool suspend)
{
	struct hda_wdm_ctx *ctx;

	if (!c->bus)
		return;
	guard(mutex)(&hda_clients_lock);
	list_for_each_entry(ctx, &c->bus->ctxs, node) {
		if (suspend && ctx->client->suspend)
			ctx->client->suspend(ctx->client, &ctx->iface, ctx->data);
		else if (!suspend && ctx->client->resume)
			ctx->client->resume(ctx->client, &ctx->iface, ctx->data);
	}
}
