#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write compile_commands.json from the .cmd files the build saved for
each object (the command line that really built it)."""
import argparse
import json
import os
import re

SAVED = re.compile(r"^savedcmd_(\S+) := (.*)$")


def command_of(obj):
    path = os.path.join(os.path.dirname(obj), "." + os.path.basename(obj) + ".cmd")
    try:
        with open(path) as f:
            for line in f:
                m = SAVED.match(line.rstrip("\n"))
                if m:
                    return m.group(2).replace("$$", "$").replace("\\#", "#")
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srctree", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("objects", nargs="*")
    args = ap.parse_args()
    entries = []
    seen = set()
    for obj in args.objects:
        cmd = command_of(obj)
        if not cmd:
            continue
        src = None
        for ext in (".c", ".S"):
            cand = os.path.join(args.srctree, obj[:-2] + ext)
            if os.path.exists(cand):
                src = cand
        # Out of the tree (APP=, PROJECT=): the source is the command's
        # last word ("... -c -o obj src").
        last = cmd.split()[-1]
        if not src and last.endswith((".c", ".S")) and os.path.exists(last):
            src = os.path.abspath(last)
        if src and src not in seen:
            seen.add(src)
            entries.append({"directory": os.getcwd(), "file": src,
                            "command": cmd, "output": os.path.abspath(obj)})
    text = json.dumps(entries, indent=1) + "\n"
    old = open(args.output).read() if os.path.exists(args.output) else None
    if old != text:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        os.utime(args.output)   # up to date: make must see it newer


if __name__ == "__main__":
    main()
