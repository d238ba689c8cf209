"""One error hierarchy. Adapters translate library errors into these at their boundary."""

from __future__ import annotations


class HomeAgentError(Exception):
    """A known, explainable failure: the operator or IT can be told what happened."""

    code = "error"


class ConfigError(HomeAgentError):
    """Provisioning or preferences are invalid. Names the file, the key and what is wrong."""

    code = "config"

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.source = source
        self.key = key
        self.problem = problem


class NumberError(HomeAgentError):
    """A number or URI that cannot be dialled."""

    code = "bad_number"


class EngineError(HomeAgentError):
    """The SIP engine refused a command or is not running."""

    code = "engine"


class ProtocolError(HomeAgentError):
    """A message between the GUI and the engine could not be understood."""

    code = "protocol"


class SecretStoreError(HomeAgentError):
    """The OS keyring is missing or refused; we never fall back to a plain file."""

    code = "keyring"


class StorageError(HomeAgentError):
    """The local database cannot be used (disk full, corrupt, newer schema)."""

    code = "storage"


class ApiError(HomeAgentError):
    """The central API failed us; subclasses say whether waiting can help."""

    code = "api"

    def __init__(self, message: str, status: int = 0, detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class ApiUnavailable(ApiError):
    """Network down, timeout, 5xx, 408: transient, retry later."""

    code = "api_unavailable"


class ApiRateLimited(ApiUnavailable):
    """429: wait `retry_after_s` (locked-out sign-in, or too many requests)."""

    code = "api_rate_limited"

    def __init__(self, message: str, retry_after_s: float, detail: str = "") -> None:
        super().__init__(message, 429, detail)
        self.retry_after_s = retry_after_s


class ApiAuthError(ApiError):
    """401: wrong credentials, or the session cannot be refreshed: sign in again."""

    code = "api_auth"


class ApiRejected(ApiError):
    """A 4xx the server means: the request will never succeed as it is (park it, show it)."""

    code = "api_rejected"


class ApiConflict(ApiRejected):
    """409: the id exists with another body. We never change a body, so this is a bug."""

    code = "api_conflict"


class ApiNotFound(ApiRejected):
    code = "api_not_found"


class ApiBadResponse(ApiError):
    """The server answered something we cannot trust: malformed, wrong types, too large."""

    code = "api_bad_response"
