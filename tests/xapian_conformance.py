#!/usr/bin/env python3
"""xapian_conformance.py QUERY_SKELETON CASES.tsv — frana's query parser against
Xapian 1.4's QueryParser, on the query-syntax cases of Xapian's own tests.

Each case is parsed by Xapian (python3-xapian, set up as api_queryparser.cc sets
up its parser: English stemmer, STEM_SOME, the prefixes author: title: subject:,
the boolean prefixes site: and category:) and by frana (query_skeleton). Both
parses are reduced to a skeleton: the operators, with every word (and the phrase
a word splits into, a matter of analysis) as "w", NEAR and ADJ with their
window; nested operators of one kind flattened, duplicate alternatives merged,
commutative operands sorted. Then each case is one of:

  same            both parse, to the same skeleton;
  both refuse     both report a syntax error;
  refused         frana reports an error (at a byte position) where Xapian
                  parses: by design, grouped by frana's reason;
  frana accepts   frana parses what Xapian refuses (listed, with the reading);
  DIFFER          both parse, to different skeletons: a silent difference.

Prints the counts and every case that is not "same"; exits 1 when any case
differs silently (DIFFER, or an accepted case not in ACCEPTED_BY_DESIGN).
"""
import re
import subprocess
import sys
from collections import defaultdict

import xapian

SKELETON, CASES = sys.argv[1], sys.argv[2]

# Cases Xapian refuses and frana reads, with the reading, on purpose.
ACCEPTED_BY_DESIGN = {
    "a AND (NOT b)": "a leading NOT inside the group excludes: a AND NOT b",
}

