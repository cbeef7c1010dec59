#!/usr/bin/env bash
# The test command (npm test): type-check, then unit tests, and every database and API test on
# PGlite, and on PostgreSQL too when ATLAS_TEST_POSTGRES_URL names a server (CI sets it). One run.
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/tsc --noEmit -p .
node bin/perinatal-atlas.js check-data
node --import tsx test/prepare.ts
files=(test/unit/*.test.ts test/db/*.test.ts test/browser/*.test.ts)
exec node --import tsx --test --test-concurrency=2 "${files[@]}"
