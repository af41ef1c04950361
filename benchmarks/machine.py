"""What the numbers were measured on: CPU, cores, versions, date, installed runtime size."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata as md
import os
import platform
from pathlib import Path
from typing import Any

RUNTIME = ("starlette", "onnxruntime", "tokenizers", "numpy", "cachetools", "anyio")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def installed_size_mb(dist_name: str) -> float:
    """Bytes on disk of a distribution's files (its own files, not its dependencies)."""
    try:
        files = md.distribution(dist_name).files or []
    except md.PackageNotFoundError:
        return 0.0
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += Path(str(f.locate())).stat().st_size
    return total / 1e6


def describe() -> dict[str, Any]:
    versions = {}
    for name in (*RUNTIME, "uvicorn", "gunicorn", "flask"):
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            versions[name] = None
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "runtime_install_mb": {name: round(installed_size_mb(name), 1) for name in RUNTIME},
    }
