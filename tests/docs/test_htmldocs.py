# SPDX-License-Identifier: GPL-2.0-only
"""`make htmldocs` (Documentation/index.rst): the manual builds without a
single warning, its cross-references are links, and its pictures are
drawn and shown.

    python3 -m pytest tests/docs -v
"""
import re
import shutil
import subprocess

import pytest

from conftest import SRCTREE, TEST_OUT, copy_source_tree, run_make

pytestmark = pytest.mark.spread

# Pages and the pictures (graphviz) they must show.
PICTURES = {"boot": 1, "components": 1, "ipc": 1, "linux": 1}

# (page, the page it must link to): mentions of other pages that a reader
# clicks, written :doc: or :ref: in the text.
LINKS = [
    ("index", "build"), ("index", "kernel-selftest"),
    ("ipc", "abi"), ("ipc", "benchmarks"), ("registers", "abi"),
    ("components", "user-space"), ("porting", "boards"),
    ("testing", "user-space"), ("user-drivers", "components"),
]


def htmldocs(objdir, srctree=SRCTREE):
    return run_make(objdir, "htmldocs", srctree=srctree, check=False,
                    timeout=600)


@pytest.fixture(scope="module")
def html():
    """The HTML output directory of one `make htmldocs`."""
    objdir = TEST_OUT / "htmldocs"
    res = htmldocs(objdir)
    assert res.returncode == 0, res.output
    # -W makes a warning fail the build; this also catches one that a
    # future change of options lets through.
    for word in ("WARNING", "ERROR", "CRITICAL"):
        assert word not in res.output, res.output
    out = objdir / "Documentation" / "output" / "html"
    assert (out / "index.html").is_file(), res.output
    # The manual needs no configuration, and makes none.
    for config in (".config", "include/config"):
        assert not (objdir / config).exists(), res.output
    return out


def test_every_page_is_built(html):
    pages = {p.stem for p in (SRCTREE / "Documentation").glob("*.rst")}
    built = {p.stem for p in html.glob("*.html")}
    assert pages <= built, pages - built


def internal_links(page_html):
    """The pages the text links to (not the sidebar, which links all)."""
    body = page_html.split('<div class="body" role="main">', 1)[1]
    body = body.split('<div class="sphinxsidebar"', 1)[0]
    return set(re.findall(r'<a class="reference internal" href="([\w-]+)'
                          r'\.html(?:#[^"]*)?"', body))


@pytest.mark.parametrize("page, target", LINKS,
                         ids=["%s-%s" % link for link in LINKS])
def test_cross_references_are_links(html, page, target):
    text = (html / (page + ".html")).read_text()
    assert target in internal_links(text), sorted(internal_links(text))


@pytest.mark.parametrize("page", sorted(PICTURES))
def test_pictures_are_drawn_and_shown(html, page):
    text = (html / (page + ".html")).read_text()
    shown = re.findall(r'<(?:object data|img src)="(_images/graphviz-'
                       r'[0-9a-f]+\.svg)"', text)
    assert len(shown) >= PICTURES[page], text
    for rel in shown:
        svg = (html / rel).read_text()
        assert "<svg" in svg and "</svg>" in svg, rel
        # dot drew something: nodes with their labels.
        assert svg.count('class="node"') >= 3, rel


def test_a_malformed_page_fails_the_build():
    """Warnings are errors, every one reported with its file and line."""
    tree = copy_source_tree(TEST_OUT / "htmldocs-broken" / "src")
    page = tree / "Documentation" / "ipc.rst"
    text = page.read_text()
    broken = ("\n\n====  ====\n``too_long_for_its_column`` x\n====  ====\n"
              "\nA reference to :doc:`no-such-page`.\n")
    page.write_text(text + broken)
    lines = (text + broken).split("\n")
    row = lines.index("====  ====") + 2      # the row that overflows
    ref = [i for i, line in enumerate(lines) if "no-such-page" in line][0] + 1
    res = htmldocs(TEST_OUT / "htmldocs-broken" / "obj", srctree=tree)
    assert res.returncode != 0, res.output
    assert re.search(r"ipc\.rst:%d: ERROR: Malformed table" % row,
                     res.output), res.output
    assert re.search(r"ipc\.rst:%d: WARNING: unknown document" % ref,
                     res.output), res.output
    # Nothing of the build lands in the source tree.
    assert not (tree / "Documentation" / "output").exists()


def fake_path(tmp, tools):
    """A PATH of @tools (symlinks to the real ones) and an `id` that says
    "not root", so check-deps.sh prints what it would install."""
    tmp.mkdir(parents=True, exist_ok=True)
    for tool in tools:
        link = tmp / tool
        if not link.exists():
            link.symlink_to(shutil.which(tool))
    fake_id = tmp / "id"
    fake_id.write_text("#!/bin/sh\necho 1000\n")
    fake_id.chmod(0o755)
    return str(tmp)


def check_deps(path, mode):
    return subprocess.run(
        [str(SRCTREE / "scripts" / "check-deps.sh"), "aarch64-linux-gnu-",
         mode], stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env={"PATH": path, "LC_ALL": "C"})


BUILD_TOOLS = ["aarch64-linux-gnu-gcc", "make", "dtc", "cc", "dpkg-source"]


def test_check_deps_asks_for_sphinx_and_graphviz_only_for_the_manual():
    bare = fake_path(TEST_OUT / "deps-bin" / "bare", [])
    res = check_deps(bare, "docs")
    assert res.returncode == 1
    assert "Missing host packages: python3-sphinx graphviz" in res.stderr, \
        res.stderr
    assert "apt-get install -y python3-sphinx graphviz" in res.stderr
    # The manual needs nothing of the build: no compiler here.
    docs = fake_path(TEST_OUT / "deps-bin" / "docs", ["sphinx-build", "dot"])
    res = check_deps(docs, "docs")
    assert res.returncode == 0, res.stderr
    # A build does not need Sphinx; a build and the manual need both.
    build = fake_path(TEST_OUT / "deps-bin" / "build", BUILD_TOOLS)
    res = check_deps(build, "build")
    assert res.returncode == 0, res.stderr
    res = check_deps(build, "build+docs")
    assert res.returncode == 1
    assert "Missing host packages: python3-sphinx graphviz" in res.stderr, \
        res.stderr
