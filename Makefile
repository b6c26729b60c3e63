# SPDX-License-Identifier: GPL-2.0-only
#
# KaaL top-level Makefile, in the manner of Linux kbuild:
#   make <board>_defconfig [frag.config...]   choose a configuration
#   make [O=dir] [V=1] [CROSS_COMPILE=...]   build Image
#   make help                                 everything else
#
# The tree is built non-recursively: each directory's Kbuild file lists its
# objects with obj-$(CONFIG_...) lines and names subdirectories with
# obj-y += dir/. All outputs go to the object tree (O=, default the source
# tree); commands run with the object tree as the current directory.

VERSION = 0
PATCHLEVEL = 1
SUBLEVEL = 0
KAAL_VERSION := $(VERSION).$(PATCHLEVEL).$(SUBLEVEL)
export KAAL_VERSION

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DEFAULT_GOAL := all

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
export srctree

# ---------------------------------------------------------------------------
# O= : re-run make inside the output directory so every output path is
# relative to it, as Linux does.
ifneq ($(O),)
objtree := $(abspath $(O))
ifneq ($(objtree),$(CURDIR))
ifeq ($(filter $(objtree),$(srctree)),)
$(shell mkdir -p $(objtree))
# A Makefile in the object tree that forwards to this one, as Linux
# writes: `make -C dir` or `cd dir && make` build there as O=dir does.
# Rewritten only when its content changes.
fwd-makefile := '\# Written by make O=$(objtree) in $(srctree):' \
	'\# make here builds here, as make O=$(objtree) there does.' \
	'include $(srctree)/Makefile'
$(shell printf '%s\n' $(fwd-makefile) | cmp -s - $(objtree)/Makefile || \
	printf '%s\n' $(fwd-makefile) > $(objtree)/Makefile)
endif
PHONY := __sub-make $(MAKECMDGOALS)
$(filter-out __sub-make all,$(MAKECMDGOALS)) all: __sub-make
	@:
__sub-make:
	@$(MAKE) -C $(objtree) -f $(srctree)/Makefile O= \
		$(if $(APP),APP=$(abspath $(APP))) \
		$(if $(BASELINE),BASELINE=$(abspath $(BASELINE))) \
		$(if $(DISK),DISK=$(abspath $(DISK))) $(MAKECMDGOALS)
.PHONY: $(PHONY)
skip-makefile := 1
endif
endif

ifndef skip-makefile

objtree := $(CURDIR)
export objtree

# An O= build must not see configuration left in the source tree. The
# test and benchmark builds (make test/bench export KAAL_SRCTREE_SHARED)
# may: every build puts its own include/ first, so in-tree generated
# headers cannot shadow its own.
ifneq ($(srctree),$(objtree))
ifeq ($(KAAL_SRCTREE_SHARED),)
ifneq ($(wildcard $(srctree)/.config $(srctree)/include/config),)
$(error source tree $(srctree) is not clean (it has a .config or \
	include/config); run `make mrproper` there before building with O=)
endif
endif
endif

# ---------------------------------------------------------------------------
# Verbosity: kbuild-style short lines by default, full commands with V=1.
ifeq ($(V),1)
  quiet :=
  Q :=
else
  quiet := quiet_
  Q := @
endif

# ---------------------------------------------------------------------------
# Host tools and the cross toolchain.
CROSS_COMPILE ?= aarch64-linux-gnu-
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
AR      := $(CROSS_COMPILE)ar
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC  ?= cc
DTC     ?= dtc
QEMU    ?= qemu-system-aarch64
PYTHON  := $(srctree)/scripts/kpython
LIBFDT_A ?= /usr/lib/aarch64-linux-gnu/libfdt.a
LIBFDT_INCDIR ?= /usr/include
export KCONFIG_CONFIG := .config

config-targets := %config %_defconfig
no-dot-config-targets := help clean mrproper distclean deps %.config \
	test unittest checkheaders bench bench-compare bench-baseline bench-save \
	fuzz checkformat format htmldocs pytest prove newproject tags cscope \
	test-switching spin configcheck
