"""The doors of the app: a pure ASGI guard around everything, errors included.

A local app on 127.0.0.1 is reachable from every web page its user opens, so every request
passes these checks before any route sees it:

- **Trusted hosts.** The ``Host`` header must name the app itself (127.0.0.1, localhost or
  [::1] on the port the app listens on) or a host listed in the ``trusted_hosts`` setting;
  anything else (a DNS-rebinding page) gets 400.
- **Same origin.** Every unsafe method (POST, PUT, PATCH, DELETE) must come from the app's own
  pages: its ``Origin`` (or, without one, its ``Referer``, or ``Sec-Fetch-Site: same-origin``)
  must be the app's own origin, else 403.
- **CSRF token.** Every unsafe request also carries the token of the browser's session, in the
  ``X-CSRF-Token`` header (the app's script) or a ``csrf_token`` form field (plain forms). In
  local mode the token is a random value in a ``SameSite=Strict`` cookie that other sites can
  neither read nor send. In server mode it is the token of the logged-in session, kept on the
  server (given by ``POST /api/session`` and in every page); before login (the login form) the
  cookie's token stands in. Form bodies are read here (within the body limit) and replayed.
- **Sessions (server mode).** The guard looks the session cookie up once per request (a
  signed token; :func:`gcat.services.accounts.resolve_session`) and hands the session on in
  ``scope["state"]["session"]``; the routes' actor comes from it. A database that cannot
  answer gives 503 with ``Retry-After``. A client that sends no ``Origin``, ``Referer`` or
  ``Sec-Fetch-Site`` at all is not a browser (browsers send ``Origin`` on every cross-site
  request), so in server mode it may change things when it carries its session's token.
- **Body limit on the bytes received**, chunked or not: past the limit the request is answered
  413 and the app sees the body end.
- **Security headers** (strict CSP, ``nosniff``, no referrer) on every response, the guard's
  own refusals and server errors included. The referrer policy is ``same-origin``: with
  ``no-referrer`` browsers send ``Origin: null`` on form posts, which the origin check needs.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable, Mapping
from http.cookies import SimpleCookie
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gcat.errors import UnavailableError


class _Session(Protocol):
    @property
    def csrf_token(self) -> str: ...


SessionLookup = Callable[[str | None], _Session | None]
"""Server mode: the live session a cookie value names, or None."""

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOOPBACK_HOSTS",
    "SECURITY_HEADERS",
    "SESSION_COOKIE",
    "Guard",
    "new_csrf_token",
]

CSRF_COOKIE = "gcat_csrf"
SESSION_COOKIE = "gcat_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = (b"application/x-www-form-urlencoded", b"multipart/form-data")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def new_csrf_token() -> str:
    """A fresh random CSRF token."""
    return secrets.token_urlsafe(32)


def _split_host(value: str) -> tuple[str, int | None]:
    """``host[:port]`` → (lower-case host, port or None); IPv6 keeps its brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        host, rest = value[: end + 1], value[end + 1 :]
    else:
        host, _, port_text = value.partition(":")
        rest = f":{port_text}" if port_text else ""
    if rest.startswith(":") and rest[1:].isdigit() and len(rest) <= 6:
        return host, int(rest[1:])
    return host, None if not rest else -1


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    raw = headers.get(b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def _multipart_field(body: bytes, content_type: bytes, name: str) -> str | None:
    """The value of a small text field in a multipart body (None when absent)."""
    boundary = b""
    for param in content_type.split(b";")[1:]:
        key, _, value = param.strip().partition(b"=")
        if key.lower() == b"boundary":
            boundary = value.strip(b'"')
    if not boundary:
        return None
    marker = b'name="' + name.encode() + b'"'
    for part in body.split(b"--" + boundary):
        head, sep, value = part.partition(b"\r\n\r\n")
        if sep and marker in head and b"filename=" not in head:
            return value.rstrip(b"\r\n").decode("utf-8", "replace")
    return None


class _TooLarge(Exception):
    """The request body went past the limit."""


class _Refused(Exception):
    """A request the guard answers itself."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


class Guard:
    """Pure ASGI middleware: the checks of this module, in front of the whole app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        trusted_hosts: Iterable[str] = (),
        csrf_exempt: Iterable[tuple[str, str]] = (),
        body_limits: Mapping[str, int] | None = None,
        sessions: SessionLookup | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.body_limits = dict(body_limits or {})
        """Paths that take a larger body than ``max_body`` (restoring a backup)."""
        self.trusted = frozenset(host.lower() for host in trusted_hosts)
        self.csrf_exempt = frozenset(csrf_exempt)
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(event: Message) -> None:
            nonlocal started
            if event["type"] == "http.response.start":
                started = True
                event["headers"] = [*event.get("headers", []), *_HEADERS]
            await send(event)

        headers = dict(scope["headers"])
        host = self._host(scope, headers)
        if host is None:
            await refuse(scope, send_with_headers, 400, "request.bad_host")
            return
        max_body = self.body_limits.get(scope["path"], self.max_body)
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body):
            await refuse(scope, send_with_headers, 413, "file.too_large")
            return
        try:
            receive = await self._admit(scope, headers, host, receive, max_body)
        except _Refused as refused:
            await refuse(scope, send_with_headers, refused.status, refused.code)
            return
        too_large = False
        received = 0

        async def bounded_receive() -> Message:
            nonlocal too_large, received
            if too_large:
                return {"type": "http.disconnect"}
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > max_body:
                    too_large = True
                    return {"type": "http.disconnect"}
            return event

        async def send_unless_refused(event: Message) -> None:
            if not too_large:
                await send_with_headers(event)

        try:
            await self.app(scope, bounded_receive, send_unless_refused)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await refuse(scope, send_with_headers, 413, "file.too_large")

    async def _admit(
        self,
        scope: Scope,
        headers: dict[bytes, bytes],
        host: str,
        receive: Receive,
        max_body: int,
    ) -> Receive:
        """The session (server mode), then the origin and token of an unsafe request; the
        ``receive`` the app reads the body from. Raises :class:`_Refused`."""
        session: Any = None
        if self.sessions is not None and not scope["path"].startswith("/static/"):
            try:
                session = self.sessions(_cookie(headers, SESSION_COOKIE))
            except UnavailableError:
                raise _Refused(503, "database.unavailable") from None
            scope.setdefault("state", {})["session"] = session
        if scope["method"] not in UNSAFE_METHODS:
            return receive
        if not self._same_origin(headers, host):
            raise _Refused(403, "request.cross_site")
        try:
            return await self._check_csrf(scope, headers, receive, max_body, session)
        except _TooLarge:
            raise _Refused(413, "file.too_large") from None
        except PermissionError:
            raise _Refused(403, "request.bad_token") from None

    def _host(self, scope: Scope, headers: dict[bytes, bytes]) -> str | None:
        """The request's ``Host`` when it names this app, else None."""
        raw = headers.get(b"host", b"").decode("latin-1")
        name, port = _split_host(raw)
        if port == -1 or not name:
            return None
        if name in self.trusted:
            return raw.lower()
        server = scope.get("server")
        own_port = server[1] if server else None
        if name in LOOPBACK_HOSTS and (port or 80) == (own_port or 80):
            return raw.lower()
        return None

    def _same_origin(self, headers: dict[bytes, bytes], host: str) -> bool:
        origin = headers.get(b"origin")
        if origin is not None:
            return urlsplit(origin.decode("latin-1")).netloc.lower() == host
        referer = headers.get(b"referer")
        if referer is not None:
            return urlsplit(referer.decode("latin-1")).netloc.lower() == host
        fetch_site = headers.get(b"sec-fetch-site")
        if fetch_site is None and self.sessions is not None:
            return True  # not a browser (server mode): the session's token still decides
        return fetch_site == b"same-origin"

    async def _check_csrf(
        self,
        scope: Scope,
        headers: dict[bytes, bytes],
        receive: Receive,
        max_body: int,
        session: Any = None,
    ) -> Receive:
        """Check the CSRF token; return the ``receive`` the app should read the body from."""
        if (scope["method"], scope["path"]) in self.csrf_exempt:
            return receive
        expected = session.csrf_token if session is not None else _cookie(headers, CSRF_COOKIE)
        given = headers.get(CSRF_HEADER.encode())
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        replay = receive
        if given is None and content_type in _FORM_TYPES:
            body = await self._read_body(receive, max_body)
            replay = _replayer(body, receive)
            if content_type == _FORM_TYPES[0]:
                fields = dict(parse_qsl(body.decode("latin-1"), keep_blank_values=True))
                token = fields.get(CSRF_FIELD)
            else:
                token = _multipart_field(body, headers[b"content-type"], CSRF_FIELD)
            given = token.encode() if token is not None else None
        if not expected or given is None or not hmac.compare_digest(given, expected.encode()):
            raise PermissionError("csrf")
        return replay

    @staticmethod
    async def _read_body(receive: Receive, max_body: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            event = await receive()
            if event["type"] != "http.request":
                break
            chunk = event.get("body", b"")
            size += len(chunk)
            if size > max_body:
                raise _TooLarge
            chunks.append(chunk)
            if not event.get("more_body", False):
                break
        return b"".join(chunks)


def _replayer(body: bytes, then: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then waits on ``then`` (for a disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def refuse(scope: Scope, send: Send, status: int, code: str) -> None:
    """Answer ``status`` with the message ``code`` in the user's language (JSON or a page)."""
    from starlette.requests import Request

    from gcat.web.errors import refusal

    async def no_body() -> Message:
        return {"type": "http.disconnect"}

    response = refusal(Request(scope, no_body), status, code)
    if status == 503:
        response.headers["Retry-After"] = "5"
    await response(scope, no_body, send)
