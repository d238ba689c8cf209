"""Headset audio inside the engine process (see DESIGN-NOTES.md)."""

import sys


def _load_miniaudio_without_numpy() -> None:
    """pyminiaudio imports numpy whenever it is installed, for an API we never call: 11 MB
    in the engine (measured), and numpy is installed wherever livekit is (Windows, the dev
    venv). So miniaudio is loaded first, with numpy hidden; livekit still gets it later."""
    if "miniaudio" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
    try:
        import miniaudio  # noqa: F401
    except ImportError:
        pass  # reported where a device is opened
    finally:
        del sys.modules["numpy"]


_load_miniaudio_without_numpy()
