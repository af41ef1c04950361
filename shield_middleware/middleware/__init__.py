"""ASGI and WSGI adapters around `Shield`, with per-route policies."""

from __future__ import annotations

from .asgi import ShieldMiddleware
from .guard import GuardResult, Outcome
from .policy import RoutePolicy, load_policies
from .wsgi import ShieldWSGIMiddleware

__all__ = ["GuardResult", "Outcome", "RoutePolicy", "ShieldMiddleware", "ShieldWSGIMiddleware", "load_policies"]
