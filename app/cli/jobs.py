"""Long command-line jobs: the estimate before, progress during, Ctrl-C at any time.

* :func:`announce` checks a job's :class:`core.limits.Estimate`: refused when it cannot fit in memory, and
  when it is estimated over a minute unless ``--yes`` was given (one line, exit 2); otherwise the estimate
  is printed as one line on stderr.
* :class:`Progress` reports on stderr whether or not stderr is a terminal: an updating percentage on a
  terminal, one line every ``LINE_SECONDS`` otherwise (a log file, CI).
* :func:`run_job` runs the work on a daemon thread while the main thread waits in short slices, so that
  Ctrl-C is handled within a fraction of a second even while numba or torch hold a core for minutes.
* :func:`install_interrupt_handler`: on SIGINT the temporaries of running saves are deleted (no partial
  output file), ``losslab: interrupted`` is printed and the process ends at once with status 130 — no
  traceback, no waiting for worker threads to finish their chunk.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from core.limits import Estimate, check_memory, format_seconds

LINE_SECONDS = 5.0  # without a terminal, one progress line per this many seconds
EXIT_INTERRUPTED = 130


def announce(estimate: Estimate, *, yes: bool, quiet: bool = False) -> Estimate:
    """Refuse a job that does not fit in memory, or that would take over a minute without ``--yes``;
    print the estimate (one line on stderr) for one that goes ahead. Raises ValueError (exit 2)."""
    check_memory(estimate)
    if estimate.needs_confirmation and not yes:
        raise ValueError(f"this job would take {estimate.describe()}; add --yes to run it")
    if not quiet:
        print(f"losslab: estimate: {estimate.describe()}", file=sys.stderr, flush=True)
    return estimate


class Progress:
    """``progress(fraction)`` → a report on stderr; returns None (never cancels: Ctrl-C does that)."""

    def __init__(self, label: str, *, enabled: bool = True, stream=None):
        self.label = label
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.last_line = self.started
        self.shown = -1
        self.lock = threading.Lock()

    def __call__(self, fraction: float) -> None:
        if not self.enabled:
            return
        fraction = min(max(float(fraction), 0.0), 1.0)
        with self.lock:
            now = time.monotonic()
            percent = int(fraction * 100)
            if self.tty:
                if percent != self.shown:
                    self.shown = percent
                    self.stream.write(f"\r{self.label}… {percent:3d}%{self._left(fraction, now)}   ")
                    self.stream.flush()
            elif now - self.last_line >= LINE_SECONDS and percent < 100:
                self.last_line = now
                self.stream.write(f"losslab: {self.label} {percent}%{self._left(fraction, now)}\n")
                self.stream.flush()

    def _left(self, fraction: float, now: float) -> str:
        elapsed = now - self.started
        if fraction <= 0.01 or elapsed < 2:
            return ""
        return f", about {format_seconds(elapsed * (1 - fraction) / fraction)} left"

    def done(self) -> None:
        if self.enabled and self.tty and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


def run_job(work, *args, **kwargs):
    """``work(*args, **kwargs)`` on a daemon thread; the main thread waits in short slices so SIGINT is
    handled at once. Returns its result or raises its exception."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = work(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="losslab-job", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def _interrupted(signum, frame) -> None:
    from core.export.files import remove_active_temporaries

    remove_active_temporaries()
    try:
        sys.stderr.write(("\n" if sys.stderr.isatty() else "") + "losslab: interrupted\n")
        sys.stderr.flush()
    finally:
        os._exit(EXIT_INTERRUPTED)


def install_interrupt_handler() -> None:
    """Ctrl-C (and SIGTERM) end a command-line job at once: see the module's docstring."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupted)
        signal.signal(signal.SIGTERM, _interrupted)
