# SPDX-License-Identifier: GPL-2.0-only
#
# Sphinx configuration of hda-wdm's documentation: "make htmldocs".
#
# The kernel-doc comments of the public headers and exported functions come
# in through the kernel's own "kernel-doc" directive: its Sphinx extension
# and scripts/kernel-doc are read from linux-source-6.12, which
# selftests/vm/setup.sh extracts into the cache (HDA_WDM_KERNEL_SRC names
# another tree). Nothing of them is part of this project.

import os
import sys

kernel_src = os.environ.get("HDA_WDM_KERNEL_SRC",
                            "/var/cache/hda-wdm/linux-source-6.12")
sys.path.insert(0, os.path.join(kernel_src, "Documentation", "sphinx"))

project = "hda-wdm"
copyright = "the hda-wdm authors; GPL-2.0-only"
author = "the hda-wdm authors"

extensions = ["kerneldoc"]
kerneldoc_bin = os.path.join(kernel_src, "scripts", "kernel-doc")
kerneldoc_srctree = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# kernel attributes and macros that appear in the declarations
c_id_attributes = ["__iomem", "__user", "__must_check", "__printf",
                   "__always_inline", "noinline", "__init", "__exit"]

primary_domain = "c"
highlight_language = "none"
master_doc = "index"
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_show_sourcelink = False
