#!/usr/bin/env bash
# check-generated.sh CMD…: run the generators (CMD) and fail if they changed any generated
# file in the working tree — the committed output must be what the generators produce.
set -euo pipefail
paths=(ent migrations/sqlite migrations/postgres openapi frontend/src/api/schema.d.ts)
snapshot() { find "${paths[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; }
before=$(snapshot)
"$@" >/dev/null
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "Generated files are out of date; run 'make generate' and commit the result:" >&2
  diff <(echo "$before") <(echo "$after") | grep '^[<>]' | awk '{print "  " $3}' | sort -u >&2
  exit 1
fi
echo "generated files are up to date"
