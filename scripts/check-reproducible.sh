#!/usr/bin/env bash
# Builds the committed HEAD twice, each in a fresh clone, and checks that every jar is byte-identical,
# and that the distribution tar.gz holds the same entries (names, modes, times) with the same bytes,
# except its class-data archive lib/promonitor.jsa.
# That archive is left out on purpose: the JVM writes it at the exit of the build's training run, and
# it holds addresses, the training run's timings and the exact JVM build, so no two builds make the
# same bytes. It is a cache that only makes the start faster, never changes what runs (a JVM that
# cannot use it starts without it), so the tar.gz that carries it differs too, and this script checks
# what is inside it instead.
# Usage: scripts/check-reproducible.sh [extra mvn args...]
# Exits 0 when all match, 1 with the differing files listed otherwise.
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
  # The distribution: every entry's listing, and the bytes of every file but the archive.
  for tarball in "$work/$1"/monitor-runner/target/promonitor-*.tar.gz; do
    [ -f "$tarball" ] || continue
    name="${tarball#"$work/$1/"}"
    tar -tvzf "$tarball" | grep -v "/lib/promonitor.jsa$" | LC_ALL=C sort | sed "s|^|$name: |"
    tar -xzf "$tarball" --wildcards --exclude='*/lib/promonitor.jsa' -O | sha256sum | sed "s|-\$|$name (contents without the archive)|"
  done
}
checksums first > "$work/first.sha256"
checksums second > "$work/second.sha256"

count="$(wc -l < "$work/first.sha256")"
if [ "$count" -eq 0 ]; then
  echo "no jars were built" >&2
  exit 1
fi
if diff -u "$work/first.sha256" "$work/second.sha256" > "$work/diff"; then
  echo "reproducible: all $count jars and distribution entries match (the class-data archive aside)"
  exit 0
fi
echo "NOT reproducible: these differ between the two builds:" >&2
grep '^[-+][^-+]' "$work/diff" >&2
exit 1
