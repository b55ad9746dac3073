#!/usr/bin/env bash
# Benchmark of the design-time host on a large application (build/bench/large_app.py: N migrations made by the real
# `dotnet ef migrations add`), with `dotnet ef migrations list --no-build` on the same migrated database and
# `dotnet ef migrations script --no-build` (every migration's SQL, what checksums need) as yardsticks, in one run.
#   build/bench/host-benchmark.sh APP_DIR [RUNS=5] [BEFORE_TOOL_DLL]
# The tool is published framework-dependent with ReadyToRun code (Release), so that another build can be compared
# as a dll: the host's time is what is measured, not the tool's start. With BEFORE_TOOL_DLL (another build of
# dotnet-schemadrift.dll, e.g. of an earlier commit), every row is measured for both, interleaved, side by side.
# Rows (the expected schema always cached): verify --no-build with nothing of the host cached (obj/schemadrift/host
# removed: MSBuild and the host run; verify asks for the model, not the designer changes); warm (everything cached);
# status --no-build with nothing of the host cached (the migrations and their SQL only); lint --all --no-build with
# nothing cached (every designer file diffed, every operation's SQL generated alone) and as after a rebuild (the
# answer and the project facts removed, each migration's designer changes kept). Then the host's own phases (its
# --verbose "timing:" line), medians. The load average is printed before and after.
# Writes build/out/bench/host.md (Markdown tables) and prints it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app="$(cd "${1:?usage: host-benchmark.sh APP_DIR [RUNS] [BEFORE_TOOL_DLL]}" && pwd)"
runs="${2:-5}"
before="${3:-}"
work="$(mktemp -d /tmp/schemadrift-bench.XXXXXX)"
results="$root/build/out/bench"
mkdir -p "$results"
# shellcheck source=../lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "publishing the tool (Release, ReadyToRun, $rid)"
dotnet publish "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -r "$rid" --self-contained false \
  -p:PublishAot=false -p:PublishReadyToRun=true --nologo -v quiet -o "$work/tool" >/dev/null
tools=(after)
declare -A dll=([after]="$work/tool/dotnet-schemadrift.dll")
if [[ -n "$before" ]]; then
  tools=(before after)
  dll[before]="$(cd "$(dirname "$before")" && pwd)/$(basename "$before")"
fi
# A tool built before lint existed has no lint rows ("-").
declare -A lints=()
for tool in "${tools[@]}"; do
  if dotnet "${dll[$tool]}" --help 2>&1 | grep -qw lint; then lints[$tool]=1; fi
done
migrations="$(find "$app/Migrations" -name '*.cs' ! -name '*.Designer.cs' ! -name '*ModelSnapshot.cs' | wc -l)"

pg_start "$work"
psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS bench_large" -c "CREATE DATABASE bench_large"
export LARGEAPP_DB
LARGEAPP_DB="$(pg_npgsql bench_large)"
echo "migrating the database with dotnet ef ($migrations migrations)"
(cd "$app" && dotnet tool restore >/dev/null && dotnet ef database update --no-build >/dev/null)

