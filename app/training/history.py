"""The run history: growing numpy buffers of every step received (appends amortised O(1)), no Qt."""

from __future__ import annotations

import numpy as np

from app.training.messages import Progress

SERIES = ("steps", "loss_a", "loss_b", "distance", "lr_a", "lr_b")


class History:
    """Everything the worker has sent since the runs were (re)built."""

    def __init__(self, n_layers: int = 0):
        self.n = 0
        self.n_layers = n_layers
        self._cap = 1024
        for name in SERIES:
            setattr(self, name, np.zeros(self._cap))
        self._score_steps: list[np.ndarray] = []
        self._score_a: list[np.ndarray] = []
        self._score_b: list[np.ndarray] = []
        self.grad_a = np.full(n_layers, np.nan)  # the latest finite per-layer norms
        self.grad_b = np.full(n_layers, np.nan)
        self.grad_first_a: np.ndarray | None = None  # run A's norms at step 1

    def append(self, progress: Progress) -> None:
        k = len(progress.steps)
        if self.n + k > self._cap:
            while self.n + k > self._cap:
                self._cap *= 2
            for name in SERIES:
                grown = np.zeros(self._cap)
                grown[:self.n] = getattr(self, name)[:self.n]
                setattr(self, name, grown)
        sl = slice(self.n, self.n + k)
        self.steps[sl] = progress.steps
        self.distance[sl] = progress.distance
        for run in ("a", "b"):
            getattr(self, f"loss_{run}")[sl] = progress.loss[run]
            getattr(self, f"lr_{run}")[sl] = progress.lr[run]
        self.n += k
        if len(progress.score_steps):
            self._score_steps.append(progress.score_steps)
            self._score_a.append(progress.score.a)
            self._score_b.append(progress.score.b)
        for run in ("a", "b"):
            grads = progress.grad[run]
            finite_rows = grads[np.isfinite(grads).any(axis=1)] if grads.size else grads
            if len(finite_rows):
                setattr(self, f"grad_{run}", finite_rows[-1].copy())
        if k and self.grad_first_a is None and np.isfinite(progress.grad.a[0]).any():
            self.grad_first_a = np.array(progress.grad.a[0])

    def scores(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(evaluation steps, score A, score B)."""
        if not self._score_steps:
            return np.zeros(0), np.zeros(0), np.zeros(0)
        if len(self._score_steps) > 1:  # keep one array each so redraws stay cheap
            self._score_steps = [np.concatenate(self._score_steps)]
            self._score_a = [np.concatenate(self._score_a)]
            self._score_b = [np.concatenate(self._score_b)]
        return self._score_steps[0], self._score_a[0], self._score_b[0]

    def latest_distance(self) -> float:
        return float(self.distance[self.n - 1]) if self.n else 0.0

    def as_dict(self) -> dict[str, np.ndarray]:
        """Copies: steps, loss_a/b, distance, lr_a/b, score_steps/a/b, grad_a/b (latest)."""
        steps, score_a, score_b = self.scores()
        n = self.n
        return {
            **{name: getattr(self, name)[:n].copy() for name in SERIES},
            "steps": self.steps[:n].astype(np.int64),
            "score_steps": steps.astype(np.int64), "score_a": score_a.copy(), "score_b": score_b.copy(),
            "grad_a": self.grad_a.copy(), "grad_b": self.grad_b.copy(),
        }
