#!/bin/sh
# Regenerate ts_verdicts.json with the TypeScript compiler (needs node and npm; the
# tests do not). Usage: tests/data/contracts/oracle/make_ts_verdicts.sh [TS_VERSION]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm install --silent --prefix "$tmp" "typescript@${1:-5.9.3}" >/dev/null
node "$here/ts_oracle.cjs" "$tmp/node_modules/typescript" "$here/../typescript" >"$here/ts_verdicts.json"
echo "wrote $here/ts_verdicts.json"
