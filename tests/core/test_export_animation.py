"""GIF/MP4 writers: frame count and size read back, progress, cancel and failures leave no file."""

import os

import av
import imageio.v3 as iio
import numpy as np
import pytest

from core.engine import Cancelled
from core.export.animation import AnimationFormatError, BackgroundEncoder, write_animation

H, W = 48, 64


def moving_square(n, h=H, w=W):
    """Distinct frames: a red square moving right over a dark blue background."""
    for i in range(n):
        frame = np.zeros((h, w, 3), np.uint8)
        frame[:] = (20, 30, 90)
        frame[10:20, 2 + 2 * i:12 + 2 * i] = (230, 40, 30)
        yield frame


def mp4_frames(path):
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_gif_has_every_frame_at_its_size_and_colours(tmp_path):
    path = tmp_path / "clip.gif"
    assert write_animation(path, moving_square(12), fps=10, palette_colors=[(230, 40, 30)]) == 12
    frames = iio.imread(path, index=None)
    assert frames.shape[:3] == (12, H, W)
    # the square's exact colour is in the palette, and it has moved by 2 px a frame
    first, last = frames[0][..., :3], frames[-1][..., :3]
    assert (first[15, 5] == (230, 40, 30)).all() and (last[15, 2 + 2 * 11 + 3] == (230, 40, 30)).all()
    assert (first[15, 2 + 2 * 11 + 9] != (230, 40, 30)).any()


def test_gif_delays_add_up_to_the_clip_length(tmp_path):
    from PIL import Image

    path = tmp_path / "clip.gif"
    write_animation(path, moving_square(30), fps=30, total=30)
    with Image.open(path) as gif:
        delays = []
        for i in range(gif.n_frames):
            gif.seek(i)
            delays.append(gif.info["duration"])
    assert sum(delays) == 1000  # 30 frames at 30 fps = exactly one second, in whole centiseconds


def test_mp4_has_every_frame_at_its_size(tmp_path):
    path = tmp_path / "clip.mp4"
    progress = []
    write_animation(path, list(moving_square(20)), fps=25, progress=progress.append)
    frames = mp4_frames(path)
    assert len(frames) == 20 and frames[0].shape == (H, W, 3)
    assert progress[-1] == 1.0 and len(progress) == 20
    # lossy, but the square is where it was drawn
    assert frames[5][15, 12 + 3, 0] > 180 and frames[5][15, 12 + 3, 2] < 90
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.average_rate == 25 and stream.codec_context.name in ("h264", "mpeg4")


def test_bgra_frames_give_the_same_colours(tmp_path):
    path = tmp_path / "clip.mp4"
    bgra = [np.concatenate([f[..., ::-1], np.full((H, W, 1), 255, np.uint8)], axis=2) for f in moving_square(6)]
    write_animation(path, bgra, fps=10, pixel_format="bgra")
    frame = mp4_frames(path)[0]
    assert frame[15, 5, 0] > 180 and frame[15, 5, 2] < 90  # red stays red


def test_odd_sizes_are_padded_for_mp4(tmp_path):
    path = tmp_path / "odd.mp4"
    write_animation(path, moving_square(3, 47, 63), fps=10)
    assert mp4_frames(path)[0].shape == (48, 64, 3)


@pytest.mark.parametrize("suffix", ["gif", "mp4"])
def test_cancel_leaves_no_file_and_keeps_an_old_one(tmp_path, suffix):
    path = tmp_path / f"clip.{suffix}"
    path.write_bytes(b"old")
    with pytest.raises(Cancelled):
        write_animation(path, moving_square(10), fps=10, total=10, progress=lambda f: f < 0.5)
    assert os.listdir(tmp_path) == [path.name] and path.read_bytes() == b"old"


def test_failures_leave_no_file(tmp_path):
    with pytest.raises(AnimationFormatError, match="avi"):
        write_animation(tmp_path / "clip.avi", moving_square(2), fps=10)
    with pytest.raises(AnimationFormatError, match="frame rate"):
        write_animation(tmp_path / "clip.gif", moving_square(2), fps=0)
    with pytest.raises(OSError):
        write_animation(tmp_path / "missing" / "clip.mp4", moving_square(2), fps=10)

    def changing_size():
        yield np.zeros((H, W, 3), np.uint8)
        yield np.zeros((H + 2, W, 3), np.uint8)

    with pytest.raises(AnimationFormatError, match="first was"):
        write_animation(tmp_path / "clip.mp4", changing_size(), fps=10)
    with pytest.raises(AnimationFormatError, match="no frames"):
        write_animation(tmp_path / "clip.gif", iter([]), fps=10)
    assert os.listdir(tmp_path) == []


def test_a_gif_too_big_for_memory_is_refused_and_leaves_the_old_file(tmp_path, monkeypatch):
    import core.export.animation as animation

    monkeypatch.setattr(animation, "GIF_MAX_PIXELS", 10 * H * W)  # ten small frames stand in for 1 GB
    path = tmp_path / "clip.gif"
    path.write_bytes(b"old")
    with pytest.raises(AnimationFormatError, match="11 frames.*choose MP4"):
        write_animation(path, moving_square(11), fps=10, total=11)  # refused at the first frame
    with pytest.raises(AnimationFormatError, match="11 frames"):
        write_animation(path, moving_square(12), fps=10)  # length unknown: refused when it gets there
    assert os.listdir(tmp_path) == [path.name] and path.read_bytes() == b"old"
    assert write_animation(path, moving_square(10), fps=10) == 10  # at the limit: written
    assert write_animation(tmp_path / "clip.mp4", moving_square(11), fps=10) == 11  # MP4 streams: no limit


def test_background_encoder_writes_and_cancels(tmp_path):
    done = tmp_path / "done.mp4"
    encoder = BackgroundEncoder(done, 10, total=8, depth=2)
    for frame in moving_square(8):
        encoder.put(frame)
    assert encoder.finish() == 8 and len(mp4_frames(done)) == 8
    umask = os.umask(0)
    os.umask(umask)
    assert done.stat().st_mode & 0o777 == 0o666 & ~umask  # the usual mode, not mkstemp's private 0600

    stopped = tmp_path / "stopped.gif"
    encoder = BackgroundEncoder(stopped, 10, total=8)
    frames = moving_square(8)
    for _ in range(3):
        encoder.put(next(frames))
    encoder.cancel()
    with pytest.raises(Cancelled):
        encoder.put(next(frames))
    assert not stopped.exists() and os.listdir(tmp_path) == [done.name]


def test_background_encoder_hands_back_the_writers_error(tmp_path):
    encoder = BackgroundEncoder(tmp_path / "clip.mp4", 10)
    encoder.put(np.zeros((H, W, 3), np.uint8))
    with pytest.raises(AnimationFormatError):
        for _ in range(20):  # the worker fails on the bad frame; put or finish reports it
            encoder.put(np.zeros((H, W), np.uint8))
        encoder.finish()
    assert os.listdir(tmp_path) == []
