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
