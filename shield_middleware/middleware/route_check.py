"""Policies that name an exact path or a route template no route of the app serves: a typo
("/v1/chat/completion", "/chat/{id}/mesages") leaves the route it was meant for unguarded, so
the middleware says so once, at its first call. A template is checked by an example path it
matches ("/chat/1").

Starlette and FastAPI routes are found down the middleware chain (``.app`` attributes, to an
object with a ``routes`` list) and asked as the router asks them (``route.matches``), into
mounted apps and host routes; a Flask app is found through its ``wsgi_app`` method or itself
(its ``url_map``). Other apps are not checked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from starlette.routing import Match, Mount

from .policy import RoutePolicy, template_example

logger = logging.getLogger("shield_middleware")

# How far down a chain of middleware, or of mounted apps, the routes are looked for.
_MAX_DEPTH = 32


def warn_unmatched_policies(policies: Sequence[RoutePolicy], app: Any, *root_paths: str) -> None:
    """Log a warning for each exact-path or template policy that none of the app's routes serves.

    `root_paths` are the prefixes the middleware's app is served under (a mount's path, with
    or without a proxy's root path; WSGI's ``SCRIPT_NAME``), where known: a policy may name
    the path with one, as the middleware matches it, and the app routes it without.
    """
    serves = _route_matcher(app)
    if serves is None:
        return
    roots = [r.rstrip("/") for r in root_paths if r.rstrip("/")]
    for policy in policies:
        if policy.match_kind == "exact":
            path = policy.path
        elif policy.match_kind == "template":
            path = template_example(policy.path)
        else:
            continue
        # Such a policy guards its path with and without one trailing slash.
        other = path[:-1] if len(path) > 1 and path.endswith("/") else path + "/"
        forms = [path, other]
        forms += [f[len(r) :] for r in roots for f in forms[:2] if f.startswith(r) and f[len(r) : len(r) + 1] == "/"]
        if not any(serves(form) for form in forms):
            logger.warning(
                "shield_middleware: route policy %r matches none of the app's routes; "
                "requests to the route it was meant for pass unguarded",
                policy.path,
            )


def _route_matcher(app: Any) -> Callable[[str], bool] | None:
    """A function telling whether the app serves a path, or None when its routes are unknown."""
    flask_app = getattr(app, "__self__", app)  # app.wsgi_app is a bound method of the Flask app
    url_map = getattr(flask_app, "url_map", None)
    if url_map is not None and hasattr(url_map, "bind"):
        adapter = url_map.bind("localhost")
        return lambda path: _werkzeug_serves(adapter, path)
    for _ in range(_MAX_DEPTH):
        routes = getattr(app, "routes", None)
        if isinstance(routes, list):
            return lambda path: _starlette_serves(routes, _http_scope(path), 0)
        app = getattr(app, "app", None)
        if app is None:
            return None
    return None


def _http_scope(path: str) -> dict[str, Any]:
    return {"type": "http", "method": "POST", "path": path, "root_path": "", "headers": [], "query_string": b""}


def _starlette_serves(routes: Sequence[Any], scope: dict[str, Any], depth: int) -> bool:
    """Whether one of `routes` serves the scope's path, for some method (a route for other
    methods is a route: its policy may simply name them). Routes are asked with their own
    ``matches``, as the router asks them: FastAPI's included routers, Starlette's mounts (the
    mounted app's routes too, where it has them) and host routes (whatever the host) alike."""
    if depth > _MAX_DEPTH:
        return True
    for route in routes:
        if hasattr(route, "host_regex"):  # Host: the route serves its app's paths on its host
            inner = getattr(route, "routes", None)
            if not inner or _starlette_serves(inner, scope, depth + 1):
                return True
            continue
        try:
            match, child = route.matches(scope)
        except Exception:  # a route that cannot answer a made-up scope: no false alarm
            return True
        if match is Match.NONE:
            continue
        inner = getattr(route, "routes", None) if isinstance(route, Mount) else None
        if not inner or _starlette_serves(inner, {**scope, **child}, depth + 1):
            return True  # a route, or a mounted app whose routes are unknown (static files)
    return False


def _werkzeug_serves(adapter: Any, path: str) -> bool:
    try:
        adapter.match(path, method="POST")
    except Exception as exc:  # werkzeug's own exceptions: not imported, Flask is optional
        # A route for other methods, or one that redirects (a trailing slash), exists.
        return type(exc).__name__ in ("MethodNotAllowed", "RequestRedirect")
    return True
