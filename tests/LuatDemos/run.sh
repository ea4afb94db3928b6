#!/usr/bin/env bash
# Runs every project of Luat's own demo folder (script_LuaTask/demo of openLuat/Luat_4G_RDA_8910, unmodified) on the
# virtual module and local cloud, and says which ran without a script error. Outside evidence: nobody here wrote
# these scripts. Not part of `dotnet test` (the demos are not in this repository and some reach the Internet).
#
#   git clone https://github.com/openLuat/Luat_4G_RDA_8910 /tmp/luat
#   tests/LuatDemos/run.sh /tmp/luat [seconds per demo, default 12]
#
# A demo counts as failed when the run exits non-zero (an error while loading, or an uncaught error: --no-restart)
# or a task logs an error (`[E]-[coroutine.resume]`). Demos that need hardware the PC lacks, or servers on the
# Internet, run as on a module with nothing attached or no route: that is not a script error.
set -euo pipefail
checkout=${1:?usage: run.sh <Luat_4G_RDA_8910 checkout> [seconds]}
seconds=${2:-12}
demos="$checkout/script_LuaTask/demo"
[ -d "$demos" ] || { echo "no script_LuaTask/demo in $checkout: give the path of a Luat_4G_RDA_8910 checkout" >&2; exit 2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$here/Host" -c Release -v q -nologo >/dev/null
luathost="$here/Host/bin/Release/net10.0/luathost"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each demo runs from its own copy, so device data folders (.luathost/) stay out of the checkout and apart.
(cd "$demos" && find . -name main.lua -printf '%h\n' | sort) > "$work/list"
run_one() {
  local index=$1 dir=$2
  mkdir -p "$work/$index" && cp -r "$demos/$dir/." "$work/$index/project"
  local rc=0
  (cd "$work/$index" && timeout $((seconds + 30)) "$luathost" run project --for "${seconds}s" --no-restart) \
    > "$work/$index/out" 2>&1 || rc=$?
  local first
  first=$(grep -a -m1 -E '^error run:|^lua: |\[E\]-\[coroutine.resume\]' "$work/$index/out" | cut -c1-140 || true)
  if [ "$rc" -ne 0 ] || [ -n "$first" ]; then echo "$index|FAIL|$dir|${first:-exit $rc}"; else echo "$index|ok|$dir|"; fi
}
export -f run_one; export work demos seconds luathost
nl -w1 -s'|' "$work/list" | tr '|' '\n' | xargs -d '\n' -n2 -P 3 bash -c 'run_one "$0" "$1"' | sort -t'|' -k1,1n > "$work/results"
awk -F'|' '{ printf "%-4s %-60s %s\n", $2, $3, $4 }' "$work/results"
total=$(wc -l < "$work/results"); ok=$(grep -c '|ok|' "$work/results" || true)
echo "$ok of $total demo projects ran without a script error (${seconds} s each)"