cases = []
for line in open(CASES, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    op, hexq, _ = line.rstrip("\n").split("\t", 2)
    cases.append((op, bytes.fromhex(hexq)))

# ---- frana ------------------------------------------------------------------------
inp = "".join("%s\t%s\n" % (op, q.hex()) for op, q in cases)
out = subprocess.run([SKELETON], input=inp.encode(), capture_output=True, check=True).stdout
frana = out.decode("utf-8", "replace").splitlines()
assert len(frana) == len(cases), (len(frana), len(cases))


def parse_sexpr(s):
    """frana's skeleton "(OR w (AND_NOT w w))" as nested lists."""
    toks = re.findall(r"\(|\)|[^\s()]+", s)
    pos = 0

    def walk():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t != "(":
            return t
        node = [toks[pos]]
        pos += 1
        while toks[pos] != ")":
            node.append(walk())
        pos += 1
        return node

    return walk()


# ---- Xapian -------------------------------------------------------------------------
def xapian_parser(default_or):
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(qp.STEM_SOME)
    qp.add_prefix("author", "A")
    qp.add_prefix("title", "XT")
    qp.add_prefix("subject", "XT")
    qp.add_boolean_prefix("site", "H")
    if default_or:
        qp.add_boolean_prefix("category", "XCAT", False)
    else:
        qp.set_default_op(xapian.Query.OP_AND)
    return qp


def xapian_skeleton(desc):
    """Xapian's description "Query((a@1 OR (b@2 AND_NOT c@3)))" as nested lists."""
    body = desc[len("Query("):-1]
    toks = re.findall(r"\(|\)|[^\s()]+", body)
    pos = 0

    def operand():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t == "(":
            first = operand()
            kids, op, width = [first], None, None
            while toks[pos] != ")":
                o = toks[pos]
                pos += 1
                if o in ("NEAR", "PHRASE", "ELITE_SET"):
                    width = int(toks[pos])
                    pos += 1
                if o == "SYNONYM" and toks[pos] == "WILDCARD":
                    pos += 2  # (SYNONYM WILDCARD OR prefix)
                    kids, op = ["w*"], "WILDCARD"
                    pos += 1
                    continue
                op = o
                kids.append(operand())
            pos += 1
            if op == "WILDCARD":
                return "w*"
            if op == "PHRASE":
                return "w" if width == len(kids) else ["ADJ/%d" % width] + kids
            if op == "NEAR":
                return ["NEAR/%d" % width] + kids
            if op == "FILTER":
                return ["AND"] + kids
            return [op] + kids
        if t == "0" and toks[pos] == "*":  # a boolean filter term at weight 0
            pos += 2
            return "f"
        return "w"

    return operand()


def canon(n):
    """Flatten one-kind nesting, merge duplicate alternatives, sort commutative kids."""
    if isinstance(n, str):
        return n
    op, kids = n[0], [canon(k) for k in n[1:]]
    if op in ("AND", "OR", "XOR"):
        flat = []
        for k in kids:
            if isinstance(k, list) and k[0] == op:
                flat.extend(k[1:])
            else:
                flat.append(k)
        kids = flat
        if op != "XOR":
            uniq = []
            for k in kids:
                if k not in uniq:
                    uniq.append(k)
            kids = uniq
        kids.sort(key=repr)
    if op == "AND_NOT" and len(kids) > 2:
        kids = [kids[0], canon(["OR"] + kids[1:])]
    if op in ("AND", "OR", "XOR") and len(kids) == 1:
        return kids[0]
    if op.startswith("NEAR") or op.startswith("ADJ"):
        return [op] + kids
    return [op] + kids


def show(n):
    return n if isinstance(n, str) else "(" + " ".join([n[0]] + [show(k) for k in n[1:]]) + ")"


# The comparison must be able to fail: the old frana reading of "A OR B NOT C",
# (A OR B) NOT C, is not Xapian's skeleton.
assert canon(parse_sexpr("(AND_NOT (OR w w) w)")) != canon(
    xapian_skeleton(str(xapian_parser(True).parse_query(b"A OR B NOT C"))))

counts = defaultdict(int)
refused = defaultdict(list)
report = []
silent = 0
for (op, q), got in zip(cases, frana):
    text = q.decode("utf-8", "replace")
    try:
        xq = xapian_parser(op == "or").parse_query(q)
        xs = canon(xapian_skeleton(str(xq)))
        xerr = None
    except xapian.QueryParserError as e:
        xs, xerr = None, str(e)
    if got.startswith("ERR"):
        if xerr:
            counts["both refuse"] += 1
        else:
            counts["refused"] += 1
            msg = got.split(" ", 2)[2]
            reason = re.sub(r"^syntax error at \d+: ", "", msg)
            reason = re.sub(r"'[^']*:'", "'FIELD:'", reason)
            refused[reason].append(text)
        continue
    fs = canon(parse_sexpr(got[3:]))
    if xerr:
        if text in ACCEPTED_BY_DESIGN:
            counts["frana accepts"] += 1
            report.append("frana accepts %r (Xapian: %s): %s" % (text, xerr, ACCEPTED_BY_DESIGN[text]))
        else:
            counts["DIFFER"] += 1
            silent += 1
            report.append("DIFFER %r: Xapian refuses (%s), frana reads %s" % (text, xerr, show(fs)))
    elif fs == xs:
        counts["same"] += 1
    else:
        counts["DIFFER"] += 1
        silent += 1
        report.append("DIFFER %r [%s]: frana %s, Xapian %s (%s)" % (text, op, show(fs), show(xs), xq))

print("%d cases of Xapian 1.4's api_queryparser.cc (python3-xapian %s)" %
      (len(cases), xapian.version_string()))
for k in ("same", "both refuse", "refused", "frana accepts", "DIFFER"):
    print("  %-14s %d" % (k, counts[k]))
print("refused by design, by reason:")
for reason, qs in sorted(refused.items(), key=lambda kv: -len(kv[1])):
    print("  %3d  %s: %s" % (len(qs), reason, ", ".join(repr(q) for q in qs[:4]) +
                           (" …" if len(qs) > 4 else "")))
for r in report:
    print(r)
print("%d passed, %d failed" % (len(cases) - silent, silent))
sys.exit(1 if silent else 0)
