#!/usr/bin/env bash
# Benchmark of `dotnet schemadrift diff` on a large synthetic schema, with `pg_dump --schema-only` as the yardstick.
#   build/bench/diff-benchmark.sh [TABLES=2000] [RUNS=5]
# Writes build/out/bench/diff.md (a Markdown table) and prints it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tables="${1:-2000}"
runs="${2:-5}"
work="$(mktemp -d /tmp/schemadrift-bench.XXXXXX)"
results="$root/build/out/bench"
mkdir -p "$results"
# shellcheck source=../lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

# As the tool package ships for this machine: a native executable (Native AOT; see SchemaDrift.Tool.csproj).
case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "publishing the tool (Release, $rid, native, as its package ships)"
dotnet publish "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -r "$rid" --nologo -v quiet -o "$work/tool" >/dev/null
tool=("$work/tool/dotnet-schemadrift")

pg_start "$work"
for db in bench_a bench_b bench_empty; do
  psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
echo "loading $tables tables twice (the second copy with drift)"
python3 "$root/build/bench/synthetic_schema.py" "$tables" | psql "$(pg_libpq bench_a)" -q -v ON_ERROR_STOP=1 >/dev/null
python3 "$root/build/bench/synthetic_schema.py" "$tables" --drift | psql "$(pg_libpq bench_b)" -q -v ON_ERROR_STOP=1 >/dev/null
psql "$(pg_libpq bench_a)" -qc "VACUUM ANALYZE" && psql "$(pg_libpq bench_b)" -qc "VACUUM ANALYZE"
from="$(pg_npgsql bench_a)"
to="$(pg_npgsql bench_b)"
empty="$(pg_npgsql bench_empty)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "timing $runs runs each"
: >"$work/cmd" ; : >"$work/snap" ; : >"$work/diff" ; : >"$work/rss" ; : >"$work/dump" ; : >"$work/single" ; : >"$work/cpu" ; : >"$work/dumprss"
# One timed `diff` of the two databases: wall time, peak memory, client CPU, and the command's own timing lines.
time_diff() {
  set +e
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "${tool[@]}" diff --from "$from" --to "$to" --unsafe --verbose \
    --sql "$work/out.sql" 2>"$work/err"
  code=$?
  set -e
  [[ $code -le 2 ]] || { cat "$work/err" >&2; exit 1; }
  # /usr/bin/time writes "Command exited with non-zero status N" first when the diff finds differences.
  read -r seconds kb user system < <(tail -n 1 "$work/time")
  echo "$seconds" >>"$work/cmd"
  echo "$kb" >>"$work/rss"
  awk -v u="$user" -v s="$system" 'BEGIN {print u + s}' >>"$work/cpu"
  sed -n 's/.*timing: snapshot \([0-9.]*\) ms, diff \([0-9.]*\) ms.*/\1 \2/p' "$work/err" >"$work/t"
  read -r snap diff <"$work/t"
  echo "$snap" >>"$work/snap"
  echo "$diff" >>"$work/diff"
}

time_dump() {
  /usr/bin/time -f "%e %M" -o "$work/time" pg_dump --schema-only "$(pg_libpq bench_a)" -f /dev/null
  read -r seconds kb < <(tail -n 1 "$work/time")
  echo "$seconds" >>"$work/dump"
  echo "$kb" >>"$work/dumprss"
}

for round in $(seq "$runs"); do
  # Which of the two runs first alternates: on a virtual machine a run's pace depends on what ran just before it
  # (memory the previous process freed is cheaper to touch again), and a fixed order would favour one side.
  if (( round % 2 )); then time_diff; time_dump; else time_dump; time_diff; fi
  # One database alone: diff against an empty database, so the snapshot time is that of bench_a.
  "${tool[@]}" diff --from "$from" --to "$empty" --unsafe --verbose --sql /dev/null 2>"$work/err1" || true
  sed -n 's/.*timing: snapshot \([0-9.]*\) ms.*/\1/p' "$work/err1" >>"$work/single"
done

changes="$(grep -c '^' "$work/out.sql" || true)"
cmd="$(median <"$work/cmd")"
dump="$(median <"$work/dump")"
{
  echo "| measure ($tables tables, median of $runs runs) | value | target |"
  echo "| --- | --- | --- |"
  echo "| snapshot of one database, ms | $(median <"$work/single") | < 1000 |"
  echo "| snapshot of both databases (read concurrently), ms | $(median <"$work/snap") | |"
  echo "| diff (compare + plan), ms | $(median <"$work/diff") | < 200 |"
  echo "| whole \`diff\` command, s | $cmd | ≤ 1 × pg_dump |"
  echo "| \`pg_dump --schema-only\` of one database, s | $dump | yardstick |"
  echo "| ratio command / pg_dump | $(awk -v a="$cmd" -v b="$dump" 'BEGIN {printf "%.2f", a / b}') | ≤ 1 |"
  echo "| client CPU of the whole \`diff\` (user + system), s | $(median <"$work/cpu") | |"
  echo "| peak memory (max RSS), MB | $(awk '{printf "%.0f\n", $1 / 1024}' "$work/rss" | median) | ≤ 250 (2,000 tables), ≤ 2 × pg_dump |"
  echo "| \`pg_dump --schema-only\` peak memory, MB | $(awk '{printf "%.0f\n", $1 / 1024}' "$work/dumprss" | median) | yardstick |"
  echo "| lines of DDL generated | $changes | |"
} | tee "$results/diff.md"
