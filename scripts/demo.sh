#!/usr/bin/env bash
# Set up (if needed) and run the main job on the bundled sample: code the demo articles, print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/dyads demo "$@"
