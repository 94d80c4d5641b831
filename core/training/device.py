"""Resolve a device request ("cpu", "cuda", "cuda:N") to a ``torch.device``, falling back to the CPU with a note.

A CUDA request on a machine where torch sees no GPU is not an error: training runs on the CPU and
``DeviceChoice.note`` says why (the CLI prints it on stderr and puts it in the JSON; the panel shows it).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from core.training.config import DEVICES, check_device  # noqa: F401 (DEVICES: re-exported)


@dataclass(frozen=True)
class DeviceChoice:
    device: torch.device
    requested: str
    note: str | None = None  # set when the request could not be honoured

    @property
    def fell_back(self) -> bool:
        return self.note is not None

    @property
    def name(self) -> str:
        return str(self.device)


def cuda_status() -> tuple[bool, str]:
    """(available, reason): whether torch can use a CUDA GPU here, and a one-line explanation."""
    if getattr(torch.version, "cuda", None) is None:
        return False, f"this torch build ({torch.__version__}) has no CUDA support"
    try:
        available = torch.cuda.is_available()
    except Exception as exc:  # a broken driver raises on some platforms instead of returning False
        return False, f"CUDA initialisation failed: {exc}"
    if not available:
        return False, "torch sees no CUDA device (no GPU, or its driver is missing)"
    count = torch.cuda.device_count()
    return True, f"{count} CUDA device(s): {torch.cuda.get_device_name(0)}"


def resolve_device(name: str) -> DeviceChoice:
    """Map ``name`` to a device; a CUDA request without CUDA gives the CPU and a note explaining why."""
    text = check_device(name)
    base, _, index = text.partition(":")
    if base == "cpu":
        return DeviceChoice(torch.device("cpu"), text)
    available, reason = cuda_status()
    if not available:
        return DeviceChoice(torch.device("cpu"), text, f"CUDA requested but unavailable ({reason}); running on CPU")
    number = int(index) if index else 0
    count = torch.cuda.device_count()
    if number >= count:
        return DeviceChoice(torch.device("cpu"), text,
                            f"CUDA device {number} requested but only {count} present; running on CPU")
    return DeviceChoice(torch.device("cuda", number), text)
