"""Frames (H×W×3 uint8 RGB arrays) → animated GIF (Pillow) or MP4 (PyAV: H.264, else MPEG-4 Part 2).

Frames may instead be H×W×4 in B, G, R, A byte order (``pixel_format="bgra"``): that is how Qt's ARGB32
images lie in memory, so a renderer can hand its pixels over without a conversion pass of its own.

Every writer encodes into a hidden temporary file next to the target and renames it over the target
only when the last frame is in, so a cancelled or failed export leaves no partial file behind (and an
existing file of that name untouched).

Both encoders pull frames from an iterator; :class:`BackgroundEncoder` runs one on a worker thread fed
by a bounded queue, so a caller that has to render on its own thread (Qt's GUI thread) overlaps
rendering with encoding — and hands finished frames back (``spare()``) to be drawn into again.
"""

from __future__ import annotations

import math
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np

from core.engine.run import Cancelled
from core.export.files import atomic_target, open_temporary
from core.i18n import translate

ANIMATION_FORMATS = ("gif", "mp4")
MAX_FPS = {"gif": 50, "mp4": 120}  # GIF delays are whole centiseconds; viewers slow anything faster
GIF_COLORS = 256
PIXEL_FORMATS = {"rgb24": 3, "bgra": 4}  # name → channels
# Pillow keeps every frame of a GIF (palette-indexed: a byte a pixel) until the file is closed, so a long
# 4K GIF would exhaust a laptop's memory: 10^9 pixels ≈ 1 GB, e.g. 480 frames at 1920×1080.
GIF_MAX_PIXELS = 1_000_000_000
Progress = Callable[[float], bool | None]


class AnimationFormatError(ValueError):
    """An extension, frame rate or frame this writer cannot handle; the message says which."""


