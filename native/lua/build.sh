#!/usr/bin/env bash
# Builds native/lua/linux-x64/liblua54.so: Lua 5.4 from its authors' sources, built with profile-guided optimisation
# (GCC's -fprofile-generate / -fprofile-use), trained on Lua's own test suite (the sources' testes/ folder, run in its
# "user" mode). Not part of the build or of CI: the library is committed; run this to make it again or to move to a newer
# Lua 5.4 release. Needs gcc and a checkout of https://github.com/lua/lua (see native/lua/README.md for the commit).
#
# Usage: native/lua/build.sh /path/to/lua-checkout
set -euo pipefail

source_dir=$(cd "${1:?usage: native/lua/build.sh /path/to/a/checkout/of/github.com/lua/lua}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$source_dir/lvm.c" ] && [ -f "$source_dir/testes/all.lua" ] \
  || { echo "build.sh: $source_dir is not a checkout of github.com/lua/lua (no lvm.c or testes/all.lua)" >&2; exit 2; }
grep -q '#define LUA_VERSION_NUM[[:space:]]*504' "$source_dir/lua.h" \
  || { echo "build.sh: $source_dir is not Lua 5.4 (KeraLua binds the 5.4 API); check out the v5.4 branch" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/obj"

# The library's files as Lua's own makefile lists them (CORE_O and LIB_O), with the POSIX and dlopen features KeraLua's
# CMake build turns on; -fno-semantic-interposition lets GCC inline the library's exported functions into each other.
modules="lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate lstring ltable ltm
lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib loslib lstrlib ltablib lutf8lib linit"
flags=(-O2 -fPIC -fno-semantic-interposition -DNDEBUG -DLUA_USE_POSIX -DLUA_USE_DLOPEN)

build() { # $@: the profile flags of this pass
  for module in $modules; do gcc "${flags[@]}" "$@" -c "$source_dir/$module.c" -o "$work/obj/$module.o"; done
  gcc -shared "${flags[@]}" "$@" -o "$work/obj/liblua54.so" "$work"/obj/*.o -lm -ldl
}

echo "build.sh: pass 1, instrumented"
build -fprofile-generate -fprofile-update=single
gcc -O2 -DLUA_USE_POSIX -I"$source_dir" "$source_dir/lua.c" -o "$work/obj/lua" -L"$work/obj" -llua54 -lm -ldl -Wl,-rpath,"$work/obj"

echo "build.sh: training on Lua's test suite (5 runs)"
for _ in 1 2 3 4 5; do
  (cd "$source_dir/testes" && "$work/obj/lua" -e "_U=true" all.lua >"$work/testes.log" 2>&1) \
    || { tail -20 "$work/testes.log" >&2; echo "build.sh: Lua's test suite failed on the instrumented build" >&2; exit 1; }
done

echo "build.sh: pass 2, optimised with the profile"
rm -f "$work"/obj/*.o "$work/obj/liblua54.so"
build -fprofile-use -fprofile-partial-training -Wno-missing-profile
# The finished library must pass the same suite.
gcc -O2 -DLUA_USE_POSIX -I"$source_dir" "$source_dir/lua.c" -o "$work/obj/lua" -L"$work/obj" -llua54 -lm -ldl -Wl,-rpath,"$work/obj"
(cd "$source_dir/testes" && "$work/obj/lua" -e "_U=true" all.lua >"$work/testes.log" 2>&1) \
  || { tail -20 "$work/testes.log" >&2; echo "build.sh: Lua's test suite failed on the optimised build" >&2; exit 1; }

mkdir -p "$here/linux-x64"
strip --strip-unneeded -o "$here/linux-x64/liblua54.so" "$work/obj/liblua54.so"
echo "build.sh: wrote $here/linux-x64/liblua54.so ($(git -C "$source_dir" describe --always --tags 2>/dev/null || echo 'source not a git checkout'), $(gcc --version | head -1))"
