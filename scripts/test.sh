#!/usr/bin/env bash
# The one test command: builds everything (library, executables, test bundles), then runs every test.
# Extra arguments go to `swift test` (e.g. `scripts/test.sh --filter CorpusConformance`); the exit
# status is swift test's. The corpus conformance test runs the built `netvet` executable, which is why
# the build step builds all products, not just the test targets.
set -euo pipefail

cd "$(dirname "$0")/.."

# Style first (STYLE.md §8): a lint failure is cheap to find and fails the run before the long build.
echo "test.sh: + swift format lint --strict -r Package.swift Sources Tests"
swift format lint --strict -r Package.swift Sources Tests

echo "test.sh: + swift build --build-tests"
swift build --build-tests

echo "test.sh: + swift test $*"
status=0
swift test "$@" || status=$?
echo "test.sh: swift test exited with status $status"
exit "$status"
