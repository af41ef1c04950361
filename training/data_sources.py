"""Loading the shared data files (read by path, never copied into the repository)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training import config


@dataclass
class Example:
    """One training/validation row.

    attack: class index into ATTACK_LABELS, or -1 when the row has no attack label.
    tox: six labels in TOX_LABELS order with -1 for unknown, or None for prompt rows.
    """

    text: str
    source: str
    kind: str
    attack: int
    tox: list[int] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise as one JSON line."""
        return json.dumps(
            {
                "text": self.text,
                "source": self.source,
                "kind": self.kind,
                "attack": self.attack,
                "tox": self.tox,
                "meta": self.meta,
            },
            ensure_ascii=False,
        )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """All rows of a JSON-lines file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_prompts() -> list[dict[str, Any]]:
    """prompts/train.jsonl rows."""
    return read_jsonl(config.PROMPTS)


def load_bipia_contexts() -> dict[str, list[dict[str, Any]]]:
    """BIPIA documents by kind (code, email, table)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(config.BIPIA.glob("*_train.jsonl")):
        kind = path.name.split("_")[0]
        rows = read_jsonl(path)
        for row in rows:
            ctx = row["context"]
            # Code contexts are stored as the repr of a list of lines.
            if kind == "code" and isinstance(ctx, str) and ctx.startswith("["):
                try:
                    import ast

                    lines = ast.literal_eval(ctx)
                    row["context"] = "\n".join(str(x) for x in lines)
                except (ValueError, SyntaxError):
                    pass
            elif isinstance(ctx, list):
                row["context"] = "\n".join(str(x) for x in ctx)
        out[kind] = rows
    return out


def load_toxicity() -> list[dict[str, Any]]:
    """toxicity/train.jsonl rows."""
    return read_jsonl(config.TOXICITY)


def tox_vector(labels: dict[str, int | None]) -> list[int]:
    """Six labels in TOX_LABELS order, -1 where the source does not say."""
    return [(-1 if labels.get(k) is None else int(labels[k] or 0)) for k in config.TOX_LABELS]
