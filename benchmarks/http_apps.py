"""The apps the HTTP benchmark serves: the same echo routes bare and guarded.

``/chat`` is guarded (when the guard is on); ``/other`` never is, to measure what an unguarded
route pays for the middleware being installed.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, request
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shield_middleware import HybridMode, MLConfig, RoutePolicy, Shield, ShieldMiddleware, ShieldWSGIMiddleware

POLICIES = [RoutePolicy("/chat", methods=frozenset({"POST"}))]


def _shield() -> Shield:
    # SHIELD_BENCH_MODE: "heuristic" (no model) or "model" (the bundled model, hybrid).
    mode = os.environ.get("SHIELD_BENCH_MODE", "heuristic")
    return Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC) if mode == "heuristic" else MLConfig())


async def _echo(req: Request) -> JSONResponse:
    body = await req.body()
    return JSONResponse({"ok": True, "bytes": len(body)})


def _starlette() -> Starlette:
    return Starlette(routes=[Route("/chat", _echo, methods=["POST"]), Route("/other", _echo, methods=["POST"])])


bare_asgi = _starlette()
guarded_asgi = _starlette()
if os.environ.get("SHIELD_BENCH_GUARD", "1") == "1":
    guarded_asgi.add_middleware(ShieldMiddleware, shield=_shield(), policies=POLICIES)


def _flask() -> Flask:
    app = Flask("bench")

    def echo() -> dict[str, Any]:
        return {"ok": True, "bytes": len(request.get_data())}

    app.add_url_rule("/chat", "chat", echo, methods=["POST"])
    app.add_url_rule("/other", "other", echo, methods=["POST"])
    return app


bare_wsgi = _flask()
guarded_wsgi = _flask()
if os.environ.get("SHIELD_BENCH_GUARD", "1") == "1":
    guarded_wsgi.wsgi_app = ShieldWSGIMiddleware(  # type: ignore[method-assign]
        guarded_wsgi.wsgi_app, shield=_shield(), policies=POLICIES, preload=True
    )
