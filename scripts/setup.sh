#!/usr/bin/env bash
# Set up vanban on a fresh Debian/Ubuntu machine: system tools, a Python 3.11 venv, the package.
# Idempotent and quick when nothing changed (a stamp records the inputs it was run with).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui poppler-utils fonts-dejavu-core chromium)
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

stamp_inputs() { cat pyproject.toml scripts/setup.sh; "$PY" --version; }
want=$(stamp_inputs | sha256sum | cut -d' ' -f1)
if [[ -f .setup-stamp && "$(cat .setup-stamp)" == "$want" && -x .venv/bin/vanban ]]; then
  exit 0
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "vanban setup: installing system packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), "vanban needs Python 3.11"'
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
echo "$want" > .setup-stamp
echo "vanban setup: done"
