"""Apps served by real uvicorn / gunicorn processes in test_servers.py."""

from __future__ import annotations

from shield_middleware import HybridMode, MLConfig, RoutePolicy, Shield, ShieldMiddleware, ShieldWSGIMiddleware

from .apps import asgi_echo_app, wsgi_echo_app

_POLICIES = [RoutePolicy("/chat", max_body_bytes=64 * 1024)]

asgi_app = asgi_echo_app()
asgi_app.add_middleware(ShieldMiddleware, shield=Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC)), policies=_POLICIES)

wsgi_app = wsgi_echo_app()
wsgi_app.wsgi_app = ShieldWSGIMiddleware(  # type: ignore[method-assign]
    wsgi_app.wsgi_app, shield=Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC)), policies=_POLICIES
)
