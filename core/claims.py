"""Claims: machine-checkable statements about a scene's runs, stored beside the sentences they back.

A claim is data, e.g. ``{"kind": "paths_equal", "runs": [0, 1], "tol": 1e-12}``: a kind from
:data:`KINDS` and that kind's arguments. A scene (and later a lesson step) holds a list of them;
evaluating them runs the scene and says, per claim, whether it holds and what was measured.

This module owns the format; which kinds exist and how each is evaluated is added below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_CLAIMS = 200  # per scene: more is not a lesson any more, and bounds the work of checking one

# kind -> set of argument names it takes (filled by the evaluators below).
KINDS: dict[str, frozenset[str]] = {}


class ClaimError(ValueError):
    """A claim that cannot be read; the message says why."""


@dataclass(frozen=True)
class Claim:
    kind: str
    args: Mapping = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, **self.args}


def parse_claims(value) -> tuple[Claim, ...]:
    """The claims of a scene file's ``claims`` list (raises ClaimError naming the bad one)."""
    if not isinstance(value, list):
        raise ClaimError("'claims' must be a list")
    if len(value) > MAX_CLAIMS:
        raise ClaimError(f"at most {MAX_CLAIMS} claims")
    claims = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            raise ClaimError(f"claim {i + 1} must be an object with a 'kind'")
        args = {k: v for k, v in item.items() if k != "kind"}
        kind = item["kind"]
        if kind not in KINDS:
            raise ClaimError(f"claim {i + 1}: unknown kind {kind!r:.40}")
        unknown = set(args) - KINDS[kind]
        if unknown:
            raise ClaimError(f"claim {i + 1} ({kind}): unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        claims.append(Claim(kind, args))
    return tuple(claims)