# A file's lines; none for a row that was not run (a tool without lint).
kept() { if [[ -f "$1" ]]; then cat "$1"; fi; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# Times a command; an exit code above $allowed (0 unless set: lint exits 2 for its findings) stops the benchmark.
seconds() {
  local code=0
  /usr/bin/time -f "%e" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || code=$?
  (( code <= ${allowed:-0} )) || { cat "$work/err" >&2; exit 1; }
  tail -n 1 "$work/time"
}
# One run of row $1 with tool $2; the rest is the tool's arguments. Keeps the time, the host's time and its phases.
run() {
  local row="$1" tool="$2"
  shift 2
  local allowed=0
  [[ "$1" == lint ]] && allowed=2
  (cd "$app" && seconds dotnet "${dll[$tool]}" "$@" --no-build --verbose) >>"$work/$row.$tool"
  sed -n "s/.*host answered 'migrations' in \([0-9.]*\) s.*/\1/p" "$work/err" >>"$work/$row.$tool.host"
  grep -q "host answered 'migrations'" "$work/err" || echo 0 >>"$work/$row.$tool.host"
  sed -n 's/^host: timing: //p' "$work/err" | tr ',' '\n' | sed -n 's/^ *\(.*\) \([0-9]*\) ms$/\1\t\2/p' >>"$work/$row.$tool.phases"
}

echo "filling the expected-schema cache (one verify per tool; the migrations are replayed once)"
for tool in "${tools[@]}"; do
  (cd "$app" && dotnet "${dll[$tool]}" verify --no-build --connection "$LARGEAPP_DB" --shadow "$PG_ADMIN" >/dev/null 2>&1) || true
done

echo "timing $runs runs each, interleaved"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/ef" ; : >"$work/efscript"
for _ in $(seq "$runs"); do
  (cd "$app" && seconds dotnet ef migrations list --no-build) >>"$work/ef"
  grep -q "Step" "$work/out" || { echo "dotnet ef migrations list printed no migrations" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
  (cd "$app" && seconds dotnet ef migrations script --no-build -o "$work/script.sql") >>"$work/efscript"
  for tool in "${tools[@]}"; do
    rm -rf "$app/obj/schemadrift/host"
    run verify "$tool" verify --connection "$LARGEAPP_DB" --shadow "$PG_ADMIN"
    run warm "$tool" verify --connection "$LARGEAPP_DB" --shadow "$PG_ADMIN"
    rm -rf "$app/obj/schemadrift/host"
    run status "$tool" status --connection "$LARGEAPP_DB"
    [[ -n "${lints[$tool]:-}" ]] || continue
    rm -rf "$app/obj/schemadrift/host"
    run lint "$tool" lint --all
    # As after a rebuild: the answer and the project facts are gone, each migration's designer changes are kept.
    rm -f "$app"/obj/schemadrift/host/answer-* "$app"/obj/schemadrift/host/facts-*
    run rebuilt "$tool" lint --all
  done
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
ef="$(median <"$work/ef")"
efscript="$(median <"$work/efscript")"
{
  header="| measure ($migrations migrations, median of $runs runs) |"
  rule="| --- |"
  for tool in "${tools[@]}"; do header+=" $tool: seconds | $tool: host process |"; rule+=" --- | --- |"; done
  echo "$header"
  echo "$rule"
  line="| \`dotnet ef migrations list --no-build\` (yardstick) |"
  for _ in "${tools[@]}"; do line+=" $ef | (its own) |"; done
  echo "$line"
  line="| \`dotnet ef migrations script --no-build\` (the SQL of every migration, as checksums need it) |"
  for _ in "${tools[@]}"; do line+=" $efscript | (its own) |"; done
  echo "$line"
  for row in verify warm status lint rebuilt; do
    case "$row" in
      verify) label="\`verify --no-build\`, nothing of the host cached (expected schema cached)" ;;
      warm) label="\`verify --no-build\`, warm (host answer cached)" ;;
      status) label="\`status --no-build\`, nothing of the host cached" ;;
      lint) label="\`lint --all --no-build\`, nothing of the host cached (designer changes, operations)" ;;
      rebuilt) label="\`lint --all --no-build\`, as after a rebuild (designer changes cached, answer not)" ;;
    esac
    line="| $label |"
    for tool in "${tools[@]}"; do line+=" $(kept "$work/$row.$tool" | median) | $(kept "$work/$row.$tool.host" | median) |"; done
    echo "$line"
  done
  echo
  echo "Load average (1, 5, 15 min) before the timed runs: $load_before; after: $load_after ($(nproc) cores)."
  echo
  echo "| host phase, ms (median) |$(for tool in "${tools[@]}"; do printf ' %s verify | %s status | %s lint | %s lint rebuilt |' "$tool" "$tool" "$tool" "$tool"; done)"
  echo "| --- |$(for _ in "${tools[@]}"; do printf ' --- | --- | --- | --- |'; done)"
  for file in "$work"/lint.*.phases "$work"/*.phases; do kept "$file"; done | cut -f1 | awk '!seen[$0]++' | while read -r phase; do
    line="| $phase |"
    for tool in "${tools[@]}"; do
      for row in verify status lint rebuilt; do
        value="$(kept "$work/$row.$tool.phases" | awk -F'\t' -v p="$phase" '$1 == p {print $2}' | median)"
        line+=" $value |"
      done
    done
    echo "$line"
  done
} | tee "$results/host.md"
