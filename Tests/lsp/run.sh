#!/usr/bin/env bash
# Runs the real-client test of `mark lsp` (test_mark_lsp.py) with pytest-lsp. Skips, saying why,
# when python3 or pytest-lsp is missing; .ci/run installs pytest-lsp first. Writes nothing into
# the repository (no bytecode, no pytest cache).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v python3 > /dev/null; then
  echo "lsp client test skipped: python3 is not installed"
  exit 0
fi
if ! python3 -c 'import pytest_lsp' 2> /dev/null; then
  echo "lsp client test skipped: pytest-lsp is not installed (python3 -m pip install pytest-lsp)"
  exit 0
fi
export PYTHONDONTWRITEBYTECODE=1
exec python3 -m pytest -q -p no:cacheprovider -o asyncio_mode=auto -o asyncio_default_fixture_loop_scope=function Tests/lsp "$@"