test-goals := test pytest run debug bench bench-net bench-net-linux \
	bench-compare bench-baseline \
	bench-save fuzz prove test-switching spin configcheck
build-goals := $(filter-out $(config-targets) $(no-dot-config-targets),$(MAKECMDGOALS))
config-goals := $(filter $(config-targets) %.config,$(MAKECMDGOALS))

# A goal no Makefile defines (a typo, or a target of a newer tree) is
# refused before anything runs: make would first write a .config and
# include/config to read the build's rules, and find no rule after that.
# Known are the targets the Makefiles define at the start of a line or
# add to PHONY, and files of the object tree (a name with a "/" or a
# ".", and Image).
known-targets = $(shell sed -n -e 's/^PHONY += //p' \
	-e 's/^\([a-z][a-z0-9_-]*\):\([^=].*\)\{0,1\}$$/\1/p' \
	$(srctree)/Makefile $(srctree)/scripts/Makefile.build \
	$(srctree)/scripts/Makefile.user) Image
unknown-goals := $(foreach g,$(build-goals),$(if $(findstring /,$(g))$(findstring .,$(g)),,$(g)))
ifneq ($(unknown-goals),)
unknown-goals := $(filter-out $(known-targets),$(unknown-goals))
ifneq ($(unknown-goals),)
$(error no such target: $(unknown-goals) (`make help` lists the targets))
endif
endif

# Missing host tools are found before anything else runs (once, in the
# top-level make). KAAL_SKIP_DEPS=1 skips the check.
ifeq ($(KAAL_DEPS_CHECKED)$(KAAL_SKIP_DEPS),)
ifneq ($(filter-out help clean mrproper distclean,$(or $(MAKECMDGOALS),all)),)
deps-mode := $(if $(filter $(test-goals),$(MAKECMDGOALS)),test,build)
# htmldocs alone needs only Sphinx and Graphviz; with other goals, both.
ifneq ($(filter htmldocs,$(MAKECMDGOALS)),)
deps-mode := $(if $(filter-out htmldocs help clean mrproper distclean,\
	$(MAKECMDGOALS)),$(deps-mode)+)docs
endif
deps-status := $(shell $(srctree)/scripts/check-deps.sh '$(CROSS_COMPILE)' $(deps-mode) >&2; echo $$?)
ifneq ($(deps-status),0)
$(error host tools are missing, see the message above)
endif
endif
export KAAL_DEPS_CHECKED := 1
endif

# A compiler for another architecture would fail only in the assembler,
# with raw messages about unknown instructions and registers: name it
# before anything is configured or compiled.
ifneq ($(build-goals)$(if $(MAKECMDGOALS),,all),)
cc-machine := $(shell $(CC) -dumpmachine 2>/dev/null)
ifeq ($(filter aarch64%,$(cc-machine)),)
$(error CROSS_COMPILE=$(CROSS_COMPILE) $(if $(cc-machine),builds for \
	$(firstword $(subst -, ,$(cc-machine))) ($(CC) -dumpmachine: \
	$(cc-machine)),gives no working $(CC)); KaaL needs an AArch64 \
	compiler, such as CROSS_COMPILE=aarch64-linux-gnu-)
endif
endif

# Several goals mixing configuration and build targets (for instance
# `make qemu_virt_defconfig debug.config all`) run one after the other,
# each in its own make, so a build never reads a half-written .config.
ifneq ($(words $(MAKECMDGOALS)),1)
ifneq ($(config-goals),)
mixed-goals := 1
endif
endif

ifdef mixed-goals
PHONY := __serial $(MAKECMDGOALS)
$(MAKECMDGOALS): __serial
	@:
__serial:
	$(Q)set -e; for g in $(MAKECMDGOALS); do \
		$(MAKE) -f $(srctree)/Makefile $$g; done
.PHONY: $(PHONY)
else

include $(srctree)/scripts/Kbuild.include

PHONY := all FORCE
FORCE:

