"""Tiny echo apps (ASGI and WSGI) and a common client interface for the behaviour table."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, request
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from shield_middleware import ShieldMiddleware, ShieldWSGIMiddleware

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def asgi_echo_app() -> Starlette:
    async def echo(req: Request) -> JSONResponse:
        body = await req.body()
        verdict = getattr(req.state, "shield", None)
        return JSONResponse(
            {
                "body": body.decode("utf-8", "replace"),
                "action": verdict.action.value if verdict is not None else None,
                "content_length": req.headers.get("content-length"),
            }
        )

    return Starlette(routes=[Route("/{path:path}", echo, methods=METHODS)])


def wsgi_echo_app() -> Flask:
    app = Flask("echo")

    @app.route("/<path:path>", methods=METHODS)
    @app.route("/", methods=METHODS, defaults={"path": ""})
    def echo(path: str) -> dict[str, Any]:
        body = request.get_data()
        verdict = request.environ.get("shield_middleware.verdict")
        return {
            "body": body.decode("utf-8", "replace"),
            "action": verdict.action.value if verdict is not None else None,
            "content_length": request.headers.get("content-length"),
        }

    return app


@dataclass
class Reply:
    status: int
    headers: Mapping[str, str]
    data: Any


Client = Callable[..., Reply]


def asgi_client(**middleware_kwargs: Any) -> Client:
    app = asgi_echo_app()
    app.add_middleware(ShieldMiddleware, **middleware_kwargs)
    client = TestClient(app)

    def call(method: str, path: str, content: bytes = b"", headers: Mapping[str, str] | None = None) -> Reply:
        r = client.request(method, path, content=content, headers=dict(headers or {}))
        return Reply(r.status_code, {k.lower(): v for k, v in r.headers.items()}, _json(r.content))

    return call


def wsgi_client(**middleware_kwargs: Any) -> Client:
    app = wsgi_echo_app()
    app.wsgi_app = ShieldWSGIMiddleware(app.wsgi_app, **middleware_kwargs)  # type: ignore[method-assign]
    client = app.test_client()

    def call(method: str, path: str, content: bytes = b"", headers: Mapping[str, str] | None = None) -> Reply:
        r = client.open(path, method=method, data=content, headers=dict(headers or {}))
        return Reply(r.status_code, {k.lower(): v for k, v in r.headers.items()}, _json(r.data))

    return call


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw
