"""End-to-end tests run the real app in this process (offscreen Qt) against real peers."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
