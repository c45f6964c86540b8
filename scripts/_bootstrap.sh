# Sourced by scripts/demo and scripts/test: installs uv (pinned) if needed and the locked environment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! python3 -m uv --version >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
UV="python3 -m uv"
$UV sync --frozen --quiet
