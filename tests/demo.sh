#!/usr/bin/env bash
# `make demo`: a whole candidate session, end to end, with no human input.
# Start a problem, read the statement, validate the starter (it fails), put the
# reference solution in place (levels unlock one validation at a time), submit,
# print the report and the path of the HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
H="$PWD/.venv/bin/harness"
PROBLEM="${DEMO_PROBLEM:-kv-store}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/harness-demo.XXXXXX")
export HARNESS_HOME="${HARNESS_HOME:-$scratch/home}"
WS="$scratch/workspace"
# Bold headings on a terminal only: a pipe or a log file gets plain text (NO_COLOR too).
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
  step() { printf '\n==> %s\n' "$*"; }
fi

step "harness list"
"$H" list
step "harness start $PROBLEM --dir $WS"
"$H" start "$PROBLEM" --dir "$WS"
cd "$WS"
step "the statement of level 1"
cat statements/01-*.md
step "harness validate (the starter: expected to fail)"
"$H" validate || echo "(exit $?: tests failed, as expected for the starter)"

root=$("$H" show "$PROBLEM" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')
levels=$("$H" show "$PROBLEM" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["levels"]))')
step "put the reference solution in place ($root/solution)"
cp -R "$root/solution/." "$WS/"
for i in $(seq 1 "$levels"); do
  step "harness validate (round $i of $levels)"
  "$H" validate
done
step "harness status"
"$H" status
step "harness submit"
"$H" submit
step "harness history"
"$H" history
step "the HTML report"
"$H" report --html
echo
echo "demo finished: workspace $WS, state in $HARNESS_HOME"
