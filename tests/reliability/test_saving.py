"""Saving survives being killed, symlinks and strict permissions; reading refuses non-files.

Issue 16 item 8: temporaries left by killed saves are removed on the next save into the folder (only
losslab's own pattern, only when old and unlocked), a save through a symlink writes its target, an
existing file's mode is kept, a failed write leaves the old file — and a save killed with SIGKILL at
random moments always leaves either the old or the new content.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.export.files import (
    STALE_SECONDS,
    atomic_target,
    is_own_temporary,
    open_temporary,
    read_regular_file,
    remove_active_temporaries,
    remove_stale_temporaries,
    write_bytes_atomically,
)

ROOT = Path(__file__).resolve().parents[2]


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_stale_temporaries_of_our_pattern_are_removed_on_the_next_save(tmp_path):
    stale = [tmp_path / ".scene.json.ab12cd_z.tmp", tmp_path / ".race.mp4.q9w8e7r6.tmp.mp4",
             tmp_path / ".other.png.zzzzzzzz.tmp"]
    fresh = tmp_path / ".scene.json.fresh123.tmp"
    foreign = [tmp_path / ".notes.txt.abcdefgh.tmp", tmp_path / "scene.json.abcdefgh.tmp",
               tmp_path / ".scene.json.tmp", tmp_path / ".scene.json.ABCDEFGHIJ.tmp"]
    for path in stale + foreign:
        path.write_bytes(b"partial")
        _age(path, STALE_SECONDS * 10)
    fresh.write_bytes(b"being written")
    write_bytes_atomically(tmp_path / "scene.json", b"{}")
    assert (tmp_path / "scene.json").read_bytes() == b"{}"
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in foreign)


def test_a_running_saves_temporary_is_never_removed(tmp_path):
    target = tmp_path / "scene.json"
    with atomic_target(target) as tmp:
        tmp.write_bytes(b"new")
        _age(tmp, STALE_SECONDS * 10)  # old, but locked by this save
        assert is_own_temporary(tmp.name)
        assert remove_stale_temporaries(tmp_path) == []
        write_bytes_atomically(tmp_path / "other.json", b"x")  # a concurrent save into the folder
        assert tmp.exists()
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.fixture
def ending(monkeypatch):
    """remove_active_temporaries() as the Ctrl-C handler calls it, with the module's state put back after
    (the real handler ends the process)."""
    from core.export import files

    monkeypatch.setattr(files, "_ENDING", False)
    monkeypatch.setattr(files, "_ACTIVE", set())
    return remove_active_temporaries


def test_a_temporary_removed_at_the_end_is_not_made_again_by_its_writer(tmp_path, ending):
    with pytest.raises(FileNotFoundError):  # the rename finds nothing: the target is never made
        with atomic_target(tmp_path / "race.csv") as tmp:
            ending()  # Ctrl-C between the temporary's creation and its writer's open
            with pytest.raises(FileNotFoundError):
                open_temporary(tmp)
    with pytest.raises(InterruptedError):  # a save begun afterwards creates nothing
        write_bytes_atomically(tmp_path / "later.csv", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_an_animation_interrupted_before_its_first_frame_leaves_no_file(tmp_path, ending, suffix):
    import numpy as np

    from core.export.animation import write_animation

    def frames():
        ending()  # Ctrl-C once the temporary exists, before the encoder has a frame
        for _ in range(3):
            yield np.zeros((16, 16, 3), np.uint8)

    with pytest.raises(OSError):
        write_animation(tmp_path / f"race{suffix}", frames(), fps=10, total=3)
    assert list(tmp_path.iterdir()) == []


def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "scene.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_bytes_atomically(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert list(tmp_path.glob(".*")) == [] and list(real_dir.glob(".*")) == []


def test_saving_through_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "missing.json")
    write_bytes_atomically(link, b"new")
    assert link.is_symlink() and (tmp_path / "missing.json").read_bytes() == b"new"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_an_existing_files_mode_is_kept(tmp_path, mode):
    target = tmp_path / "scene.json"
    target.write_bytes(b"old")
    os.chmod(target, mode)
    write_bytes_atomically(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"new"


def test_a_new_file_gets_the_usual_mode(tmp_path):
    mask = os.umask(0)
    os.umask(mask)
    write_bytes_atomically(tmp_path / "new.json", b"x")
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o666 & ~mask


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "scene.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_target(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.json"]


_SAVER = """
import sys
from core.export.files import write_bytes_atomically
target, marker = sys.argv[1], sys.argv[2]
payload = (marker * 4_000_000).encode()  # 4 MB: the write takes long enough to be killed inside
print("ready", flush=True)
while True:
    write_bytes_atomically(target, payload)
"""


def test_sigkill_mid_save_leaves_the_old_or_the_new_content(tmp_path):
    target = tmp_path / "scene.json"
    old = b"o" * 4_000_000
    target.write_bytes(old)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for round_ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(target), "n"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        deadline = time.monotonic() + 5 + round_ * 0.01  # let it get inside a write
        while time.monotonic() < deadline and not any(p.name.startswith(".") for p in tmp_path.iterdir()):
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        content = target.read_bytes()
        assert content in (old, b"n" * 4_000_000)
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    for path in leftovers:
        _age(path, STALE_SECONDS * 10)
    write_bytes_atomically(target, b"final")  # the next save clears what the killed ones left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.json"]
    assert target.read_bytes() == b"final"


def test_read_regular_file_refuses_devices_pipes_and_folders(tmp_path):
    with pytest.raises(ValueError, match="not a regular file"):
        read_regular_file("/dev/zero", 1000)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="named pipe"):
        read_regular_file(fifo, 1000)  # would block forever if it were opened for reading
    with pytest.raises(ValueError, match="folder"):
        read_regular_file(tmp_path, 1000)
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "missing.json", 1000)


def test_read_regular_file_reads_at_most_the_limit(tmp_path):
    path = tmp_path / "scene.json"
    path.write_bytes(b"a" * 1000)
    assert read_regular_file(path, 1000) == b"a" * 1000
    with pytest.raises(ValueError, match="too large"):
        read_regular_file(path, 999)
    link = tmp_path / "link.json"
    link.symlink_to(path)
    assert read_regular_file(link, 1000) == b"a" * 1000
