"""Atomic output files: written under a hidden temporary name in the target folder, renamed over the
target only when complete, so a failed, cancelled or killed save leaves the previous file untouched.

* The temporary is ``.NAME.XXXXXXXX.tmp`` (``.tmp.KIND`` for animations) beside NAME. While a save runs it
  holds an exclusive ``flock`` on its temporary; a save that was killed (``kill -9``, power loss) leaves
  its temporary unlocked, and the next save into that folder removes such leftovers — only names of this
  exact pattern, for the file types losslab writes, older than ``STALE_SECONDS`` and not locked.
* Saving through a symbolic link writes the file the link points to; the link stays a link.
* An existing file keeps its permission bits (a 0600 scene stays 0600); a new one gets 0666 & ~umask
  (unlike a bare mkstemp file, which is 0600).
* A process about to end at once (Ctrl-C on the command line) calls :func:`remove_active_temporaries`:
  every temporary is registered before it is created, and writers open it with :func:`open_temporary`,
  which never creates it again by its name, so a save on another thread cannot leave one behind.

:func:`read_regular_file` is the matching reader for files a user names: it refuses devices, pipes and
folders before opening them and never reads more than its limit.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.i18n import QT_TRANSLATE_NOOP, translate

try:  # POSIX; elsewhere stale temporaries are recognised by age alone
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None

STALE_SECONDS = 10.0  # a temporary untouched for this long and not locked belongs to a dead save
_OWN_TYPES = ("json", "png", "svg", "gif", "mp4", "csv")
_TEMP_PATTERN = re.compile(
    r"^\.(?P<name>.+\.(?:" + "|".join(_OWN_TYPES) + r"))\.[a-z0-9_]{8}\.tmp(?:\.(?:"
    + "|".join(_OWN_TYPES) + r"))?$", re.IGNORECASE)


def _read_umask() -> int:
    # os.umask can only be read by setting it; do that once, at import, rather than on every write
    # (a file another thread created in between would get mode 0666).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
_ACTIVE: set[Path] = set()  # temporaries of the saves running now (see remove_active_temporaries)
# Held while a temporary is registered and created, and by remove_active_temporaries: a save on another
# thread is then either refused or has a registered file that gets removed. Re-entrant: the Ctrl-C handler
# runs on the main thread, which may be inside a save of its own.
_ACTIVE_LOCK = threading.RLock()
_ENDING = False  # set by remove_active_temporaries: no new temporary from then on
_CREATE_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def is_own_temporary(name: str) -> bool:
    """True for a file name of the pattern :func:`atomic_target` gives its temporaries."""
    return _TEMP_PATTERN.match(name) is not None


def remove_stale_temporaries(folder: str | os.PathLike, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporaries that killed saves left in ``folder``: names of losslab's own pattern,
    unmodified for ``older_than`` seconds and not locked by a running save. Returns what was removed;
    never raises (cleaning up must not make a save fail)."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_own_temporary(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than:
                continue
            if _locked(entry.path):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _locked(path: str) -> bool:
    """Whether a running save holds the lock on ``path`` (tried without waiting)."""
    if fcntl is None:  # pragma: no cover
        return False
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases a lock this call took
    return False


def _resolve(path: str | os.PathLike) -> Path:
    """The file a save to ``path`` should write: the end of any chain of symbolic links."""
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


@contextmanager
def atomic_target(path: str | os.PathLike, suffix: str = ".tmp") -> Iterator[Path]:
    """Yields a temporary path next to ``path`` for a writer to fill; on a clean exit it is renamed to
    ``path`` (through any symbolic link, keeping an existing file's mode), on any exception (cancel
    included) it is removed and ``path`` is untouched."""
    target = _resolve(path)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(folder)
    fd, tmp = _create_temporary(folder, f".{target.name}.", suffix)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held until the rename: marks the temporary as in use
        yield tmp
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        _ACTIVE.discard(tmp)
        os.close(fd)
    _sync_folder(folder)


def _create_temporary(folder: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """(descriptor, path) of a new empty temporary (mode 0600, as mkstemp's), registered before it exists."""
    with _ACTIVE_LOCK:
        if _ENDING:
            raise InterruptedError(translate("core.export", "the program is ending: nothing more is saved"))
        for _ in range(100):
            tmp = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
            _ACTIVE.add(tmp)
            try:
                return os.open(tmp, _CREATE_FLAGS, 0o600), tmp
            except FileExistsError:
                _ACTIVE.discard(tmp)
            except BaseException:
                _ACTIVE.discard(tmp)
                raise
    raise FileExistsError(f"no free temporary name in {folder}")


def open_temporary(tmp: Path):
    """The temporary :func:`atomic_target` yielded, opened for writing from its start. It must exist
    ("r+b" never creates a file): once :func:`remove_active_temporaries` removed it, a writer on another
    thread fails instead of making it again."""
    return open(tmp, "r+b")


def remove_active_temporaries() -> None:
    """Delete the temporaries of every save still running in this process, and refuse new ones: for a
    process about to end at once (the command line on Ctrl-C calls this, then ``os._exit``), so no partial
    file is left."""
    global _ENDING
    with _ACTIVE_LOCK:
        _ENDING = True
        for tmp in list(_ACTIVE):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def failure_reason(exc: BaseException) -> str:
    """One line saying why a write failed: an OSError's own words and the file it names, else the message
    (or, for an exception without one, its type)."""
    text = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return f"{text}: {exc.filename}" if isinstance(exc, OSError) and exc.filename else text


def write_bytes_atomically(path: str | os.PathLike, data: bytes, before_rename=None) -> None:
    """``data`` into ``path`` through :func:`atomic_target`. ``before_rename()``, when given, is called once
    the bytes are on disk; an exception from it (a cancel) leaves ``path`` as it was."""
    with atomic_target(path) as tmp:
        with open_temporary(tmp) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_rename is not None:
            before_rename()


def read_regular_file(path: str | os.PathLike, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them.

    Anything that is not a regular file (a device such as /dev/zero, a FIFO, a socket, a folder) is
    refused by ``os.stat`` before it is opened — its ``st_size`` says nothing about how much it would
    yield — and at most ``max_bytes + 1`` bytes are ever read, so a file that grows is refused too.
    Raises ValueError with a one-line reason for those, OSError for a file that cannot be read."""
    shown = os.fspath(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(translate("core.export", "{path} is not a regular file ({kind})").format(
            path=shown, kind=_kind(info.st_mode)))
    if info.st_size > max_bytes:
        raise ValueError(translate("core.export", "{path} is too large ({size} bytes; at most {limit})").format(
            path=shown, size=f"{info.st_size:,}", limit=f"{max_bytes:,}"))
    # O_NONBLOCK: had the name been swapped for a FIFO since the stat, opening it must not hang.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError(translate("core.export", "{path} is not a regular file").format(path=shown))
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(translate("core.export", "{path} is too large (more than {limit} bytes)").format(
            path=shown, limit=f"{max_bytes:,}"))
    return data


def _kind(mode: int) -> str:
    for test, word in ((stat.S_ISDIR, QT_TRANSLATE_NOOP("core.export", "a folder")),
                       (stat.S_ISCHR, QT_TRANSLATE_NOOP("core.export", "a character device")),
                       (stat.S_ISBLK, QT_TRANSLATE_NOOP("core.export", "a block device")),
                       (stat.S_ISFIFO, QT_TRANSLATE_NOOP("core.export", "a named pipe")),
                       (stat.S_ISSOCK, QT_TRANSLATE_NOOP("core.export", "a socket"))):
        if test(mode):
            return translate("core.export", word)
    return translate("core.export", "not a plain file")
