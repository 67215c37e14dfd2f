// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctlevents CARD dump: prints every control of card CARD (a number) with
 * its values, one line each:
 *
 *   <iface> '<name>' <index> <value> <value>...
 *
 * ctlevents CARD SECONDS: prints the control events of the card for
 * SECONDS, one line each, flushed as it comes:
 *
 *   ready
 *   event <mask> <iface> '<name>' <index> <value>
 *
 * <mask> is the event's mask in hex (1 value, 2 info, 4 add, 8 tlv;
 * "remove" for a removal), <value> the first value of a boolean or
 * integer control after the event, "-" for other types. "ready" comes
 * once the subscription is in place, so a caller can wait for it before
 * making the change it wants to see.
 */
#include <alsa/asoundlib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_value(snd_ctl_t *ctl, snd_ctl_elem_id_t *id)
{
	snd_ctl_elem_info_t *info;
	snd_ctl_elem_value_t *val;
	snd_ctl_elem_type_t type;

	snd_ctl_elem_info_alloca(&info);
	snd_ctl_elem_value_alloca(&val);
	snd_ctl_elem_info_set_id(info, id);
	snd_ctl_elem_value_set_id(val, id);
	if (snd_ctl_elem_info(ctl, info) < 0 || snd_ctl_elem_read(ctl, val) < 0) {
		printf(" -\n");
		return;
	}
	type = snd_ctl_elem_info_get_type(info);
	if (type == SND_CTL_ELEM_TYPE_BOOLEAN)
		printf(" %d\n", snd_ctl_elem_value_get_boolean(val, 0));
	else if (type == SND_CTL_ELEM_TYPE_INTEGER)
		printf(" %ld\n", snd_ctl_elem_value_get_integer(val, 0));
	else
		printf(" -\n");
}

/* every control and its values (boolean, integer, enumerated; "-" else) */
static int dump(snd_ctl_t *ctl)
{
	snd_ctl_elem_list_t *list;
	snd_ctl_elem_info_t *info;
	snd_ctl_elem_value_t *val;
	snd_ctl_elem_id_t *id;
	unsigned int i, j, n, count;
	snd_ctl_elem_type_t type;

	snd_ctl_elem_list_alloca(&list);
	snd_ctl_elem_info_alloca(&info);
	snd_ctl_elem_value_alloca(&val);
	snd_ctl_elem_id_alloca(&id);
	if (snd_ctl_elem_list(ctl, list) < 0)
		return 1;
	n = snd_ctl_elem_list_get_count(list);
	if (snd_ctl_elem_list_alloc_space(list, n) < 0 ||
	    snd_ctl_elem_list(ctl, list) < 0)
		return 1;
	for (i = 0; i < snd_ctl_elem_list_get_used(list); i++) {
		snd_ctl_elem_list_get_id(list, i, id);
		printf("%s '%s' %u",
		       snd_ctl_elem_iface_name(snd_ctl_elem_id_get_interface(id)),
		       snd_ctl_elem_id_get_name(id), snd_ctl_elem_id_get_index(id));
		snd_ctl_elem_info_set_id(info, id);
		snd_ctl_elem_value_set_id(val, id);
		if (snd_ctl_elem_info(ctl, info) < 0 ||
		    !snd_ctl_elem_info_is_readable(info) ||
		    snd_ctl_elem_read(ctl, val) < 0) {
			printf(" -\n");
			continue;
		}
		type = snd_ctl_elem_info_get_type(info);
		count = snd_ctl_elem_info_get_count(info);
		for (j = 0; j < count && j < 8; j++) {
			if (type == SND_CTL_ELEM_TYPE_BOOLEAN)
				printf(" %d", snd_ctl_elem_value_get_boolean(val, j));
			else if (type == SND_CTL_ELEM_TYPE_INTEGER)
				printf(" %ld", snd_ctl_elem_value_get_integer(val, j));
			else if (type == SND_CTL_ELEM_TYPE_ENUMERATED)
				printf(" %u", snd_ctl_elem_value_get_enumerated(val, j));
			else
				printf(" -");
		}
		printf("\n");
	}
	snd_ctl_elem_list_free_space(list);
	return 0;
}

int main(int argc, char **argv)
{
	snd_ctl_event_t *ev;
	snd_ctl_elem_id_t *id;
	struct pollfd pfd;
	snd_ctl_t *ctl;
	char name[32];
	double end;
	unsigned int mask;

	if (argc != 3) {
		fprintf(stderr, "usage: ctlevents CARD SECONDS|dump\n");
		return 2;
	}
	snprintf(name, sizeof(name), "hw:%s", argv[1]);
	if (snd_ctl_open(&ctl, name, SND_CTL_NONBLOCK) < 0) {
		fprintf(stderr, "ctlevents: cannot open %s\n", name);
		return 1;
	}
	if (!strcmp(argv[2], "dump")) {
		int ret = dump(ctl);

		snd_ctl_close(ctl);
		return ret;
	}
	if (snd_ctl_subscribe_events(ctl, 1) < 0) {
		fprintf(stderr, "ctlevents: cannot subscribe to %s's events\n", name);
		return 1;
	}
	if (snd_ctl_poll_descriptors(ctl, &pfd, 1) != 1)
		return 1;
	snd_ctl_event_alloca(&ev);
	snd_ctl_elem_id_alloca(&id);
	printf("ready\n");
	fflush(stdout);
	end = now() + atof(argv[2]);
	while (now() < end) {
		int ms = (int)((end - now()) * 1000) + 1;

		if (poll(&pfd, 1, ms) <= 0)
			continue;
		while (snd_ctl_read(ctl, ev) > 0) {
			if (snd_ctl_event_get_type(ev) != SND_CTL_EVENT_ELEM)
				continue;
			mask = snd_ctl_event_elem_get_mask(ev);
			snd_ctl_event_elem_get_id(ev, id);
			if (mask == SND_CTL_EVENT_MASK_REMOVE)
				printf("event remove");
			else
				printf("event %x", mask);
			printf(" %s '%s' %u",
			       snd_ctl_elem_iface_name(snd_ctl_elem_id_get_interface(id)),
			       snd_ctl_elem_id_get_name(id),
			       snd_ctl_elem_id_get_index(id));
			if (mask == SND_CTL_EVENT_MASK_REMOVE)
				printf(" -\n");
			else
				print_value(ctl, id);
			fflush(stdout);
		}
	}
	snd_ctl_close(ctl);
	return 0;
}
