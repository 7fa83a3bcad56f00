#!/usr/bin/env bash
# A real Jest run of taskcontext/jest (not part of npm test: Jest is not a
# dependency of this repository). Installs jest and babel-jest, pinned, into a
# temp folder, links node_modules/taskcontext to this repository (run
# `npm run build` first), and runs trace.test.js twice: with taskcontext/jest
# both tests pass; with babel-jest alone the context test fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here"/trace.test.js "$here"/jest.config.js "$here"/jest.plain.config.js "$work"/
cd "$work"
echo '{ "name": "jest-real", "private": true }' > package.json
npm install --no-audit --no-fund --silent --save-exact jest@30.2.0 babel-jest@30.2.0
ln -s "$repo" node_modules/taskcontext
echo '== with taskcontext/jest (expect: 2 passed)'
npx jest --no-cache --ci
echo '== babel-jest alone (expect: the context test fails)'
if npx jest --no-cache --ci -c jest.plain.config.js; then
  echo 'babel-jest alone kept the context: the check proves nothing' >&2
  exit 1
fi
echo 'OK: kept with taskcontext/jest, lost without'
