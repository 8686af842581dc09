#!/usr/bin/env bash
# Where MlGuard's analysis time goes, in CPU samples (robust to a busy machine, unlike wall-clock telemetry):
# runs `telemetry N` under `perf record -g` with the runtime's perf map, and attributes every sample taken inside
# MlGuard's code (its callbacks run through SafeAnalysis.Wrap) to the analyzer, to the kind of callback (per operation, per type end,
# compilation end) and to the innermost MlGuard method. Compare two builds by running it for each, alternately.
# Usage: tests/MlGuard.Benchmarks/perf-callbacks.sh [files=2000] [top=25]   (needs perf and python3)
# PERF_KEEP=file keeps the decoded samples (perf script output) for a closer look.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
files="${1:-2000}"; top="${2:-25}"
work="$(mktemp -d)"
dotnet build "$repo/tests/MlGuard.Benchmarks" -c Release -v:q -nologo > "$work/build.log"
dll="$(ls "$repo"/tests/MlGuard.Benchmarks/bin/Release/*/MlGuard.Benchmarks.dll | head -1)"
DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapEnabled=1 perf record -q -F 999 -g -o "$work/perf.data" dotnet "$dll" telemetry "$files" | tail -6
perf script -i "$work/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null > "$work/perf.txt"
python3 - "$work/perf.txt" "$top" <<'PY'
import collections, re, sys
samples, current = [], []
for line in open(sys.argv[1], errors="replace"):
    if not line.strip():
        if current: samples.append(current); current = []
    elif not line[0].isspace():
        if current: samples.append(current)
        current = [line.strip()]
    else:
        current.append(line.strip())
if current: samples.append(current)
def name(frame): return re.sub(r"\(.*", "", frame).split("] ")[-1][-100:]
inside, analyzers, phases, innermost = 0, collections.Counter(), collections.Counter(), collections.Counter()
for sample in samples:
    frames = sample[1:]
    own = [i for i, f in enumerate(frames) if "[MlGuard.Analyzers]" in f]
    if not own: continue
    inside += 1
    # Tier-1 code with dynamic PGO may inline the SafeAnalysis wrapper away: then the outermost MlGuard frame is the entry.
    wraps = [i for i in own if "MlGuard.Infrastructure.SafeAnalysis" in frames[i]]
    outer = wraps[-1] if wraps else own[-1] + 1
    entry = name(frames[outer - 1]) if outer > 0 else "?"
    analyzers["critical code + call graph" if ("Critical" in entry or "CallGraph" in entry) else
              "provenance (MLG1xxx, MLG2xxx)" if ("Provenance" in entry or "FlowScope" in entry) else entry[:70]] += 1
    kind = re.search(r"Diagnostics\.(\w+AnalysisContext)", frames[outer]) if outer < len(frames) else None
    phases[(kind.group(1) if kind else "?") + " :: " + entry] += 1
    innermost[name(frames[own[0]])] += 1
print(f"samples: {len(samples)}; inside MlGuard callbacks: {inside} ({100 * inside / max(1, len(samples)):.2f} %, about {inside / 999:.2f} CPU s)")
for title, counter in (("by analyzer", analyzers), ("by callback", phases), ("by innermost MlGuard method", innermost)):
    print(f"-- {title}")
    for key, count in counter.most_common(int(sys.argv[2])): print(f"{count:7d}  {key}")
PY
[ -n "${PERF_KEEP:-}" ] && cp "$work/perf.txt" "$PERF_KEEP"
rm -rf "$work"
