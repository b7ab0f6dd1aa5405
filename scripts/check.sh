#!/usr/bin/env bash
# What CI checks, minus the clean install: type-check, lint, schema drift, the tests on SQLite, and
# on PostgreSQL when TEST_DATABASE_URL is set. Ends with one line:
# "tests: N passed, N failed[, N skipped]". `npm run check` runs it; .ci/run runs it after installing.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
step() { echo; echo "== $*"; }
results=()

# The generated clients follow the schemas: a client left from before a migration would make the
# type-check (and the tests) judge the code against a data model that no longer exists.
step "Prisma clients from the schemas"
npm run --silent db:generate || status=1

step "type-check"
npx tsc -p . --noEmit || status=1

step "lint (Biome: format and rules)"
npm run --silent lint || status=1

step "schemas in step"
npm run --silent db:schemas -- --check || status=1

step "tests on SQLite"
TEST_DATABASES=sqlite npx vitest run --reporter=default --reporter=json --outputFile=.vitest-results-sqlite.json || status=1
results+=(.vitest-results-sqlite.json)

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "tests on PostgreSQL ($TEST_DATABASE_URL)"
  TEST_DATABASES=postgresql npx vitest run --reporter=default --reporter=json --outputFile=.vitest-results-postgresql.json || status=1
  results+=(.vitest-results-postgresql.json)
else
  step "tests on PostgreSQL: skipped, TEST_DATABASE_URL is not set (TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run check)"
fi

summary=$(node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { failed += 1; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.success ? 0 : (r.numFailedTests === 0 ? 1 : 0));
    skipped += r.numPendingTests + r.numTodoTests;
  }
  process.stdout.write(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "${results[@]}")
rm -f "${results[@]}"
[[ "$summary" =~ ", 0 failed" ]] || status=1
echo
echo "$summary"
exit $status
