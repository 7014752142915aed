#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, then lint, format check, type check and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks tools
.venv/bin/ruff format --check src tests benchmarks tools
.venv/bin/mypy
.venv/bin/pytest -q "$@"
