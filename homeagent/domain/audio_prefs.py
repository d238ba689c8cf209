"""The operator's sound choices: devices by stable key, echo cancellation, volumes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

VOLUME_KINDS = ("output", "input", "ringer")
KEY_MAX = 300


@dataclass(frozen=True)
class AudioPrefs:
    """What the operator chose; "" keys mean the system default; echo None means automatic.

    A device key is "host API:device name" (AudioDevice.key), never an index, so a headset
    keeps its place after a reboot or a replug.
    """

    input_key: str = ""
    output_key: str = ""
    ringer_key: str = ""
    echo_cancellation: bool | None = None
    volumes: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "input_key": self.input_key,
            "output_key": self.output_key,
            "ringer_key": self.ringer_key,
            "echo_cancellation": self.echo_cancellation,
            "volumes": dict(self.volumes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AudioPrefs:
        """Whatever the file holds: wrong types fall back to the defaults, never fail."""

        def key(name: str) -> str:
            value = data.get(name)
            return value if isinstance(value, str) and len(value) <= KEY_MAX else ""

        echo = data.get("echo_cancellation")
        raw = data.get("volumes")
        volumes = {
            kind: float(level)
            for kind, level in (raw.items() if isinstance(raw, dict) else ())
            if kind in VOLUME_KINDS
            and isinstance(level, int | float)
            and not isinstance(level, bool)
            and math.isfinite(level)
            and 0.0 <= level <= 1.0
        }
        return cls(
            key("input_key"),
            key("output_key"),
            key("ringer_key"),
            echo if isinstance(echo, bool) else None,
            volumes,
        )
