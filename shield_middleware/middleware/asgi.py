"""ShieldMiddleware: the pure ASGI adapter (FastAPI, Starlette, Django's ASGI app, any ASGI app).

```python
app.add_middleware(ShieldMiddleware)                          # guard every POST / PUT / PATCH
app.add_middleware(ShieldMiddleware, policies="policy.toml")  # or per-route policies
```

The body is read once (413 from ``Content-Length`` before the first ``receive()``, or as soon as
the count passes the limit), scanned, and replayed to the app exactly once; after that the app
talks to the server's own ``receive``, so disconnects still reach it. Responses are never
buffered: the adapter only adds ``X-Shield-*`` headers to ``http.response.start``.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import MLConfig
from ..shield import Shield
from .guard import GuardResult, Outcome, RouteGuard
from .payload import BadRequest, declared_length
from .policy import RoutePolicy, adapter_config, check_switches
from .route_check import warn_unmatched_policies

logger = logging.getLogger("shield_middleware")

OnBlock = Callable[[Request, GuardResult], "Response | Awaitable[Response]"]


class ShieldMiddleware:
    """Guards the prompts that reach an ASGI app.

    - `config`: the `MLConfig` of every route (default: production preset).
    - `policies`: `RoutePolicy` objects, or the path of a TOML file with ``[shield]`` and
      ``[[route]]`` tables. None guards every POST, PUT and PATCH request.
    - `shield`: a ready `Shield` (overrides `config`).
    - `on_block(request, result)`: returns the response for a blocked request.
    - `guard_unmatched`: with policies, also guard requests no policy matches (default False).
    - `preload`: load the model during lifespan start-up (default True), so that the first
      request does not pay for it and a broken model fails the start-up.
    - `log_prompts`: log prompt text at DEBUG level (default False: logs carry hashes).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        config: MLConfig | Mapping[str, Any] | None = None,
        policies: Sequence[RoutePolicy] | str | Path | None = None,
        shield: Shield | None = None,
        on_block: OnBlock | None = None,
        guard_unmatched: bool = False,
        preload: bool = True,
        log_prompts: bool = False,
    ) -> None:
        self.app = app
        check_switches(guard_unmatched=guard_unmatched, preload=preload, log_prompts=log_prompts)
        config, policies = adapter_config(policies, config, shield is not None)
        self.guard = RouteGuard(
            shield or Shield(config), policies, guard_unmatched=guard_unmatched, log_prompts=log_prompts
        )
        self.on_block = on_block
        self.preload = preload
        self._routes_checked = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._routes_checked:
            # Once, at the first call: by then the app has its routes (FastAPI adds them after
            # add_middleware), and a lifespan or request is about to use them.
            self._routes_checked = True
            root, app_root = scope.get("root_path", ""), scope.get("app_root_path", "")
            # A mounted app's prefix, with and without the server's root path.
            mount = root[len(app_root) :] if app_root and root.startswith(app_root) else ""
            warn_unmatched_policies(self.guard.policies, self.app, root, mount)
        if scope["type"] == "lifespan" and self.preload:
            await self._lifespan(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Upper case, as WSGI's: a server may pass "post" on, and an endpoint that takes any
        # method would run it.
        policy = self.guard.policy_for(scope["method"].upper(), scope["path"], *_route_paths(scope))
        if policy is None:
            await self.app(scope, receive, send)
            return
        await self._guard(policy, scope, receive, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app's lifespan, with the model loaded when it takes the start-up message.

        An app that gives up on the lifespan before taking that message does not speak the
        protocol (Django's ASGI handler raises for it, other apps return): the server would
        carry on without a start-up, and the model would load at the first request, where a
        broken one no longer stops the app. The guard then answers the lifespan itself."""
        took_startup = False

        async def preloading() -> Message:
            nonlocal took_startup
            message = await receive()
            if message["type"] == "lifespan.startup":
                took_startup = True
                await self._preload()
            return message

        try:
            await self.app(scope, preloading, send)
        except Exception as exc:
            if took_startup:
                raise
            # Django says so ("... not lifespan"); any other error may be the app's own start-up
            # failing before it read the message: said loudly, since the guard now carries on.
            level = logging.DEBUG if "lifespan" in str(exc) else logging.WARNING
            logger.log(
                level,
                "shield_middleware: the app does not handle the lifespan (%s: %s); the guard answers it",
                type(exc).__name__,
                exc,
                exc_info=level == logging.WARNING,
            )
        if not took_startup:
            await self._own_lifespan(receive, send)

    async def _own_lifespan(self, receive: Receive, send: Send) -> None:
        message = await receive()
        if message["type"] == "lifespan.startup":
            try:
                await self._preload()
            except Exception as exc:
                await send({"type": "lifespan.startup.failed", "message": f"shield_middleware: {exc}"})
                raise
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
        if message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})

    async def _preload(self) -> None:
        for shield in self.guard.shields():
            await anyio.to_thread.run_sync(shield.preload)

    async def _guard(self, policy: RoutePolicy, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        headers = _BodyHeaders.of(scope)
        try:
            body = await _read_body(policy, headers.content_length, receive)
            if body is None:
                return  # the client went away: nobody is left to answer
            payload = await self.guard.inspect_async(
                policy,
                body,
                headers.content_type,
                headers.content_encoding,
                scope.get("query_string", b"").decode("latin-1"),
            )
        except BadRequest as exc:
            self.guard.log_rejected(scope["method"], scope["path"], exc)
            response = Response(self.guard.error_body(exc), exc.status, media_type="application/json")
            await response(scope, receive, send)
            return

        result = await self.guard.evaluate_async(policy, payload)
        self.guard.log(scope["method"], scope["path"], result, len(body), started)
        extra = RouteGuard.response_headers(result) if policy.response_headers else []

        if result.outcome is Outcome.BLOCK:
            await self._block(policy, result, scope, body, send, extra)
            return

        state = scope.setdefault("state", {})
        state["shield"] = result.verdict
        state["shield_result"] = result
        if result.outcome is Outcome.REDACT:
            assert result.body is not None
            body = result.body
            scope = dict(scope)
            scope["headers"] = _with_new_length(scope["headers"], len(body))

        replayed = False

        async def replay() -> Message:
            # The body exactly once, then the server's own receive (disconnects included).
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, _adding_headers(send, extra) if extra else send)

    async def _block(
        self,
        policy: RoutePolicy,
        result: GuardResult,
        scope: Scope,
        body: bytes,
        send: Send,
        extra: list[tuple[bytes, bytes]],
    ) -> None:
        response: Response | None = None
        if self.on_block is not None:
            sent = False

            async def the_body() -> Message:
                # The hook may read the request (`await request.json()`), as on WSGI: the body
                # the guard read, once, then a disconnect.
                nonlocal sent
                if sent:
                    return {"type": "http.disconnect"}
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            made = self.on_block(Request(scope, the_body), result)
            response = await made if inspect.isawaitable(made) else made
            if response is not None and not isinstance(response, Response):
                raise TypeError(f"on_block must return a Starlette Response or None, got {type(response).__name__}")
        if response is None:
            status, content = self.guard.block_body(policy, result)
            response = Response(content, status, media_type="application/json")
        for name, value in extra:
            response.headers[name.decode()] = value.decode()

        async def no_more_body() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, no_more_body, send)


_BODY_HEADER_NAMES = frozenset({b"content-length", b"content-type", b"content-encoding"})


@dataclass(frozen=True, slots=True)
class _BodyHeaders:
    """The request headers that say how to read the body, found in one pass over the raw list.

    Content-Length and Content-Type: the first of each, as the app's `request.headers.get` will
    pick it (names compared as bytes, as Starlette compares them). Content-Encoding: every value,
    comma-joined as a WSGI server joins repeated headers, so that a second encoding cannot hide
    behind a first one that the guard alone would honour (a list is refused as unsupported).
    """

    content_length: str | None = None
    content_type: str = ""
    content_encoding: str = ""

    @classmethod
    def of(cls, scope: Scope) -> _BodyHeaders:
        # The server may pass any iterable: keep a list in the scope (as Starlette's Headers
        # does) so the app still sees every header after this pass. Servers pass lists, which
        # need no copy on every request.
        raw = scope["headers"]
        if not isinstance(raw, list):
            raw = scope["headers"] = list(raw)
        found: dict[bytes, str] = {}
        encodings: list[str] = []
        for name, value in raw:
            if name in _BODY_HEADER_NAMES:
                if name == b"content-encoding":
                    encodings.append(value.decode("latin-1"))
                elif name not in found:
                    found[name] = value.decode("latin-1")
        return cls(found.get(b"content-length"), found.get(b"content-type", ""), ", ".join(encodings))


_NO_ROOT = (None, None)


def _route_paths(scope: Scope) -> tuple[str | None, str | None]:
    """The request's path read the other way round its root path, and without the server's
    root path alone; None for a reading that is not there.

    Starlette routes on the path without the root path where the path starts with it
    (``get_route_path``: uvicorn's ``--root-path`` and ``Mount`` keep the prefix in ``path``)
    and on the path as it is otherwise (``FastAPI(root_path=...)`` serves both). A policy may
    be written either way, so it is matched against both readings. In an app mounted behind
    a server's root path (``--root-path /proxy``, ``Mount("/api/v1", sub)``), ``root_path`` is
    both prefixes: a policy written for the top app's routes (``/api/v1/chat``) is matched
    against the path without the server's root path (``app_root_path``), as it is on the top
    app.
    """
    root: str = scope.get("root_path", "")
    if not root:
        return _NO_ROOT
    path: str = scope["path"]
    if path.startswith(root) and path[len(root) : len(root) + 1] == "/":
        route = path[len(root) :]
    else:
        route = root.rstrip("/") + path
    app_root: str = scope.get("app_root_path", "")
    if app_root and app_root != root and path.startswith(app_root) and path[len(app_root) : len(app_root) + 1] == "/":
        return route, path[len(app_root) :]
    return route, None


async def _read_body(policy: RoutePolicy, declared: str | None, receive: Receive) -> bytes | None:
    """The whole body, or None on disconnect; raises BadRequest(413) past the size limit.

    `declared` is the Content-Length header, if any."""
    if declared is not None:
        # Before the first receive(): uvicorn then never sends "100 Continue".
        declared_length(declared, policy.max_body_bytes)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > policy.max_body_bytes:
            raise BadRequest(413, "body_too_large", f"request body larger than {policy.max_body_bytes} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _with_new_length(raw: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    # The rewritten body is plain (decoded) bytes: drop content-encoding, fix content-length.
    kept = [(k, v) for k, v in raw if k.lower() not in (b"content-length", b"content-encoding", b"transfer-encoding")]
    return [*kept, (b"content-length", str(length).encode())]


def _adding_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = dict(message)
            message["headers"] = [*message.get("headers", []), *extra]
        await send(message)

    return wrapped
