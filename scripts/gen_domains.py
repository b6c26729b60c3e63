#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn CONFIG_SCHED_DOMAIN_SCHEDULE into include/generated/domains.h.

usage: gen_domains.py AUTO_CONF OUT
Checks the schedule at build time; a bad one is an error that names the
symbol and the entry. The header is rewritten only when it changes."""
import os
import sys


def die(msg):
    sys.stderr.write("*** CONFIG_SCHED_DOMAIN_SCHEDULE: %s\n" % msg)
    sys.exit(1)


def read_conf(path):
    conf = {}
    for line in open(path):
        if line.startswith("CONFIG_") and "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            conf[k] = v.strip('"')
    return conf


def parse(sched, ndom):
    entries = []
    for item in filter(None, (x.strip() for x in sched.split(","))):
        try:
            dom, ticks = (int(x, 0) for x in item.split(":"))
        except ValueError:
            die("%r is not domain:ticks" % item)
        if not 0 <= dom < ndom:
            die("domain %d in %r is not below CONFIG_SCHED_NUM_DOMAINS=%d"
                % (dom, item, ndom))
        if ticks < 1:
            die("window %r must be at least 1 tick" % item)
        entries.append((dom, ticks))
    if not entries:
        die("empty schedule")
    return entries


def main():
    conf = read_conf(sys.argv[1])
    out = sys.argv[2]
    if conf.get("CONFIG_SCHED_DOMAINS") == "y":
        ndom = int(conf.get("CONFIG_SCHED_NUM_DOMAINS", "1"))
        entries = parse(conf.get("CONFIG_SCHED_DOMAIN_SCHEDULE", ""), ndom)
    else:
        ndom, entries = 1, [(0, 1)]
    text = ("/* Generated from CONFIG_SCHED_DOMAIN_SCHEDULE by "
            "scripts/gen_domains.py. */\n"
            "#ifndef KAAL_GENERATED_DOMAINS_H\n#define KAAL_GENERATED_DOMAINS_H\n"
            "#define SCHED_DOMAINS %d\n#define SCHED_DOMAIN_SCHEDULE %s\n"
            "#define SCHED_DOMAIN_WINDOWS %d\n#endif\n"
            % (ndom, ", ".join("{ %d, %d }" % e for e in entries), len(entries)))
    if os.path.exists(out) and open(out).read() == text:
        return
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
