# SPDX-License-Identifier: GPL-2.0-only
"""Sphinx configuration of the KaaL manual (`make htmldocs`).

Only what Debian's python3-sphinx ships is used: the alabaster theme and
sphinx.ext.graphviz, whose pictures are drawn by Graphviz's dot at build
time from the source text in the pages. Nothing is fetched from the
network. The pages and their order come from the toctree in index.rst.
"""
import re
from pathlib import Path

project = "KaaL"
author = "the KaaL developers"
copyright = "KaaL developers, GPL-2.0-only"

# The version of the top-level Makefile.
_makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
version = release = ".".join(
    re.search(r"^%s\s*=\s*(\S+)" % k, _makefile, re.M).group(1)
    for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL"))

extensions = [
    "sphinx.ext.autosectionlabel",
    "sphinx.ext.graphviz",
]

# :ref:`page:Section title` links to a section without a label of its own.
autosectionlabel_prefix_document = True
# A heading that repeats within a page (each interrupt controller has its
# "Numbering") gets no label of its own, which is no fault of the page.
suppress_warnings = ["autosectionlabel.*"]

master_doc = "index"
source_suffix = ".rst"
# bench/results.rst is a part of benchmarks.rst (`.. include::`), not a
# page; output/ is where an in-tree `make htmldocs` writes.
exclude_patterns = ["bench", "output", "_build"]

# Plain ``literals`` and `single quotes` stay as the text files show them.
default_role = None
highlight_language = "none"
smartquotes = False

graphviz_output_format = "svg"
graphviz_dot_args = ["-Gfontname=sans-serif", "-Nfontname=sans-serif",
                     "-Efontname=sans-serif"]

html_theme = "alabaster"
html_theme_options = {
    "description": "a capability microkernel for AArch64",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "230px",
}
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}
html_static_path = []
html_show_sourcelink = True
html_copy_source = True
