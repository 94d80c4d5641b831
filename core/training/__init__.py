"""Live network training with torch: toy data sets, MLPs, optimizer specs and the twin (A/B) trainer.

Importing this package is cheap: it does not import torch. The names below are loaded from their
submodules on first access (``from core.training import TwinTrainer`` imports torch at that moment).

    config       TrainingConfig, ModelConfig, RunConfig                  (no torch: the panel's state)
    datasets     TASKS, make_dataset, Dataset, grid_points             (numpy only)
    models       ModelSpec, build_mlp, ACTIVATIONS, INITS
    optim_spec   OptimSpec, OPTIMIZERS, SCHEDULES
    device       resolve_device, cuda_status, DeviceChoice
    twin         TwinConfig, TwinTrainer, StepRecord, classic_experiment
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "TrainingConfig": "config",
    "ModelConfig": "config",
    "RunConfig": "config",
    "TASKS": "datasets",
    "CLASSIFICATION_TASKS": "datasets",
    "REGRESSION_TASKS": "datasets",
    "Dataset": "datasets",
    "make_dataset": "datasets",
    "grid_points": "datasets",
    "ModelSpec": "models",
    "build_mlp": "models",
    "ACTIVATIONS": "config",
    "INITS": "config",
    "OptimSpec": "optim_spec",
    "OPTIMIZERS": "optim_spec",
    "SCHEDULES": "optim_spec",
    "resolve_device": "device",
    "cuda_status": "device",
    "DeviceChoice": "device",
    "TwinConfig": "twin",
    "TwinTrainer": "twin",
    "StepRecord": "twin",
    "classic_experiment": "twin",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'core.training' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"core.training.{module}"), name)
    globals()[name] = value
    return value
