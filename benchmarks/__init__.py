"""Benchmarks: run with ``python -m benchmarks`` (``--quick`` for a short run)."""
