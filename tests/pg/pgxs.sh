#!/usr/bin/env bash
# pgxs.sh CMAKE BUILD — plugin/postgres/Makefile (PGXS) builds the extension
# against an installed libfrana: the build is installed into a temporary
# prefix, the Makefile and sources are copied out of the tree, `make` finds
# frana.h and libfrana through the prefix's frana.pc, and `make install
# DESTDIR=…` puts frana.so, frana.control and frana--0.1.sql where PostgreSQL
# looks. The module exports the functions frana--0.1.sql names.
set -u
CMAKE=${1:?usage: pgxs.sh CMAKE BUILD}
BUILD=${2:?usage: pgxs.sh CMAKE BUILD}
. "$(dirname "$0")/../lib.sh"
"$CMAKE" --install "$BUILD" --prefix "$TMP/prefix" >/dev/null
mkdir "$TMP/src"
cp ../plugin/postgres/Makefile ../plugin/postgres/frana_pg.c ../plugin/postgres/frana.control \
   ../plugin/postgres/frana--0.1.sql "$TMP/src/"
pc=$(ls -d "$TMP"/prefix/lib*/pkgconfig | head -n 1)
out=$(PKG_CONFIG_PATH=$pc make -C "$TMP/src" 2>&1)
check "make (PGXS): $out" test $? -eq 0
out=$(PKG_CONFIG_PATH=$pc make -C "$TMP/src" install DESTDIR="$TMP/dest" 2>&1)
check "make install DESTDIR: $out" test $? -eq 0
lib=$TMP/dest$(pg_config --pkglibdir)
share=$TMP/dest$(pg_config --sharedir)/extension
check "frana.so in $lib" test -f "$lib/frana.so"
check "frana.control in $share" test -f "$share/frana.control"
check "frana--0.1.sql in $share" test -f "$share/frana--0.1.sql"
check "the module needs libfrana" bash -c "readelf -d '$lib/frana.so' | grep -q 'NEEDED.*libfrana.so.0'"
for f in $(grep -o "CREATE FUNCTION [a-z_]*" ../plugin/postgres/frana--0.1.sql | cut -d' ' -f3); do
    check "frana.so exports $f" bash -c "nm -D --defined-only '$lib/frana.so' | grep -qw '$f'"
done
check "frana.so exports Pg_magic_func" bash -c "nm -D --defined-only '$lib/frana.so' | grep -qw Pg_magic_func"
report
