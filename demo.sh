#!/usr/bin/env bash
# The README's first command: build moglm and run its main job on bundled data.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
bin/moglm demo "$@"
