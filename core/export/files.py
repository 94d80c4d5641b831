"""Atomic output files: written under a hidden temporary name in the target folder, renamed over the
target only when complete, so a failed or cancelled export leaves nothing behind (and an existing file
of that name untouched). Unlike a bare mkstemp file (mode 0600), the result gets the usual permissions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _read_umask() -> int:
    # os.umask can only be read by setting it; do that once, at import, rather than on every write
    # (a file another thread created in between would get mode 0666).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextmanager
def atomic_target(path: str | os.PathLike, suffix: str = ".tmp") -> Iterator[Path]:
    """Yields a temporary path next to ``path`` for a writer to fill; on a clean exit it is renamed to
    ``path`` with mode 0666 & ~umask, on any exception (cancel included) it is removed."""
    target = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent or ".")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def failure_reason(exc: BaseException) -> str:
    """One line saying why a write failed: an OSError's own words and the file it names, else the message
    (or, for an exception without one, its type)."""
    text = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return f"{text}: {exc.filename}" if isinstance(exc, OSError) and exc.filename else text


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> None:
    with atomic_target(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