# ---------------------------------------------------------------------------
# Configuration targets.
defconfigs := $(sort $(notdir $(wildcard $(srctree)/configs/*_defconfig)))
fragments := $(sort $(notdir $(wildcard $(srctree)/configs/*.config)))
kconfig-files := $(shell find $(srctree) -name Kconfig -not -path '*/.git/*')
kconfig := cd $(objtree) && $(PYTHON) $(srctree)/scripts/kconfig.py

%_defconfig: FORCE
	$(Q)if [ ! -f $(srctree)/configs/$@ ]; then \
		echo "*** No configs/$@. Available:" $(defconfigs) >&2; exit 1; fi
	$(Q)$(kconfig) defconfig $(srctree)/configs/$@
	@echo "  CONFIG  .config from configs/$@"

%.config: FORCE
	$(Q)f=$(if $(filter /%,$@),$@,$(srctree)/configs/$@); \
	if [ ! -f $$f ]; then \
		echo "*** No $$f. Available fragments:" $(fragments) >&2; exit 1; fi; \
	$(kconfig) merge $$f && \
		echo "  MERGE   $(if $(filter /%,$@),$@,configs/$@)"

# guiconfig draws with Tk, which Debian packages apart from Python.
menuconfig guiconfig oldconfig: $(KCONFIG_CONFIG)
	$(Q)if [ $@ = guiconfig ] && ! $(PYTHON) -c 'import tkinter' 2>/dev/null; then \
		echo "*** guiconfig needs Tk for Python: apt-get install python3-tk" \
			"(or use make menuconfig)" >&2; exit 1; fi
	$(Q)cd $(objtree) && KCONFIG_CONFIG=$(KCONFIG_CONFIG) $(PYTHON) -m $@ $(srctree)/Kconfig

olddefconfig listnewconfig alldefconfig allnoconfig allyesconfig: FORCE
	$(Q)$(kconfig) $@

randconfig: FORCE
	$(Q)$(kconfig) randconfig $(KCONFIG_SEED)

savedefconfig: $(KCONFIG_CONFIG)
	$(Q)$(kconfig) savedefconfig defconfig

# Without a .config, the build starts from the QEMU virt defconfig.
default-defconfig := qemu_virt_defconfig
$(KCONFIG_CONFIG):
	@echo "  CONFIG  no .config: using configs/$(default-defconfig)"
	$(Q)$(kconfig) defconfig $(srctree)/configs/$(default-defconfig)

# auto.conf and autoconf.h follow .config and the Kconfig files; they are
# rewritten only when their content changes (Kconfiglib does that).
include/config/auto.conf: $(KCONFIG_CONFIG) $(kconfig-files)
	$(call cmd,syncconfig)
quiet_cmd_syncconfig = SYNC    include/config/auto.conf
      cmd_syncconfig = $(kconfig) syncconfig && touch $@

ifneq ($(build-goals)$(if $(MAKECMDGOALS),,all),)
-include include/config/auto.conf
ifneq ($(wildcard include/config/auto.conf),)
include $(srctree)/scripts/Makefile.build
endif
endif

# ---------------------------------------------------------------------------
# Cleaning.
PHONY += clean mrproper distclean
clean:
	$(Q)rm -rf $(clean-dirs) Image kernel8.img config.txt *.elf *.map *.bin \
		tags cscope.files cscope.out cscope.out.in cscope.out.po \
		tests-out bench-out bench.json bench-baseline.json fuzz-out bench-linux \
		components components.cpio linux linux.cpio usr \
		arch/arm64/kernel/kernel.lds boot/loader.lds \
		compile_commands.json tests-out .tmp_* scripts/dts/irqnum \
		Documentation/output kaal.gdb sdcard.img project
	$(Q)find . \( -name '*.o' -o -name '*.a' -o -name '.*.cmd' -o -name '*.d' \
		-o -name '*.dtb' \) -not -path './.git/*' \
		-not -path './configs/*' -type f -delete

mrproper distclean: clean
	$(Q)rm -rf include/generated include/config .config .config.old defconfig \
		rpi-firmware lwip

# ---------------------------------------------------------------------------
# Tests and benchmarks build their own configurations (out of tree, in
# tests-out/ and bench-out/), so they need no .config and leave it alone.
PHONY += test unittest checkheaders bench
# scripts/checkheaders.py: no two headers share an include guard, and each
# guard is the one its path gives (Documentation/user-space.rst).
checkheaders:
	$(Q)$(PYTHON) $(srctree)/scripts/checkheaders.py $(srctree)

unittest: checkheaders
	$(Q)$(MAKE) -f $(srctree)/tests/unit/Makefile srctree=$(srctree) \
		objtree=$(objtree)/tests-out/unit HOSTCC=$(HOSTCC) V=$(V) \
		UNIT_TESTS="$(UNIT_TESTS)" run

# pytest-xdist (python3-pytest-xdist), when installed, runs the tests in
# PYTEST_WORKERS processes (default: one per CPU; 0 runs them all in
# pytest's own process); tests/conftest.py says which run together.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
pytest-xdist = $(shell $(PYTHON) -c 'import xdist' >/dev/null 2>&1 && \
	printf '%s' '-n $(PYTEST_WORKERS) --dist loadgroup')

# Which tests: TESTS= files, directories or node ids, relative to the
# source tree (default: tests, all of them); PYTEST_FLAGS= more pytest
# options. A path in PYTEST_FLAGS (the way to select before TESTS=)
# replaces the default instead of being run a second time within it.
TESTS ?= $(if $(filter tests tests/% ./tests ./tests/% $(srctree)/tests%,\
	$(PYTEST_FLAGS)),,tests)
# The results as JUnit XML, for CI systems (JUNIT_XML= writes none).
JUNIT_XML ?= $(objtree)/tests-out/junit.xml

pytest-run = cd $(srctree) && KAAL_SRCTREE_SHARED=1 \
	KAAL_TEST_OUT=$(objtree)/tests-out \
	$(PYTHON) -m pytest $(pytest-xdist) \
	$(if $(JUNIT_XML),--junitxml=$(abspath $(JUNIT_XML))) \
	$(PYTEST_FLAGS) $(TESTS)

PHONY += pytest
test: checkformat unittest
	$(Q)$(pytest-run)

# The pytest part of `make test` alone: no checkformat, no unit tests.
pytest:
	$(Q)$(pytest-run)

# Documentation/tutorial.rst: a new out-of-tree project (scripts/kaal).
PHONY += newproject
newproject:
	$(Q)$(if $(DIR),$(srctree)/scripts/kaal new '$(DIR)',echo \
		'*** make newproject DIR=path/to/name' >&2; exit 1)

# Documentation/build.rst, "Switching configurations": one object tree
# switched between every ordered pair of defconfigs with -j2, each image
# compared with a clean build's and booted (make test walks three of the
# switches).
PHONY += test-switching
test-switching:
	$(Q)cd $(srctree) && KAAL_SRCTREE_SHARED=1 KAAL_TEST_SWITCHES=all \
		KAAL_TEST_OUT=$(objtree)/tests-out $(PYTHON) -m pytest -n0 \
		$(PYTEST_FLAGS) tests/build/test_kbuild.py -k \
		test_switching_defconfigs_builds_what_a_clean_build_does

# Documentation/testing.rst, "Code style": the C sources and headers
# against .clang-format (Linux kernel style); format rewrites them.
PHONY += checkformat format
checkformat:
	$(Q)$(srctree)/scripts/clang-format.sh check $(srctree)

format:
	$(Q)$(srctree)/scripts/clang-format.sh fix $(srctree)

# Documentation/benchmarks.rst: three release builds of the benchmark root
# task and the default system under QEMU with -icount; a table, and the
# figures in bench.json. bench-compare prints each figure against
# BASELINE's (by default the committed results; BENCH_FAIL_ON_REGRESSION=1
# fails on a higher figure), bench-baseline saves the run as a baseline in
# the object tree, bench-save as the committed results and their table.
PHONY += bench-compare bench-baseline bench-save
BASELINE ?= $(srctree)/Documentation/bench/results.json
bench-py = KAAL_SRCTREE_SHARED=1 $(PYTHON) $(srctree)/scripts/bench.py \
	--srctree $(srctree) --objtree $(objtree)

bench:
	$(Q)$(bench-py) $(BENCH_FLAGS)

bench-compare:
	$(Q)$(bench-py) --compare $(BASELINE) \
		$(if $(filter-out 0,$(BENCH_FAIL_ON_REGRESSION)),--fail-on-regression) \
		$(BENCH_FLAGS)

bench-baseline:
	$(Q)$(bench-py) --save-baseline $(objtree)/bench-baseline.json \
		$(BENCH_FLAGS)

bench-save:
	$(Q)$(bench-py) --save-docs $(BENCH_FLAGS)

# Documentation/testing.rst: the system-call fuzzer in each configuration
# of FUZZ_CONFIGS (debug, release, gicv3-rr), built in fuzz-out/ and run
# under QEMU with -icount. FUZZ_SEED=random picks a seed and prints it.
FUZZ_SEED ?= 0x5eed
FUZZ_CALLS ?= 100000
FUZZ_CONFIGS ?= debug,release,gicv3-rr
PHONY += fuzz
fuzz:
	$(Q)KAAL_SRCTREE_SHARED=1 $(PYTHON) $(srctree)/scripts/fuzz.py \
		--srctree $(srctree) --objtree $(objtree) --seed $(FUZZ_SEED) \
		--calls $(FUZZ_CALLS) --configs $(FUZZ_CONFIGS) $(FUZZ_FLAGS)

# Documentation/assurance.rst, "Machine-checked proofs": Frama-C WP and
# its RTE plug-in prove the ACSL contracts of the functions listed in
# proofs/manifest with Z3; a table per function, non-zero on any goal not
# proved (PROVE_FLAGS="--file kernel/cnode.c --timeout 20 -v").
# make prove also model-checks the ring protocol (make spin, below).
PHONY += prove
prove: spin
	$(Q)$(PYTHON) $(srctree)/scripts/prove.py --objtree $(objtree) \
		$(PROVE_FLAGS)

# ---------------------------------------------------------------------------
# The manual: Documentation/*.rst as HTML in <objtree>/Documentation/output/
# (Sphinx and Graphviz from Debian, Documentation/conf.py). Every warning
# is an error, and all of them are reported before the build fails.
SPHINXBUILD ?= sphinx-build
SPHINXOPTS ?=
docs-out := $(objtree)/Documentation/output
PHONY += htmldocs
htmldocs:
	$(Q)$(SPHINXBUILD) -b html -E -W --keep-going -q -n \
		-d $(docs-out)/doctrees $(SPHINXOPTS) \
		$(srctree)/Documentation $(docs-out)/html
	@echo "  HTML    $(docs-out)/html/index.html"

# ---------------------------------------------------------------------------
# Source indexes for editors, of the whole tree (every board and option):
# tags (universal-ctags, vi and Emacs) and cscope.out (cscope -d). They are
# written to the object tree; the tools are checked here, not by
# check-deps.sh, since only these targets need them.
index-sources = cd $(srctree) && git ls-files -- '*.[chS]' 2>/dev/null || \
	find . -name '*.[chS]' -not -path './.git/*' | sed 's|^\./||'
PHONY += tags cscope
tags:
	$(Q)command -v ctags >/dev/null && ctags --version 2>/dev/null | \
		grep -q 'Universal Ctags' || { echo "*** make tags needs" \
		"universal-ctags: apt-get install universal-ctags" >&2; exit 1; }
	$(Q)($(index-sources)) | sed 's|^|$(srctree)/|' > .tmp_index_files
	$(Q)ctags -f tags -L .tmp_index_files --languages=C,Asm \
		--langmap=Asm:+.S --fields=+l --extras=+q && rm -f .tmp_index_files
	@echo "  TAGS    tags"

cscope:
	$(Q)command -v cscope >/dev/null || { echo "*** make cscope needs" \
		"cscope: apt-get install cscope" >&2; exit 1; }
	$(Q)($(index-sources)) | sed 's|^|$(srctree)/|' > cscope.files
	$(Q)cscope -b -q -k -i cscope.files -f cscope.out
	@echo "  CSCOPE  cscope.out"

# Documentation/assurance.rst, "Model-checked ring protocol": SPIN over
# proofs/ring.pml, the correct models verified and each mutation refuted
# (SPIN_FLAGS="--only bench,bench-no-notify" picks checks, --list names
# them).
PHONY += spin
spin:
	$(Q)HOSTCC=$(HOSTCC) $(PYTHON) $(srctree)/scripts/spin_check.py $(SPIN_FLAGS)

# Documentation/assurance.rst, "Every configuration built and booted":
# every defconfig alone and with each fragment, allnoconfig, allyesconfig,
# alldefconfig and the seeded randconfigs of tests/boot/test_randconfig.py,
# each built with -Werror and booted to its end (make test runs a short
# subset of both). Outputs in <objtree>/configcheck-out.
PHONY += configcheck
configcheck:
	$(Q)cd $(srctree) && KAAL_SRCTREE_SHARED=1 KAAL_CONFIGCHECK=full \
		KAAL_TEST_OUT=$(objtree)/configcheck-out \
		$(PYTHON) -m pytest $(pytest-xdist) -v $(PYTEST_FLAGS) \
		tests/boot/test_configcheck.py tests/boot/test_randconfig.py

# ---------------------------------------------------------------------------
PHONY += help
help:
	@echo 'Configuration:'
	@echo '  <board>_defconfig   - .config from configs/<board>_defconfig'
	@echo '  <frag>.config       - merge configs/<frag>.config into .config'
	@echo '                        (make qemu_virt_defconfig debug.config)'
	@echo '  menuconfig          - text-mode menus (Kconfiglib)'
	@echo '  guiconfig           - Tk menus, if python3-tk is installed'
	@echo '  oldconfig           - ask only about new symbols'
	@echo '  olddefconfig        - new symbols take their defaults'
	@echo '  savedefconfig       - write a minimal ./defconfig'
	@echo '  listnewconfig       - list symbols not set in .config'
	@echo '  alldefconfig allnoconfig allyesconfig randconfig'
	@echo '                      - configurations for matrix testing'
	@echo '                        (randconfig: KCONFIG_SEED=n repeats one)'
	@echo ''
	@echo 'Build:'
	@echo '  all (default)       - Image (arm64 boot image) and the ELF files'
	@echo '  <dir>/<file>.o      - one object'
	@echo '  rootserver.elf      - only the root task'
	@echo '  APP=dir             - build the root task from dir (out of tree;'
	@echo '                        see Documentation/user-space.rst)'
	@echo '  compile_commands.json - for clangd and other tools'
	@echo '  PROJECT=dir         - with an out-of-tree project (scripts/kaal new)'
	@echo '  newproject DIR=dir  - create one: scripts/kaal new dir'
	@echo '                        (Documentation/tutorial.rst)'
	@echo '  sdimage             - sdcard.img for rpi3/rpi4: firmware, config.txt,'
	@echo '                        kernel8.img (Documentation/boards.rst)'
	@echo '  tags, cscope        - editor indexes of the tree (universal-ctags,'
	@echo '                        cscope)'
	@echo ''
	@echo 'Run and test:'
	@echo '  run                 - boot Image in QEMU (serial on stdio;'
	@echo '                        QEMU_SMP=, QEMU_MEMORY=, QEMU_CPU=, QEMU_APPEND=;'
	@echo '                        DISK=<raw image>: a virtio-blk disk)'
	@echo '  debug               - QEMU halted with a gdb stub on :1234; kaal.gdb'
	@echo '                        loads every program (Documentation/debugging.rst)'
	@echo '  test                - checkformat, host unit tests, then all pytest'
	@echo '                        tests (PYTEST_WORKERS=n processes with'
	@echo '                        pytest-xdist, 0: one)'
	@echo '    TESTS=...           only these test files, directories or'
	@echo '                        node ids (relative to the source tree):'
	@echo '                        make test TESTS=tests/system/test_shell.py'
	@echo '                        TESTS="tests/boot/test_boot.py::test_kernel_selftest"'
	@echo '    PYTEST_FLAGS=...    more pytest options: PYTEST_FLAGS="-k rpi3 -x"'
	@echo '    JUNIT_XML=file      JUnit XML results for CI (default'
	@echo '                        <objtree>/tests-out/junit.xml; empty: none)'
	@echo '  pytest              - the pytest tests alone (TESTS=, PYTEST_FLAGS=,'
	@echo '                        JUNIT_XML= as for test), no checkformat or'
	@echo '                        unit tests'
	@echo '  test-switching      - one object tree switched between every pair'
	@echo '                        of defconfigs, each image checked (12 builds)'
	@echo '  checkformat         - C files that differ from .clang-format'
	@echo '  format              - reformat them in place (clang-format -i)'
	@echo '  unittest            - host unit tests only (ASan/UBSan), after'
	@echo '                        checkheaders (UNIT_TESTS="string elf": those)'
	@echo '  checkheaders        - include guards unique and matching their paths'
	@echo '  bench               - IPC/syscall and boot figures under QEMU icount'
	@echo '                        (bench.json; BENCH_FLAGS="--builds fastpath")'
	@echo '  bench-compare       - bench, then each figure against a baseline:'
	@echo '                        BASELINE=file (default: the committed'
	@echo '                        Documentation/bench/results.json),'
	@echo '                        BENCH_FAIL_ON_REGRESSION=1 fails on a higher one'
	@echo '  bench-baseline      - bench, saved as <objtree>/bench-baseline.json'
	@echo '  bench-save          - bench, saved as Documentation/bench/results.json'
	@echo '                        and the table results.rst made from it'
	@echo '  bench-net           - TCP echo through this object tree'"'"'s system,'
	@echo '                        guest instructions per byte under icount'
	@echo '                        (BENCH_NET_MIB=16)'
	@echo '  bench-net-linux     - the same echo through a Linux guest (Debian'"'"'s'
	@echo '                        arm64 kernel, fetched; BENCH_NET_LINUX_MIB=64)'
	@echo '  prove               - prove the ACSL contracts of proofs/manifest'
	@echo '                        (Frama-C WP + RTE, Z3; PROVE_FLAGS=...)'
	@echo '  configcheck         - every defconfig x fragment, allno/allyes/'
	@echo '                        alldefconfig and seeded randconfigs: built'
	@echo '                        with -Werror and booted (long: see'
	@echo '                        Documentation/assurance.rst)'
	@echo '  spin                - model-check the ring wake-up protocol'
	@echo '                        (proofs/ring.pml; SPIN_FLAGS=--list)'
	@echo '  fuzz                - system-call fuzzer in three configurations'
	@echo '                        (FUZZ_SEED=n|random, FUZZ_CALLS=, FUZZ_CONFIGS=,'
	@echo '                        FUZZ_FLAGS="--runs N --hang-timeout S")'
	@echo ''
	@echo 'Documentation:'
	@echo '  htmldocs            - the manual as HTML in'
	@echo '                        <objtree>/Documentation/output/html (Sphinx;'
	@echo '                        warnings are errors; SPHINXOPTS=...)'
	@echo ''
	@echo 'Cleaning:'
	@echo '  clean               - remove build outputs, keep .config'
	@echo '  mrproper            - also remove .config and generated files'
	@echo ''
	@echo 'Options: O=dir (out-of-tree; dir/Makefile then builds there),'
	@echo '  V=1 (full commands),'
	@echo '  CROSS_COMPILE=$(CROSS_COMPILE), KAAL_SKIP_DEPS=1 (no host tool check)'
	@echo ''
	@echo 'Boards (configs/*_defconfig):'
	@$(foreach d,$(defconfigs),echo '  $(d)';)
	@echo 'Fragments (configs/*.config):'
	@$(foreach f,$(fragments),echo '  $(f)';)

.PHONY: $(PHONY)
endif	# mixed-goals
endif	# skip-makefile
