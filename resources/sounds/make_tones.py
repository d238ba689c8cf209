"""Write HomeAgent's ringtone and headset tones as 16 kHz mono WAVs next to this file.

    .venv/bin/python resources/sounds/make_tones.py

The engine plays these files when present (IT may replace the ringtone), and generates the
same sounds itself when they are missing (homeagent/audio/tones.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from homeagent.audio.tones import write_all

if __name__ == "__main__":
    write_all(Path(__file__).resolve().parent)
