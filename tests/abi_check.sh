#!/usr/bin/env bash
# abi_check.sh LIBFRANA LIBFRANA_XAPIAN PLUGIN_C: what the two libraries export and link.
#  - libfrana links no libstdc++, Xapian or jansson;
#  - each exports only frana_ symbols;
#  - every function either exports is in the plugin table (plugin/xapian/plugin.c),
#    which names each field (designated initializers).
set -u
. "$(dirname "$0")/lib.sh"
lib=$1 libx=$2 table=$3
deps=$(ldd "$lib")
check "ldd ran on libfrana" test -n "$deps"
for bad in libstdc++ libxapian libjansson; do
    check "libfrana does not link $bad" lacks "$deps" "$bad"
done
for l in "$lib" "$libx"; do
    syms=$(nm -D --defined-only "$l" | awk '{print $3}')
    check "$(basename "$l") exports symbols" test -n "$syms"
    others=$(printf '%s\n' "$syms" | grep -v '^frana_' || true)
    check "$(basename "$l") exports only frana_ symbols (others: ${others:-none})" test -z "$others"
done
fns=$( (nm -D --defined-only "$lib"; nm -D --defined-only "$libx") | awk '$2 == "T" {print $3}' |
       grep -v '^frana_plugin_api$' | sort -u)
n=0
for f in $fns; do
    n=$((n + 1))
    check "the plugin table holds $f" grep -q "= $f,\$" "$table"
done
# The functions the public headers declare (FRANA_EXPORT) are exactly those exported.
declared=$(cat "$(dirname "$0")"/../include/frana.h "$(dirname "$0")"/../include/frana_db.h |
           tr '\n' ' ' | grep -o 'FRANA_EXPORT[^(;]*(' | grep -o 'frana_[a-z_0-9]*($' | tr -d '(' |
           sort -u)
check "the headers declare functions" test -n "$declared"
check "the exported functions are those the headers declare" test "$declared" = "$fns"
check "found the public functions ($n)" test "$n" -ge 30
report
