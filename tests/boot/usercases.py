# SPDX-License-Identifier: GPL-2.0-only
"""The expected cases of the user-level test suite, per configuration.

tests/boot/user_cases.txt names every case with the configurations it
runs in; check_suite_log() compares what a boot printed with it exactly
and names each missing, unexpected, failed or wrongly skipped case.
"""
import re
from pathlib import Path

CASES_FILE = Path(__file__).with_name("user_cases.txt")

TEST_LINE = re.compile(r"^TEST (\S+) (PASS|FAIL)(.*)$", re.M)
SKIP_LINE = re.compile(r"^tests: (\S+) not run: (.*)$", re.M)
SUMMARY = re.compile(r"^TESTS: (\d+) passed, (\d+) failed$", re.M)


class Cond:
    """A condition of user_cases.txt: atoms joined by `&`, each
    CONFIG_FOO, !CONFIG_FOO, CONFIG_FOO=a|b, or SYMBOL>=N for a number
    (KAAL_SLICES_FIT is derived, see derived())."""

    ATOM = re.compile(r"(!?)(CONFIG_\w+|KAAL_\w+)(?:=(\S+)|>=(\d+))?")

    def __init__(self, text, where):
        self.text = text
        self.atoms = []
        for part in text.split("&"):
            m = self.ATOM.fullmatch(part)
            if not m or (m.group(1) and (m.group(3) or m.group(4))):
                raise ValueError("%s: bad condition %r" % (where, part))
            negate, symbol = bool(m.group(1)), m.group(2)
            values = m.group(3).split("|") if m.group(3) else ["y"]
            least = int(m.group(4)) if m.group(4) else None
            self.atoms.append((negate, symbol, values, least))

    def holds(self, conf):
        conf = derived(conf)
        for negate, symbol, values, least in self.atoms:
            if least is not None:
                ok = int(conf.get(symbol, "0")) >= least
            else:
                ok = (conf.get(symbol) in values) != negate
            if not ok:
                return False
        return True


# A scheduling case of user/root/tests/test_sched.c whose time slices
# would take longer than this reports "not run" (SLICES_MAX_MS there).
SLICES_MAX_MS = 10000


def derived(conf):
    """@conf with KAAL_SLICES_FIT: how many time slices of a thread of
    domain 0, stretched by other domains' windows, fit in SLICES_MAX_MS
    (slice_ms() in test_sched.c computes the same slice)."""
    hz = int(conf.get("CONFIG_HZ", "100"))
    slice_ticks = int(conf.get("CONFIG_SCHED_TIMESLICE_TICKS", "5"))
    total = mine = 1
    if conf.get("CONFIG_SCHED_DOMAINS") == "y":
        sched = conf.get("CONFIG_SCHED_DOMAIN_SCHEDULE", "").strip('"')
        windows = [tuple(int(x) for x in w.split(":"))
                   for w in sched.replace(" ", "").split(",") if w]
        total = sum(ticks for _, ticks in windows)
        mine = sum(ticks for dom, ticks in windows if dom == 0)
        if not mine:
            total = mine = 1
    slice_ms = slice_ticks * total * 1000 // (mine * hz)
    fit = SLICES_MAX_MS // slice_ms if slice_ms else 1 << 30
    return dict(conf, KAAL_SLICES_FIT=str(fit))


def load_cases(path=CASES_FILE):
    """[(name, {"runs-if": Cond, "built-if": Cond})] in file order."""
    cases, seen = [], set()
    for n, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.split("#", 1)[0].split()
        if not line:
            continue
        where = "%s:%d" % (path, n)
        name, rest, conds = line[0], line[1:], {}
        if name in seen:
            raise ValueError("%s: %s listed twice" % (where, name))
        seen.add(name)
        while rest:
            if len(rest) < 2 or rest[0] not in ("runs-if", "built-if") or \
                    rest[0] in conds:
                raise ValueError("%s: expected `runs-if COND` or "
                                 "`built-if COND`, got %r"
                                 % (where, " ".join(rest)))
            conds[rest[0]] = Cond(rest[1], where)
            rest = rest[2:]
        cases.append((name, conds))
    return cases


def expected_cases(conf, path=CASES_FILE):
    """(names that must pass, names that must report "not run") in the
    configuration @conf (a dict of auto.conf), each in file order."""
    run, skipped = [], []
    for name, conds in load_cases(path):
        if "built-if" in conds and not conds["built-if"].holds(conf):
            continue
        if "runs-if" in conds and not conds["runs-if"].holds(conf):
            skipped.append(name)
        else:
            run.append(name)
    return run, skipped


def suite_problems(log, conf, path=CASES_FILE):
    """What is wrong with the suite's output @log in configuration @conf
    compared with user_cases.txt: a list of messages, empty if nothing."""
    want_run, want_skipped = expected_cases(conf, path)
    results = TEST_LINE.findall(log)
    skipped = SKIP_LINE.findall(log)
    passed = [n for n, r, _ in results if r == "PASS"]
    problems = []

    for name, result, detail in results:
        if result == "FAIL":
            problems.append("FAIL %s:%s" % (name, detail))
    printed = [n for n, _, _ in results] + [n for n, _ in skipped]
    dups = sorted({n for n in printed if printed.count(n) > 1})
    if dups:
        problems.append("reported more than once: %s" % ", ".join(dups))

    listed = want_run + want_skipped
    missing = [n for n in listed if n not in printed]
    unexpected = [n for n in printed if n not in listed]
    if missing:
        problems.append("missing cases: %s" % ", ".join(missing))
    if unexpected:
        problems.append("unexpected cases (not in the list, or built-if "
                        "says not in this configuration): %s"
                        % ", ".join(unexpected))
    not_run = [n for n, _ in skipped if n in want_run]
    if not_run:
        problems.append("not run but expected to run here: %s"
                        % "; ".join("%s (%s)" % (n, why) for n, why in skipped
                                    if n in not_run))
    ran = [n for n, _, _ in results if n in want_skipped]
    if ran:
        problems.append("ran but expected to report \"not run\" here "
                        "(runs-if): %s" % ", ".join(ran))

    m = SUMMARY.search(log)
    if not m:
        problems.append("no summary line: the suite did not finish")
    elif (int(m.group(1)), int(m.group(2))) != \
            (len(passed), len(results) - len(passed)):
        problems.append("summary %r does not match the %d PASS and %d FAIL "
                        "lines" % (m.group(0), len(passed),
                                   len(results) - len(passed)))
    if missing or unexpected or not_run or ran:
        problems.append("(expected: %s; a new or renamed case is listed "
                        "there, see Documentation/testing.rst)" % path)
    return problems