def animation_format(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ANIMATION_FORMATS:
        shown = f"'.{suffix}'" if suffix else translate("core.export", "a file without an extension")
        raise AnimationFormatError(translate("core.export", "cannot write an animation as {shown} (use .gif or "
                                                            ".mp4): {name}").format(
            shown=shown, name=Path(path).name))
    return suffix


def check_gif_size(width: int, height: int, frames: int) -> None:
    """Refuse a GIF too big to hold in memory while it is written, saying what to change."""
    if width * height * frames > GIF_MAX_PIXELS:
        raise AnimationFormatError(
            translate("core.export", "a GIF of {frames} frames at {width}×{height} would hold about {gigabytes} GB in "
                                     "memory while it is written (at most {limit} GB): choose MP4, a "
                                     "smaller size, a shorter duration or a lower frame rate").format(
                frames=frames, width=width, height=height, gigabytes=f"{width * height * frames / 1e9:.1f}",
                limit=f"{GIF_MAX_PIXELS / 1e9:g}"))


def mp4_codec() -> str:
    """libx264 (H.264, plays everywhere) when this PyAV build carries it, else FFmpeg's own MPEG-4."""
    import av

    return "libx264" if "libx264" in av.codecs_available else "mpeg4"


def write_animation(path: str | os.PathLike, frames: Iterable[np.ndarray], fps: float, *,
                    total: int | None = None, progress: Progress | None = None,
                    palette_colors: Sequence[tuple[int, int, int]] = (), pixel_format: str = "rgb24") -> int:
    """Encode ``frames`` to ``path`` (.gif or .mp4) at ``fps``; returns the number of frames written.

    ``progress(fraction)`` is called after each frame (fraction of ``total``, or of ``len(frames)``;
    0 when neither is known); returning False stops the export with :class:`core.engine.Cancelled`.
    ``palette_colors`` (GIF only) are kept exact in the palette — the optimizers' colours, say.
    Raises AnimationFormatError for a bad extension, fps or frame, OSError when the folder is not
    writable; in every failure the target is left as it was."""
    kind = animation_format(path)
    if not (isinstance(fps, int | float) and math.isfinite(fps) and 0 < fps <= MAX_FPS[kind]):
        raise AnimationFormatError(translate("core.export", "the frame rate must be above 0 and at most {max_fps} "
                                                            "for {format}, not {fps}").format(
            max_fps=MAX_FPS[kind], format=kind.upper(), fps=f"{fps!r}"))
    if pixel_format not in PIXEL_FORMATS:
        raise AnimationFormatError(translate("core.export", "pixel format must be one of {pixel_formats}, not "
                                                            "{pixel_format}").format(
            pixel_formats=', '.join(PIXEL_FORMATS), pixel_format=f"{pixel_format!r}"))
    if total is None and hasattr(frames, "__len__"):
        total = len(frames)
    counted = _Counted(frames, total, progress, PIXEL_FORMATS[pixel_format], gif=kind == "gif")
    with atomic_target(path, suffix=f".tmp.{kind}") as tmp:
        if kind == "gif":
            _encode_gif(tmp, counted, fps, total, palette_colors, pixel_format)
        else:
            _encode_mp4(tmp, counted, fps, pixel_format)
        if counted.count == 0:
            raise AnimationFormatError("no frames to write")
    return counted.count


class _Counted:
    """The frames, checked (same H×W×C uint8 size throughout), counted and reported as they pass."""

    def __init__(self, frames: Iterable[np.ndarray], total: int | None, progress: Progress | None,
                 channels: int = 3, gif: bool = False):
        self._channels = channels
        self._gif = gif
        self._frames = iter(frames)
        self._total = total
        self._progress = progress
        self._shape = None
        self.count = 0

    def __iter__(self) -> Iterator[np.ndarray]:
        for frame in self._frames:
            frame = np.asarray(frame)
            if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != self._channels \
                    or min(frame.shape[:2]) < 1:
                raise AnimationFormatError(f"frames must be H×W×{self._channels} uint8 arrays, not "
                                           f"{frame.dtype} {frame.shape}")
            if self._gif:  # the whole clip's size as soon as it is known, else as the frames come
                check_gif_size(frame.shape[1], frame.shape[0], max(self._total or 0, self.count + 1))
            if self._shape is None:
                self._shape = frame.shape
            elif frame.shape != self._shape:
                raise AnimationFormatError(f"frame {self.count} is {frame.shape[1]}×{frame.shape[0]}, "
                                           f"the first was {self._shape[1]}×{self._shape[0]}")
            yield frame
            self.count += 1
            if self._progress is not None:
                fraction = min(1.0, self.count / self._total) if self._total else 0.0
                if self._progress(fraction) is False:
                    raise Cancelled("export cancelled")


def _encode_mp4(tmp: Path, frames: _Counted, fps: float, pixel_format: str) -> None:
    import av

    rate = Fraction(fps).limit_denominator(1001)
    # the temporary opened without being created again (core.export.files.open_temporary)
    with open_temporary(tmp) as handle, av.open(handle, mode="w", format="mp4") as container:
        stream = None
        for frame in frames:
            frame = _even(frame)  # 4:2:0 chroma needs even width and height
            if stream is None:
                codec = mp4_codec()
                stream = container.add_stream(codec, rate=rate)
                stream.height, stream.width = frame.shape[:2]
                stream.pix_fmt = "yuv420p"
                if codec == "libx264":
                    # ultrafast: the encoder shares two cores with the painter; measured on a 10 s
                    # 1080p race, 12.7 s against veryfast's 16 s, for 1.5 MB instead of 0.4 MB.
                    # crf 18 keeps thin lines and text crisp.
                    stream.options = {"preset": "ultrafast", "crf": "18"}
                else:
                    stream.bit_rate = 8_000_000
            # from_numpy_buffer wraps the array without copying it (from_ndarray's copy cost ~9 ms a
            # 1080p frame); the conversion to YUV makes the frame the encoder keeps.
            video = av.VideoFrame.from_numpy_buffer(np.ascontiguousarray(frame), format=pixel_format)
            video = video.reformat(format="yuv420p")
            container.mux(stream.encode(video))
        if stream is not None:
            container.mux(stream.encode(None))


def _even(frame: np.ndarray) -> np.ndarray:
    h, w = frame.shape[:2]
    if h % 2 == 0 and w % 2 == 0:
        return frame
    return np.pad(frame, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def _rgb_image(frame: np.ndarray, pixel_format: str):
    from PIL import Image

    if pixel_format == "bgra":
        h, w = frame.shape[:2]
        return Image.frombuffer("RGB", (w, h), np.ascontiguousarray(frame), "raw", "BGRX", 0, 1)
    return Image.fromarray(frame, "RGB")


def _encode_gif(tmp: Path, frames: _Counted, fps: float, total: int | None,
                palette_colors: Sequence[tuple[int, int, int]], pixel_format: str) -> None:
    from PIL import Image

    iterator = iter(frames)
    first = next(iterator, None)
    if first is None:
        return
    palette = _gif_palette(_rgb_image(first, pixel_format), palette_colors)

    def indexed(frame: np.ndarray) -> Image.Image:
        # One palette for the whole clip and no dithering: per-frame palettes and dither noise flicker.
        return _rgb_image(frame, pixel_format).quantize(palette=palette, dither=Image.Dither.NONE)

    # Pillow pulls the rest lazily, so only palette-indexed frames (1 byte a pixel) are ever held —
    # imageio's Pillow plugin would keep every RGB frame until the file is closed.
    rest = (indexed(frame) for frame in iterator)
    with open_temporary(tmp) as handle:
        indexed(first).save(handle, format="GIF", save_all=True, append_images=rest, loop=0,
                            duration=_gif_durations(fps, total), disposal=1, optimize=False)


def _gif_palette(image, exact: Sequence[tuple[int, int, int]]):
    """The colours of ``exact`` plus the first frame's most representative others."""
    from PIL import Image

    exact = [tuple(int(c) for c in rgb) for rgb in exact][: GIF_COLORS // 2]
    sample = image.quantize(colors=GIF_COLORS - len(exact),
                                                    method=Image.Quantize.MEDIANCUT)
    colours = [c for rgb in exact for c in rgb] + sample.getpalette()[: 3 * (GIF_COLORS - len(exact))]
    palette = Image.new("P", (1, 1))
    palette.putpalette(colours + [0] * (3 * GIF_COLORS - len(colours)))
    return palette


def _gif_durations(fps: float, total: int | None) -> float | list[int]:
    """Frame delays in ms. GIF stores whole centiseconds, so with a known frame count the delays
    alternate (3, 3, 4 cs …) to keep the clip's length exact instead of drifting."""
    if not total:
        return 1000.0 / fps
    ends = [round(100 * (i + 1) / fps) for i in range(total)]
    return [10 * (end - start) for start, end in zip([0, *ends[:-1]], ends, strict=True)]


class BackgroundEncoder:
    """Encodes on a worker thread the frames a caller ``put``s from its own (rendering) thread.

    ``put`` waits while ``depth`` frames are queued (bounded memory), and raises the encoder's error,
    or Cancelled once ``cancel()`` was called. ``finish()`` waits for the file; ``cancel()`` stops and
    removes the temporary file. ``progress`` is called on the worker thread."""

    _END = object()

    def __init__(self, path: str | os.PathLike, fps: float, *, total: int | None = None,
                 progress: Progress | None = None, depth: int = 4,
                 palette_colors: Sequence[tuple[int, int, int]] = (), pixel_format: str = "rgb24"):
        animation_format(path)  # a bad extension fails here, before any rendering
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._spare: queue.SimpleQueue = queue.SimpleQueue()  # frames the writer is done with
        self._cancelled = threading.Event()
        self.error: BaseException | None = None
        self.frames_written = 0
        self._user_progress = progress

        def run():
            try:
                self.frames_written = write_animation(path, self._frames(), fps, total=total,
                                                      progress=self._progress,
                                                      palette_colors=palette_colors,
                                                      pixel_format=pixel_format)
            except BaseException as exc:  # handed to the producer by put() / finish()
                self.error = exc
                self._drain()

        self._thread = threading.Thread(target=run, name="animation-encoder", daemon=True)
        self._thread.start()

    def _frames(self) -> Iterator[np.ndarray]:
        previous = None
        while True:
            item = self._queue.get()
            if previous is not None:  # the writer asks for a frame only once it is done with the last
                self._spare.put(previous)
                previous = None
            if self._cancelled.is_set():
                raise Cancelled("export cancelled")
            if item is self._END:
                return
            previous = item
            yield item

    def spare(self, make: Callable[[], np.ndarray]) -> np.ndarray:
        """A frame the writer has finished with, for the caller to draw the next one into, or ``make()``
        while none is free yet. Drawing into it spares allocating a new frame each time."""
        try:
            return self._spare.get_nowait()
        except queue.Empty:
            return make()

    def _progress(self, fraction: float):
        if self._cancelled.is_set():
            return False
        if self._user_progress is not None:
            return self._user_progress(fraction)
        return None

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def put(self, frame: np.ndarray) -> None:
        while True:
            self._raise_if_stopped()
            try:
                self._queue.put(np.ascontiguousarray(frame), timeout=0.05)
                return
            except queue.Full:
                continue

    def has_room(self) -> bool:
        """Whether ``put`` would return at once (the worker is keeping up)."""
        return not self._queue.full()

    def _raise_if_stopped(self) -> None:
        if self.error is not None:
            raise self.error
        if self._cancelled.is_set():
            raise Cancelled("export cancelled")
        if not self._thread.is_alive():
            raise RuntimeError("the encoder has already finished")

    def finish(self) -> int:
        """Wait for the last frame to be encoded and the file renamed into place."""
        self._put_end()
        self._thread.join()
        if self.error is not None:
            raise self.error
        if self._cancelled.is_set():
            raise Cancelled("export cancelled")
        return self.frames_written

    def cancel(self) -> None:
        """Stop; the temporary file is removed and the target left as it was. Waits for the worker."""
        self._cancelled.set()
        self._drain()
        self._put_end()
        self._thread.join()

    def _put_end(self) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(self._END, timeout=0.05)
                return
            except queue.Full:
                continue
