# SPDX-License-Identifier: GPL-2.0-only
#
# Install rules shared by the suites (kselftest's lib.mk idea, out of tree):
# a suite sets TEST_PROGS, TEST_FILES and TEST_GEN_PROGS (built from
# <name>.c), and `make install INSTALL_PATH=DIR` puts them in DIR/<suite>/
# and appends its programs to DIR/tests.list.

SUITE := $(notdir $(CURDIR))
CC ?= gcc
CFLAGS ?= -O2 -Wall -Wextra
LDLIBS ?=
OUTPUT ?= $(CURDIR)

all: $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS))

$(OUTPUT)/%: %.c
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

install: all
	@test -n "$(INSTALL_PATH)" || { echo "INSTALL_PATH is not set"; exit 1; }
	mkdir -p $(INSTALL_PATH)/$(SUITE)
	cp $(TEST_PROGS) $(TEST_FILES) $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS)) \
		$(INSTALL_PATH)/$(SUITE)/
	for p in $(TEST_PROGS); do echo "$(SUITE)/$$p"; done >> $(INSTALL_PATH)/tests.list

clean:
	rm -f $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS))

.PHONY: all install clean
