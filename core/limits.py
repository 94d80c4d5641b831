"""How big a job is before it starts: estimated time and memory from its size, and the limits table.

Every long job losslab runs has a size that predicts its cost well: a sweep is cells × steps of the
engine, a race is runs × steps (plus the recorded paths), a training run is steps of two networks of a
known parameter count, an animation is frames × pixels. The per-unit constants below were measured on
the development machine (2 cores; ``benchmarks/bench_limits.py`` measures them again and prints measured
against estimated); an estimate is meant to be right within a factor of ~3, which is enough to tell a
second from a minute from an hour and to refuse what cannot fit in memory.

The command line prints the estimate before a job starts, requires ``--yes`` for one over
``CONFIRM_SECONDS`` and refuses one whose memory would not fit (:func:`check_memory`); the window can ask
the same questions through the same functions. Qt-free and torch-free.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

CONFIRM_SECONDS = 60.0  # a job estimated longer than this needs a confirmation (--yes on the CLI)
MEMORY_SHARE = 0.8  # a job may plan on at most this share of the machine's physical memory

# Per-unit costs measured on the development machine (see benchmarks/bench_limits.py).
SWEEP_SECONDS_PER_CELL_STEP = 4.0e-8  # lockstep kernel, both cores, a built-in surface
SECONDS_PER_INSTRUCTION = 4.0e-9  # a typed formula: per instruction of its compiled program, per step
SWEEP_BYTES_PER_CELL = 400  # the batch's hyper-parameter rows, results and the JSON/CSV text
TRAJECTORY_SECONDS_PER_RUN_STEP = 2.0e-7  # the general kernel, recording every point
TRAJECTORY_BYTES_PER_RUN_STEP = 220  # float64 points + loss, as Python lists and as JSON text
# A CSV/JSON export's text, per row (one run's step): measured 118,000–126,000 rows/s for CSV and
# 106,000–270,000 for JSON (2 busy cores; 16 runs × 100,000 steps of CSV took ~20 s in the window, ~80,000
# rows/s with the run and the write), taken at ~83,000 and 100,000 rows/s.
TEXT_SECONDS_PER_ROW = {"csv": 1.2e-5, "json": 1.0e-5}
TEXT_BYTES_PER_ROW = 200  # ~80–90 characters a row, held as text and again as its UTF-8 bytes
TRAIN_SECONDS_PER_STEP = 3.0e-3  # fixed cost of one twin step (two small networks, torch overhead)
TRAIN_SECONDS_PER_MAC = 2.5e-11  # per float32 multiply-add of forward + backward, both networks
TRAIN_BYTES_PER_STEP = 700  # the per-step record (losses, per-layer gradient norms) and its JSON
RENDER_SECONDS_PER_FRAME = 0.005
RENDER_SECONDS_PER_PIXEL = 1.0e-8  # drawing and encoding one frame's pixel (10 s of 1080p MP4: ~7 s)
RENDER_FIXED_SECONDS = 2.5  # the process, Qt and the offscreen view starting
BASE_BYTES = 300 * 2**20  # the interpreter, numpy and numba
TORCH_BYTES = 150 * 2**20  # torch, loaded for training
QT_BYTES = 170 * 2**20  # Qt and pyqtgraph, loaded for pictures and animations

# Optimizer state slots per parameter (torch.optim): what each kind keeps besides the weights.
STATE_SLOTS = {"sgd": 0, "momentum": 1, "nesterov": 1, "rmsprop": 1, "adagrad": 1, "adam": 2,
               "adamw": 2}


@dataclass(frozen=True)
class Estimate:
    """A job's estimated wall time (seconds) and peak memory (bytes), and what it was estimated from."""

    seconds: float
    bytes: int
    what: str

    @property
    def needs_confirmation(self) -> bool:
        return self.seconds > CONFIRM_SECONDS

    def describe(self) -> str:
        time = format_seconds(self.seconds)
        time = time if time == "under a second" else f"about {time}"
        return f"{time} and {format_bytes(self.bytes)} of memory ({self.what})"


