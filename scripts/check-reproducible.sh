#!/usr/bin/env bash
# Builds the committed HEAD twice, each in a fresh clone, and checks that every jar is byte-identical.
# Usage: scripts/check-reproducible.sh [extra mvn args...]
# Exits 0 when all jars match, 1 with the differing jars listed otherwise.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/promonitor-repro.XXXXXX")"
trap 'rm -rf "$work"' EXIT

commit="$(git -C "$repo" rev-parse HEAD)"
echo "Building $commit twice in $work"
for build in first second; do
  git clone -q --no-local "$repo" "$work/$build"
  git -C "$work/$build" checkout -q "$commit"
  (cd "$work/$build" && mvn -B -ntp -q -DskipTests "$@" package)
done

checksums() {
  (cd "$work/$1" && find . -path '*/target/*' -name '*.jar' -type f -print0 | sort -z | xargs -0 sha256sum)
}
checksums first > "$work/first.sha256"
checksums second > "$work/second.sha256"

count="$(wc -l < "$work/first.sha256")"
if [ "$count" -eq 0 ]; then
  echo "no jars were built" >&2
  exit 1
fi
if diff -u "$work/first.sha256" "$work/second.sha256" > "$work/diff"; then
  echo "reproducible: all $count jars are byte-identical"
  exit 0
fi
echo "NOT reproducible: these jars differ between the two builds:" >&2
diff <(awk '{print $2, $1}' "$work/first.sha256") <(awk '{print $2, $1}' "$work/second.sha256") \
  | awk '/^[<>]/ {print $2}' | sort -u >&2
exit 1
