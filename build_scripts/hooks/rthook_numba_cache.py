"""PyInstaller runtime hook: give numba a writable on-disk cache before anything imports numba.

The kernels in core/engine/kernel.py and core/surfaces/native.py are compiled with ``cache=True``. From source,
numba caches beside the code in __pycache__; in the bundle that folder may be read-only (a system-wide
install, a macOS .app), so ``NUMBA_CACHE_DIR`` is pointed at the user's cache folder:

    Linux    $XDG_CACHE_HOME/losslab/numba   (default ~/.cache/losslab/numba)
    macOS    ~/Library/Caches/losslab/numba
    Windows  %LOCALAPPDATA%\\losslab\\numba

A value the user already set is kept. If the folder cannot be created or written, a per-user folder in the
temp directory is used instead: numba refuses to decorate a ``cache=True`` function when it finds no writable
cache location, so the app must never start without one.
"""

import os
import sys


def user_cache_folder(platform: str = sys.platform) -> str:
    home = os.path.expanduser("~")
    if platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    elif platform == "darwin":
        base = os.path.join(home, "Library", "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "losslab", "numba")


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def choose_numba_cache_dir() -> str:
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    folder = user_cache_folder()
    if not _writable(folder):
        import tempfile  # only on this rare path: every import here delays every start

        user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
        folder = os.path.join(tempfile.gettempdir(), f"losslab-{user}", "numba")
        _writable(folder)
    return folder


os.environ["NUMBA_CACHE_DIR"] = choose_numba_cache_dir()
