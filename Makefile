# SPDX-License-Identifier: GPL-2.0-only
#
# hda-wdm developer Makefile. The modules themselves are described in Kbuild.
# "make help" lists the targets and the variables they read.

KDIR ?= /lib/modules/$(shell uname -r)/build
# the release KDIR was built for: where make install puts the modules
KVER ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
PREFIX ?= /usr/local
# the driver modules a PC runs; the test modules are never installed
DRIVER_MODULES = wdmdma snd-hda-wdm snd-hda-wdm-alsa
MODDEST = $(DESTDIR)/lib/modules/$(KVER)/updates/hda-wdm
CACHE ?= /var/cache/hda-wdm
CHECKPATCH ?= $(CACHE)/linux-source-6.12/scripts/checkpatch.pl
SOURCES = $(shell find drivers include selftests -name '*.[ch]' | sort)

LINE ?= 6.1
VARIANT ?= ich9-msi
MODE ?= check

export LINES VARIANTS TESTS STATIC CODECS CODECS_EVERY_LINE CHECK_APPEND

all: modules

help:
	@echo 'hda-wdm: targets'
	@echo '  make [KDIR=...]     build the driver modules (default KDIR: the running kernel)'
	@echo '  make record         set up, boot the emulated PC, record through the driver'
	@echo '                      with arecord: leaves capture.wav and prints its summary'
	@echo '  make check          every test: builds at W=1 for 6.1 and 6.12, sparse,'
	@echo '                      checkpatch, the emulated-PC matrix with all selftests,'
	@echo '                      the reference lane (snd-hda-intel), the debug-kernel lane;'
	@echo '                      last line "N passed, N failed, N skipped"'
	@echo '  make check-debug    the debug-kernel lane alone (KASAN, lockdep, kmemleak, ...)'
	@echo '  make vm             build and boot one emulated PC, print its TAP'
	@echo '  make bench          wdmdma benchmark; ALSA capture figures, ours and snd-hda-intel in paired rounds'
	@echo '  make sparse         build with sparse (C=2) against KDIR'
	@echo '  make checkpatch     checkpatch --strict on every C file and header'
	@echo '  make htmldocs       Documentation/ as HTML in out/htmldocs, no warning allowed'
	@echo '  make install        install the three driver modules (updates/hda-wdm) and'
	@echo '                      tools/hda-wdm-ctl, then depmod (DESTDIR=, PREFIX=, KVER=)'
	@echo '  make uninstall      remove what make install installed'
	@echo '  make clean          remove build products and out/'
	@echo ''
	@echo 'variables'
	@echo '  KDIR=DIR            kernel build tree for make / sparse'
	@echo '  LINES="6.1 6.12 7.x 6.12-debug"   kernel lines of make check (6.12-debug: the debug kernel)'
	@echo '  VARIANTS="ich9-msi ich6-intx swiotlb iommu strict"   emulated PCs of make check'
	@echo '  TESTS=a,b           only these selftest programs (e.g. hda_probe,alsa_capture)'
	@echo '  STATIC=0            skip sparse and checkpatch in make check'
	@echo '  REFERENCE=0         leave out the snd-hda-intel reference lane'
	@echo '  CODECS=0            leave out the codec pass (../shared/codecs as QEMU hda-dump codecs)'
	@echo '  CODECS_EVERY_LINE=1 run every codec on every kernel line (default: each once, lines alternate)'
	@echo '  LINE=6.1 VARIANT=ich9-msi MODE=check|shell   the one boot of make vm / bench'
	@echo '  RECORD_SECONDS=5 RECORD_LINE=6.1 RECORD_VARIANT=ich9-msi   make record'"'"'s machine'
	@echo '  HDA_WDM_CACHE=/var/cache/hda-wdm   guest kernels, debug kernel, our QEMU, tools (kept across clones)'

modules:
	@test -d $(KDIR) || { echo "no kernel tree at KDIR=$(KDIR): install the headers or pass KDIR="; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# make install / uninstall: for machines without DKMS (see README.md).
# DESTDIR stages the files elsewhere (depmod then runs on that tree).
install: modules
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR): pass KVER="; exit 1; }
	install -d $(MODDEST)
	for m in $(DRIVER_MODULES); do install -m 644 $$m.ko $(MODDEST)/ || exit; done
	install -D -m 755 tools/hda-wdm-ctl $(DESTDIR)$(PREFIX)/sbin/hda-wdm-ctl
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)

uninstall:
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR): pass KVER="; exit 1; }
	for m in $(DRIVER_MODULES); do rm -f $(MODDEST)/$$m.ko; done
	-rmdir $(MODDEST) 2>/dev/null
	rm -f $(DESTDIR)$(PREFIX)/sbin/hda-wdm-ctl
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)

sparse:
	@test -d $(KDIR) || { echo "no kernel tree at KDIR=$(KDIR)"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules 2>&1 | tee .sparse.log
	@! grep -E '^$(CURDIR)/[^ ]+:[0-9]+:[0-9]+: ' .sparse.log

# The documentation as HTML in out/htmldocs, warnings as errors; the
# kernel-doc directive comes from linux-source-6.12 (Documentation/conf.py).
htmldocs:
	@test -f $(CACHE)/linux-source-6.12/scripts/kernel-doc || { echo "no kernel-doc in $(CACHE): run selftests/vm/setup.sh"; exit 1; }
	HDA_WDM_KERNEL_SRC=$(CACHE)/linux-source-6.12 sphinx-build -E -q -W --keep-going \
		-b html Documentation out/htmldocs

checkpatch:
	@test -f $(CHECKPATCH) || { echo "no checkpatch.pl at $(CHECKPATCH): run selftests/vm/setup.sh"; exit 1; }
	perl $(CHECKPATCH) --no-tree --strict --terse --show-types -f $(SOURCES) | \
		{ ! grep -E '(ERROR|WARNING|CHECK):'; }

check:
	bash selftests/vm/check.sh

check-debug:
	LINES=6.12-debug bash selftests/vm/check.sh

record:
	bash selftests/vm/record.sh

vm:
	bash selftests/vm/setup.sh
	bash selftests/vm/vm.sh $(LINE) $(VARIANT) $(MODE)

bench:
	bash selftests/vm/setup.sh
	bash selftests/vm/bench.sh $(LINE) $(VARIANT)

clean-modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true

clean: clean-modules
	$(MAKE) -C selftests clean
	rm -rf out .sparse.log

.PHONY: all help htmldocs modules install uninstall clean-modules sparse checkpatch check check-debug record vm bench clean
