"""ShieldWSGIMiddleware: the WSGI adapter (Flask, Django's WSGI app, any WSGI app).

```python
app.wsgi_app = ShieldWSGIMiddleware(app.wsgi_app)                   # every POST / PUT / PATCH
app.wsgi_app = ShieldWSGIMiddleware(app.wsgi_app, policies="policy.toml")
```

Body rules (as werkzeug's): never read past ``CONTENT_LENGTH``; without it, read only when the
server marks the stream terminated (``wsgi.input_terminated``), else the body is empty; the app
gets a fresh ``BytesIO`` with the bytes the guard scanned. The app's iterable is returned
untouched, so ``close()`` reaches the server. The verdict is at
``environ["shield_middleware.verdict"]``.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any, cast

from ..config import MLConfig
from ..shield import Shield
from .guard import RESULT_ENVIRON_KEY, VERDICT_ENVIRON_KEY, GuardResult, Outcome, RouteGuard
from .payload import BadRequest, declared_length
from .policy import RoutePolicy, adapter_config, check_switches
from .route_check import warn_unmatched_policies

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]
OnBlockWSGI = Callable[[Environ, GuardResult], "WSGIApp | None"]

_READ_CHUNK = 64 * 1024


class ShieldWSGIMiddleware:
    """Guards the prompts that reach a WSGI app; same options and semantics as `ShieldMiddleware`.

    `on_block(environ, result)` may return a WSGI application (a werkzeug ``Response`` is one)
    that answers the blocked request, or None for the default answer. Around a Flask app it runs
    in the request's context and may return what a Flask view returns (``jsonify(...)``, a
    dict, a ``(body, status)`` tuple).
    """

    def __init__(
        self,
        app: WSGIApp,
        *,
        config: MLConfig | Mapping[str, Any] | None = None,
        policies: Sequence[RoutePolicy] | str | Path | None = None,
        shield: Shield | None = None,
        on_block: OnBlockWSGI | None = None,
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
        self._routes_checked = False
        if preload:
            # Now, as ASGI's lifespan does: a broken model fails the app's start-up, not every
            # request, and the first request does not pay the load inside its scan timeout.
            for s in self.guard.shields():
                s.preload()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if not self._routes_checked:  # at the first request: the app has its routes by then
            self._routes_checked = True
            warn_unmatched_policies(self.guard.policies, self.app, environ.get("SCRIPT_NAME", ""))
        method = environ.get("REQUEST_METHOD", "GET").upper()
        raw_path = environ.get("PATH_INFO", "") or "/"
        # The path as Werkzeug routes it: PEP 3333 servers pass its bytes as latin-1 characters,
        # which Werkzeug decodes as UTF-8 ("/café"); PATH_INFO as it came only as a fallback.
        path = _werkzeug_text(raw_path)
        # Under a SCRIPT_NAME (gunicorn's, a DispatcherMiddleware mount) the app routes PATH_INFO
        # and the client sent both: a policy may name either, as on ASGI with a root path.
        script_name = environ.get("SCRIPT_NAME", "")
        full_path = _werkzeug_text(script_name.rstrip("/")) + path if script_name else None
        policy = self.guard.policy_for(method, path, full_path, fallback=raw_path)
        if policy is None:
            return self.app(environ, start_response)
        started = time.perf_counter()
        try:
            body = _read_body(policy, environ)
            payload = self.guard.inspect(
                policy,
                body,
                environ.get("CONTENT_TYPE", ""),
                environ.get("HTTP_CONTENT_ENCODING", ""),
                _query_string(environ),
            )
        except BadRequest as exc:
            self.guard.log_rejected(method, path, exc)
            return _respond(start_response, exc.status, self.guard.error_body(exc), [])

        shield = self.guard.shield_of(policy)
        timeout = policy.timeout_s if policy.timeout_s is not None else shield.config.timeout_s
        result = self.guard.evaluate(policy, payload, timeout_s=timeout)
        self.guard.log(method, path, result, len(body), started)
        extra = (
            [(k.decode(), v.decode()) for k, v in RouteGuard.response_headers(result)]
            if policy.response_headers
            else []
        )

        if result.outcome is Outcome.BLOCK:
            blocked_app = self._on_block(environ, body, result) if self.on_block is not None else None
            if blocked_app is not None:
                return blocked_app(environ, _adding_headers(start_response, extra))
            status, content = self.guard.block_body(policy, result)
            return _respond(start_response, status, content, extra)

        environ[VERDICT_ENVIRON_KEY] = result.verdict
        environ[RESULT_ENVIRON_KEY] = result
        if result.outcome is Outcome.REDACT:
            assert result.body is not None
            body = result.body
            environ.pop("HTTP_CONTENT_ENCODING", None)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["wsgi.input_terminated"] = True
        # The app's iterable goes back untouched so that the server calls its close().
        return self.app(environ, _adding_headers(start_response, extra) if extra else start_response)

    def _on_block(self, environ: Environ, body: bytes, result: GuardResult) -> WSGIApp | None:
        assert self.on_block is not None
        # The hook may read the request: the body again, from the start.
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        flask_app = _flask_app(self.app)
        if flask_app is None:
            answer = self.on_block(environ, result)
            if answer is not None and not callable(answer):
                raise TypeError(f"on_block must return a WSGI application or None, got {type(answer).__name__}")
            return answer
        # In the request's context, as a view runs: jsonify, flask.request and make_response work.
        with flask_app.request_context(environ):
            answer = self.on_block(environ, result)
            if answer is None or callable(answer):  # a werkzeug Response, or any WSGI app
                return answer
            return cast(WSGIApp, flask_app.make_response(answer))


def _flask_app(app: Any) -> Any:
    """The Flask app behind `app` (its ``wsgi_app`` method, maybe under other middleware with
    an ``.app`` attribute, as werkzeug's ProxyFix), or None."""
    for _ in range(8):
        owner = getattr(app, "__self__", app)
        if callable(getattr(owner, "request_context", None)) and callable(getattr(owner, "make_response", None)):
            return owner
        app = getattr(owner, "app", None)
        if app is None:
            return None
    return None


def _werkzeug_text(raw: str) -> str:
    """An environ string as Werkzeug reads it: PEP 3333 servers pass its bytes as latin-1
    characters, and raw (not percent-encoded) UTF-8 in it is UTF-8 to the app."""
    return raw if raw.isascii() else raw.encode("latin-1", "replace").decode("utf-8", "replace")


def _query_string(environ: Environ) -> str:
    return _werkzeug_text(environ.get("QUERY_STRING", ""))


def _read_body(policy: RoutePolicy, environ: Environ) -> bytes:
    stream = environ.get("wsgi.input")
    declared = environ.get("CONTENT_LENGTH", "")
    if declared:
        length = declared_length(declared, policy.max_body_bytes)
    elif environ.get("wsgi.input_terminated"):
        length = policy.max_body_bytes + 1  # read to the end, but never more than the limit allows
    else:
        return b""  # no length and no terminated stream: reading could block forever
    if stream is None or length == 0:
        return b""
    chunks: list[bytes] = []
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(remaining, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    body = b"".join(chunks)
    if len(body) > policy.max_body_bytes:
        raise BadRequest(413, "body_too_large", f"request body larger than {policy.max_body_bytes} bytes")
    if declared and remaining > 0:
        # The client went away mid-body (or sent less than it declared). Werkzeug answers 400
        # for that; handed on with its length fixed, the part would read as a whole request.
        raise BadRequest(400, "incomplete_body", f"request body ended after {len(body)} of {length} bytes")
    return body


def _respond(start_response: StartResponse, status: int, content: bytes, extra: list[tuple[str, str]]) -> list[bytes]:
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(content))), *extra]
    start_response(f"{status} {reason}", headers)
    return [content]


def _adding_headers(start_response: StartResponse, extra: list[tuple[str, str]]) -> StartResponse:
    def wrapped(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        return start_response(status, [*headers, *extra], exc_info)

    return wrapped
