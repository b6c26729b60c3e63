# SPDX-License-Identifier: GPL-2.0-only
"""make sdimage (Documentation/boards.rst, "The SD card image"): a FAT32
SD-card image for the Raspberry Pis, with the firmware of Debian's
raspi-firmware package, config.txt, kernel8.img and the devicetree,
checked with mtools. Costs the board builds tests/boards shares, and a
download of the firmware (about 5 MB, seconds) per board."""
import os
import struct
import subprocess

import pytest

from conftest import SRCTREE, run_make


# Its tests may run on different pytest-xdist workers (tests/conftest.py).
pytestmark = pytest.mark.spread

FAT = "@@1M"         # the partition's offset in the image (mksdimage.py)

BOARDS = {
    "rpi3_defconfig": (["bootcode.bin", "start.elf", "fixup.dat"],
                       "bcm2710-rpi-3-b.dtb"),
    "rpi4_defconfig": (["start4.elf", "fixup4.dat"], "bcm2711-rpi-4-b.dtb"),
}


def mtools(*args, env=None):
    return subprocess.run(list(args), check=True, stdout=subprocess.PIPE,
                          env=dict(os.environ, MTOOLS_SKIP_CHECK="1")
                          ).stdout


def card_files(img):
    """{name: bytes} of the files in the card's root directory."""
    names = mtools("mdir", "-b", "-i", str(img) + FAT, "::").decode()
    files = {}
    for path in names.split():
        name = path.split("/")[-1]
        files[name] = mtools("mtype", "-i", str(img) + FAT, "::" + name)
    return files


def config_lines(text):
    return [line for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("defconfig", sorted(BOARDS))
def test_sdimage(kaal_build, defconfig):
    build = kaal_build(defconfig)
    res = run_make(build.dir, "sdimage", check=False)
    if res.returncode and "Cannot fetch raspi-firmware" in res.output:
        pytest.skip("the firmware cannot be fetched here:\n" + res.output)
    assert res.returncode == 0, res.output
    img = build.dir / "sdcard.img"
    assert "write it to a card" in res.output

    raw = img.read_bytes()[:512]
    assert raw[510:512] == b"\x55\xaa"
    status, ptype, lba, sectors = struct.unpack_from("<B3xB3xII", raw, 446)
    assert (status, ptype, lba) == (0x80, 0x0c, 2048)
    assert (lba + sectors) * 512 <= img.stat().st_size

    firmware, dtb = BOARDS[defconfig]
    files = card_files(img)
    assert sorted(files) == sorted(firmware + [
        dtb, "config.txt", "kernel8.img", "LICENCE.broadcom"])
    fw = build.dir / "rpi-firmware"
    version, sha = (fw / "raspi-firmware.version").read_text().split()
    assert version and len(sha) == 64
    for name in firmware:
        assert files[name] == (fw / "root" / "usr" / "lib" /
                               "raspi-firmware" / name).read_bytes(), name
    assert files["kernel8.img"] == (build.dir / "kernel8.img").read_bytes()
    assert files["kernel8.img"] == build.image.read_bytes()
    assert files[dtb] == build.dtb.read_bytes()
    assert b"Broadcom" in files["LICENCE.broadcom"]

    conf = config_lines(files["config.txt"].decode())
    assert conf == config_lines((build.dir / "config.txt").read_text())
    for line in ["arm_64bit=1", "kernel=kernel8.img", "enable_uart=1",
                 "kernel_address=0x80000"]:
        assert line in conf
    if defconfig == "rpi3_defconfig":
        # The mini UART's clock is the VPU core clock.
        assert "core_freq=250" in conf and "enable_gic=1" not in conf
    else:
        assert "enable_gic=1" in conf

    # Nothing changed: nothing is fetched or written again.
    before = img.stat().st_mtime_ns
    res = run_make(build.dir, "sdimage")
    assert "SDIMAGE" not in res.output and "APT" not in res.output
    assert img.stat().st_mtime_ns == before


def test_sdimage_refused_for_qemu_virt(kaal_build):
    build = kaal_build("qemu_virt_defconfig")
    res = run_make(build.dir, "sdimage", check=False)
    assert res.returncode != 0
    assert "make sdimage is for the Raspberry Pi boards" in res.output
    assert not (build.dir / "sdcard.img").exists()


def test_fetch_deb_says_why_it_cannot(tmp_path):
    """An unreachable mirror: a clear message, a failure, no package."""
    env = dict(os.environ, KAAL_DEBIAN_MIRROR="http://127.0.0.1:9/debian")
    p = subprocess.run([str(SRCTREE / "scripts" / "fetch-deb.sh"),
                        str(tmp_path), "raspi-firmware", "non-free-firmware"],
                       env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=120)
    assert p.returncode != 0
    assert "Cannot fetch raspi-firmware from Debian's non-free-firmware" \
        in p.stdout, p.stdout
    assert not (tmp_path / "raspi-firmware.version").exists()
    assert not list(tmp_path.glob("*.deb"))
