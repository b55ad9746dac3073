#!/usr/bin/env bash
# Benchmark of `dotnet schemadrift verify --no-build` on the sample application, with
# `dotnet ef migrations list --no-build` on the same database as the yardstick, in one run.
#   build/bench/verify-benchmark.sh [RUNS=5]
# The tool is published as its linux package ships it (Release, a native executable).
# cold: nothing cached (MSBuild and the design-time host run, the migrations are replayed on a throwaway shadow
#       cluster started for the run);
# host: the expected schema is cached in the project's obj/schemadrift, the host's answers are not
#       (obj/schemadrift/host removed): MSBuild and the host run;
# warm: everything cached: neither MSBuild nor the host runs; once for one database, once for the sample's three
#       environments of schemadrift.json (dev, staging, production: three databases).
# "host started" is read from each run's --verbose output.
# Writes build/out/bench/verify.md (a Markdown table) and prints it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d /tmp/schemadrift-bench.XXXXXX)"
results="$root/build/out/bench"
project="$root/samples/ShopApp"
mkdir -p "$results"
# shellcheck source=../lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "publishing the tool (Release, $rid, as its package ships) and building the sample (Debug, as dotnet ef uses it)"
dotnet publish "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -r "$rid" --nologo -v quiet -o "$work/tool" >/dev/null
dotnet build "$project/ShopApp.csproj" --nologo -v quiet >/dev/null
(cd "$root" && dotnet tool restore >/dev/null)
tool=("$work/tool/dotnet-schemadrift")

pg_start "$work"
for db in bench_shop bench_dev bench_staging bench_production; do
  psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  (cd "$project" && SHOP_DB="$(pg_npgsql "$db")" dotnet ef database update --no-build >/dev/null)
done
export SHOP_DB SHOP_DEV_DB SHOP_STAGING_DB SHOP_PRODUCTION_DB
SHOP_DB="$(pg_npgsql bench_shop)"
SHOP_DEV_DB="$(pg_npgsql bench_dev)"
SHOP_STAGING_DB="$(pg_npgsql bench_staging)"
SHOP_PRODUCTION_DB="$(pg_npgsql bench_production)"
cache="$project/obj/schemadrift"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
seconds() { /usr/bin/time -f "%e" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; tail -n 1 "$work/time"; }
# A verify run of row $1 (its time in $work/$1, whether the host started in $work/$1.host); the rest is verify's arguments.
verify() {
  local row="$1"
  shift
  (cd "$project" && seconds "${tool[@]}" verify --no-build --verbose "$@") >>"$work/$row"
  if grep -q "host answered 'migrations'" "$work/err"; then echo yes >>"$work/$row.host"; else echo no >>"$work/$row.host"; fi
}
expect() { grep -q "$1" "$work/err" || { echo "$2" >&2; cat "$work/err" >&2; exit 1; }; }
started() { sort -u "$work/$1.host" | paste -sd/ -; }

echo "timing $runs runs each, interleaved"
for row in ef cold host warm warm3; do : >"$work/$row"; : >"$work/$row.host"; done
for _ in $(seq "$runs"); do
  (cd "$project" && seconds dotnet ef migrations list --no-build) >>"$work/ef"
  grep -q "AddRefundedOrderStatus" "$work/out" || { echo "dotnet ef migrations list printed no migrations" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
  rm -rf "$cache"
  verify cold --connection "$SHOP_DB"
  rm -rf "$cache/host"
  verify host --connection "$SHOP_DB"
  expect "expected schema from the cache" "the host run did not use the expected-schema cache"
  verify warm --connection "$SHOP_DB"
  expect "host not started" "the warm run started the host"
  verify warm3 --all
  expect "host not started" "the warm run of three environments started the host"
  [[ "$(grep -c "clean; migrations" "$work/err")" == 3 ]] || { echo "three clean environments expected" >&2; cat "$work/err" >&2; exit 1; }
done

ef="$(median <"$work/ef")"
ratio() { awk -v a="$1" -v b="$ef" 'BEGIN {printf "%.2f", a / b}'; }
row() { local m; m="$(median <"$work/$2")"; echo "| $1 | $m | $(ratio "$m") | $(started "$2") | $3 |"; }
{
  echo "| measure (ShopApp, 7 migrations, median of $runs runs) | seconds | ratio to ef | host started | target |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| \`dotnet ef migrations list --no-build\` | $ef | 1.00 | yes (ef's own) | yardstick |"
  row "\`verify --no-build\`, cold (MSBuild and host run, shadow cluster started, migrations replayed)" cold "≤ 3"
  row "\`verify --no-build\`, expected schema cached, host answers not" host "≤ 1"
  row "\`verify --no-build\`, warm (everything cached), one database" warm "< 1.5 s"
  row "\`verify --no-build --all\`, warm, three environments (dev, staging, production)" warm3 "< 1.5 s"
} | tee "$results/verify.md"
