"""Experiments behind "is dividing the loss by 10 the same as dividing the learning rate by 10?".

Qt-free: each experiment runs through core.engine and returns numbers plus a student-facing
explanation, so the app's panels and ``losslab experiment NAME`` show the same thing.
"""

from core.experiments.catalog import EXPERIMENTS, ExperimentResult, run_experiment
from core.experiments.equivalence import Equivalence, compare, compare_pairs, compare_scales, describe_distance
from core.surfaces.weighted import weighted_formula, weighted_surface

__all__ = ["EXPERIMENTS", "Equivalence", "ExperimentResult", "compare", "compare_pairs", "compare_scales",
           "describe_distance", "run_experiment", "weighted_formula", "weighted_surface"]
