# Sourced by the scripts: make sure .venv exists and holds baokan with its dev extra.
# Reinstalls only when pyproject.toml changed since the last install.
VENV="${BAOKAN_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "baokan: creating $VENV" >&2
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.baokan-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! "$VENV/bin/python" -c "import baokan" 2>/dev/null; then
  echo "baokan: installing baokan[dev,ray] into $VENV" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[dev,ray]" >&2
  echo "$want" > "$stamp"
fi
