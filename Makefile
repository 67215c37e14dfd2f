# SPDX-License-Identifier: GPL-2.0-only
#
# hda-wdm developer Makefile. The modules themselves are described in Kbuild.
#
#   make [KDIR=...]        build the modules (default: the running kernel)
#   make sparse            the same with sparse on every file (C=2)
#   make checkpatch        checkpatch --strict on every C file and header
#   make check             everything: both kernel lines, sparse, checkpatch,
#                          the emulated-PC matrix with all selftests, the
#                          debug-kernel lane (LINES="6.1 6.12" leaves it out)
#   make check-debug       the debug-kernel lane alone: KASAN, lockdep,
#                          kmemleak, DMA-API debug, fault injection
#   make record            record 5 s through the driver on the emulated PC
#   make vm                boot one emulated PC (LINE=, VARIANT=, MODE=)
#   make bench             wdmdma benchmark, ALSA capture figures beside
#                          snd-hda-intel's (LINE=, VARIANT=; two boots)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
CACHE ?= /var/cache/hda-wdm
CHECKPATCH ?= $(CACHE)/linux-source-6.12/scripts/checkpatch.pl
SOURCES = $(shell find drivers include selftests -name '*.[ch]' | sort)

LINE ?= 6.1
VARIANT ?= ich9-msi
MODE ?= check

export LINES VARIANTS TESTS STATIC

all: modules

modules:
	@test -d $(KDIR) || { echo "no kernel tree at KDIR=$(KDIR): install the headers or pass KDIR="; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

sparse:
	@test -d $(KDIR) || { echo "no kernel tree at KDIR=$(KDIR)"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules 2>&1 | tee .sparse.log
	@! grep -E '^$(CURDIR)/[^ ]+:[0-9]+:[0-9]+: ' .sparse.log

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

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C selftests clean
	rm -rf out .sparse.log

.PHONY: all modules sparse checkpatch check check-debug record vm bench clean