class JobTooLarge(ValueError):
    """A job whose estimated memory does not fit in this machine; the message gives the estimate."""


def physical_memory() -> int:
    """This machine's physical memory in bytes (0 where it cannot be read)."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        pass
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def memory_budget() -> int:
    total = physical_memory()
    return int(total * MEMORY_SHARE) if total else 0


def check_memory(estimate: Estimate) -> Estimate:
    """Raise JobTooLarge when ``estimate`` would not fit in this machine's memory; else return it."""
    budget = memory_budget()
    if budget and estimate.bytes > budget:
        raise JobTooLarge(f"this job needs about {format_bytes(estimate.bytes)} of memory ({estimate.what}) "
                          f"but this machine has {format_bytes(physical_memory())}; make it smaller")
    return estimate


# --------------------------------------------------------------------------- estimates per job kind

def surface_instructions(surface) -> int:
    """The per-step work of a surface beyond a built-in's: its compiled program's length (0 for the
    built-ins, whose gradients are hand-written)."""
    program = getattr(surface, "program", None)
    return 0 if program is None else int(len(program.op))


def sweep_estimate(cells: int, steps: int, instructions: int = 0) -> Estimate:
    """An lr × loss-scale grid: ``cells`` runs of ``steps`` steps, only the final point kept;
    ``instructions``: see :func:`surface_instructions`."""
    cells, steps = max(int(cells), 0), max(int(steps), 1)
    per_step = SWEEP_SECONDS_PER_CELL_STEP + instructions * SECONDS_PER_INSTRUCTION
    return Estimate(cells * steps * per_step, BASE_BYTES + cells * SWEEP_BYTES_PER_CELL,
                    f"{cells:,} cells × {steps:,} steps")


def trajectory_estimate(runs: int, steps: int, instructions: int = 0) -> Estimate:
    """``runs`` optimizers' paths of ``steps`` steps, recorded point by point."""
    runs, steps = max(int(runs), 0), max(int(steps), 1)
    per_step = TRAJECTORY_SECONDS_PER_RUN_STEP + instructions * SECONDS_PER_INSTRUCTION
    return Estimate(runs * steps * per_step,
                    BASE_BYTES + runs * (steps + 1) * TRAJECTORY_BYTES_PER_RUN_STEP,
                    f"{runs:,} runs × {steps:,} steps")


def data_export_estimate(runs: int, steps: int, kind: str, instructions: int = 0) -> Estimate:
    """A CSV or JSON (``kind``) of ``runs`` paths of ``steps`` steps: the run, then a row of text per
    point (its formatting costs far more than the run: ~20 s against ~0.3 s for 16 runs × 100,000 steps)."""
    run = trajectory_estimate(runs, steps, instructions)
    rows = max(int(runs), 0) * (max(int(steps), 1) + 1)
    seconds = run.seconds + rows * TEXT_SECONDS_PER_ROW.get(kind, max(TEXT_SECONDS_PER_ROW.values()))
    return Estimate(seconds, run.bytes + rows * TEXT_BYTES_PER_ROW, f"{rows:,} rows of {kind.upper()}: {run.what}")


def mlp_parameters(in_dim: int, out_dim: int, depth: int, width: int, batchnorm: bool = False) -> int:
    """Weights and biases of an MLP with ``depth`` hidden layers of ``width`` units."""
    hidden = in_dim * width + width + (depth - 1) * (width * width + width)
    norms = 2 * width * depth if batchnorm else 0
    return hidden + norms + width * out_dim + out_dim


