"""HTTP under the API client: a requests Session per thread, timeouts, size caps, and the
mapping of every failure onto the domain's error hierarchy.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

import requests

from homeagent.domain.errors import (
    ApiAuthError,
    ApiBadResponse,
    ApiConflict,
    ApiError,
    ApiNotFound,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
)

log = logging.getLogger(__name__)

MAX_BODY = 4 * 1024 * 1024  # no answer of this API is near this; a bigger one is hostile
_MAX_RETRY_AFTER_S = 3600.0


def use_os_trust_store() -> bool:
    """Verify HTTPS against the OS trust store (corporate CAs IT deployed there) instead of
    certifi's list alone. Process-wide; call once at start. False if unavailable."""
    try:
        import truststore

        truststore.inject_into_ssl()
    except (ImportError, RuntimeError) as exc:
        log.warning("OS trust store unavailable, using certifi's bundle: %s", exc)
        return False
    return True


@dataclass(frozen=True)
class Response:
    status: int
    body: Any  # parsed JSON, or None
    etag: str = ""


class Http:
    def __init__(
        self,
        base_url: str,
        *,
        verify: bool | str = True,
        timeout: tuple[float, float] = (3.05, 10.0),
        user_agent: str = "HomeAgent",
    ) -> None:
        if verify is False:
            raise ValueError("TLS verification stays on")
        self.base_url = base_url.rstrip("/")
        self._verify = verify
        self._timeout = timeout
        self._user_agent = user_agent
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self._user_agent
            session.headers["Accept"] = "application/json, application/problem+json"
            session.trust_env = False  # no proxy or netrc surprises from the environment
            self._local.session = session
        return session

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, str] | None = None,
        token: str = "",
        etag: str = "",
    ) -> Response:
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if etag:
            headers["If-None-Match"] = etag
        try:
            with self._session().request(
                method,
                self.base_url + path,
                json=json_body,
                params=params,
                headers=headers,
                timeout=self._timeout,
                verify=self._verify,
                stream=True,
                allow_redirects=False,
            ) as resp:
                raw = _read_capped(resp)
                status = resp.status_code
                resp_headers = resp.headers
        except requests.exceptions.SSLError as exc:
            raise ApiUnavailable(f"TLS: {type(exc).__name__}", detail="tls") from None
        except requests.exceptions.Timeout:
            raise ApiUnavailable("timeout") from None
        except requests.exceptions.RequestException as exc:
            raise ApiUnavailable(f"network: {type(exc).__name__}") from None
        body = _parse(raw, resp_headers.get("Content-Type", ""), status)
        if 200 <= status < 300 or status == 304:
            return Response(status, body, resp_headers.get("ETag", ""))
        raise _error(status, body, resp_headers)


def _read_capped(resp: requests.Response) -> bytes:
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise ApiBadResponse(f"response too large ({declared} bytes)")
    chunks, size = [], 0
    for chunk in resp.iter_content(65536):
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiBadResponse("response too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(raw: bytes, content_type: str, status: int) -> Any:
    if not raw or status in (204, 304):
        return None
    if "json" not in content_type:
        if 200 <= status < 300:
            raise ApiBadResponse(f"not JSON ({content_type or 'no type'})")
        return None  # an HTML error page from a proxy: the status says enough
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[..."
        if 200 <= status < 300:
            raise ApiBadResponse("malformed JSON") from None
        return None


def _problem_detail(body: Any) -> str:
    if isinstance(body, dict):
        parts = [body.get("title"), body.get("detail")]
        return " — ".join(str(p)[:500] for p in parts if isinstance(p, str) and p)
    return ""


def _retry_after(headers: Any) -> float:
    raw = headers.get("Retry-After", "")
    try:
        return max(0.0, min(float(raw), _MAX_RETRY_AFTER_S))
    except ValueError:
        return 30.0


def _error(status: int, body: Any, headers: Any) -> ApiError:
    detail = _problem_detail(body)
    if status == 429:
        return ApiRateLimited("rate limited", _retry_after(headers), detail)
    if status == 401:
        return ApiAuthError("unauthorised", status, detail)
    if status == 408 or status >= 500:
        return ApiUnavailable(f"server error {status}", status, detail)
    if status == 409:
        return ApiConflict("conflict", status, detail)
    if status == 404:
        return ApiNotFound("not found", status, detail)
    return ApiRejected(f"rejected {status}", status, detail)
