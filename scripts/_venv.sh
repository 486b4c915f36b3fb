# Sourced by the scripts: a virtualenv on a supported Python (3.11 to 3.13) with the project installed.
# PYTHON picks the interpreter (a path, or a name such as python3.13, looked up on PATH and then
# among pyenv's versions); by default the first of python3.11, python3.13, python3.12 found.
# Its virtualenv is .venv for 3.11 and .venv-3.N for 3.N (VENV overrides), so versions sit side by side.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

_find_python() {  # a name or path -> an executable path, or nothing
  if command -v "$1" >/dev/null 2>&1 && "$(command -v "$1")" -c '' >/dev/null 2>&1; then
    command -v "$1"
    return
  fi
  local version="${1#python}" candidate
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version"*/bin/"$1"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  return 0
}

if [ -n "${PYTHON:-}" ]; then
  _python="$(_find_python "$PYTHON")"
  [ -n "$_python" ] || { echo "PYTHON=$PYTHON: no such interpreter" >&2; exit 1; }
else
  _python=""
  for _name in python3.11 python3.13 python3.12; do
    _python="$(_find_python "$_name")"
    [ -n "$_python" ] && break
  done
  [ -n "$_python" ] || { echo "Python 3.11, 3.12 or 3.13 is needed; set PYTHON=/path/to/python3.N" >&2; exit 1; }
fi
_version="$("$_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$_version" in
  3.11 | 3.12 | 3.13) ;;
  *) echo "$_python is Python $_version; the project runs on 3.11 to 3.13" >&2; exit 1 ;;
esac
if [ -z "${VENV:-}" ]; then
  if [ "$_version" = 3.11 ]; then VENV=.venv; else VENV=".venv-$_version"; fi
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV with Python $_version ($_python)" >&2
  "$_python" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "installing the project and its dependencies into $VENV (first start, or pyproject.toml changed: a minute or two)" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e '.[test]'
  rm -f "$VENV"/.installed-* && touch "$stamp"
  echo "installed" >&2
fi
export VENV
export PATH="$PWD/$VENV/bin:$PATH"
unset _python _version _name