def train_estimate(*, in_dim: int, out_dim: int, depth: int, width: int, steps: int, batch_size: int,
                   samples: int, optimizers: tuple[str, str], dtype_bytes: int = 4,
                   batchnorm: bool = False) -> Estimate:
    """Twin networks A and B: memory from parameters × (weights, gradient, optimizer state slots) ×
    dtype bytes for both, the activations of a batch and of a full-data evaluation, the data, and the
    per-step records; time from multiply-adds per step plus a fixed per-step cost."""
    params = mlp_parameters(in_dim, out_dim, depth, width, batchnorm)
    batch = samples if batch_size <= 0 else min(batch_size, samples)
    slots = sum(2 + STATE_SLOTS.get(kind, 2) for kind in optimizers)  # weights + gradient + state, A and B
    activations = 3 * max(batch, samples) * (width * depth + in_dim + out_dim) * dtype_bytes * 2
    data = samples * (in_dim + 1) * 8 * 2
    peak = BASE_BYTES + TORCH_BYTES + params * slots * dtype_bytes + activations + data + steps * TRAIN_BYTES_PER_STEP
    macs = 3 * params * batch * 2  # forward + backward ≈ 3 × forward, two networks
    seconds = steps * (TRAIN_SECONDS_PER_STEP + macs * TRAIN_SECONDS_PER_MAC * dtype_bytes / 4)
    return Estimate(seconds, int(peak), f"2 networks of {params:,} parameters, {steps:,} steps of "
                                        f"batch {batch:,}")


def render_estimate(*, frames: int, width: int, height: int, kind: str, runs: int = 1, steps: int = 1,
                    instructions: int = 0) -> Estimate:
    """An export: ``frames`` pictures of width × height pixels (1 for PNG/SVG), after running the scene's
    ``runs`` × ``steps``. A GIF keeps every frame (palette-indexed, a byte a pixel) until it is written."""
    frames, pixels = max(int(frames), 1), max(int(width), 1) * max(int(height), 1)
    run = trajectory_estimate(runs, steps, instructions)
    seconds = RENDER_FIXED_SECONDS + run.seconds + frames * (RENDER_SECONDS_PER_FRAME
                                                             + pixels * RENDER_SECONDS_PER_PIXEL)
    frame_bytes = pixels * 4 * 6  # the picture, its copy for the encoder and the encoder's buffers
    kept = frames * pixels if kind == "gif" else 0
    return Estimate(seconds, run.bytes + QT_BYTES + frame_bytes + kept,
                    f"{frames:,} frame{'s' if frames != 1 else ''} of {width}×{height} pixels")


# --------------------------------------------------------------------------- words

def format_seconds(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "forever"
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} days"


def format_bytes(count: float) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if count >= size:
            return f"{count / size:.1f} {unit}" if count < 10 * size else f"{count / size:.0f} {unit}"
    return f"{int(count)} bytes"


# --------------------------------------------------------------------------- the limits table

# What losslab refuses and why, one row per limit: (what, limit, why). The README's table is this one.
LIMITS = (
    ("formula length", "1,000 characters", "a surface is a formula you can read; longer text is a paste accident"),
    ("formula nesting", "40 levels; 12 functions/powers inside one another",
     "each nested function multiplies the size of the gradient SymPy must build"),
    ("formula gradient size", "about 1,500 nodes (estimated before differentiating)",
     "keeps every accepted formula's compile well under a second"),
    ("numbers in formulas", "finite floats (|x| < 1.8e308, no underflow to 0 of a power)",
     "exact powers such as (1/2)^(10^15) would be built digit by digit"),
    ("scene file", "2,000,000 bytes, a regular file", "devices and pipes have no size and never end"),
    ("seed", "0 … 2^63 − 1", "the noise generator's seed is a 64-bit signed integer"),
    ("job memory", f"{int(MEMORY_SHARE * 100)}% of physical memory (estimated before it starts)",
     "a job that cannot fit would swap or be killed halfway"),
    ("job time", f"over {CONFIRM_SECONDS:.0f} s needs --yes (CLI) or a confirmation (window)",
     "an hours-long job should be a decision, not a typo"),
)
