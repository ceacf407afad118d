# Sourced by bench_prove.sh and bench_settle.sh.
# measure OUT_PREFIX cmd...: runs cmd under GNU time, leaves its output in OUT_PREFIX.out and the wall
# seconds and peak RSS (MB) in OUT_PREFIX.{wall,rss}; on failure prints the tails and returns 1.
measure() {
  local prefix=$1
  shift
  /usr/bin/time -v "$@" >"$prefix.out" 2>"$prefix.time" || { tail -5 "$prefix.out" "$prefix.time" >&2; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' \
    "$prefix.time" >"$prefix.wall"
  awk -F': ' '/Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$prefix.time" >"$prefix.rss"
}
