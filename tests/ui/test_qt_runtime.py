"""Guards against Qt binding regressions that only show on our Python (3.11)."""

import sys

from PySide6.QtCore import QObject, Signal, Slot


class _Emitter(QObject):
    flag = Signal(bool)

    calls = 0

    @Slot(bool)
    def _on_self_flag(self, value: bool) -> None:
        self.calls += 1


def test_bool_signals_keep_reference_counts() -> None:
    """PySide6 6.12.0 dropped a reference to True/False on every Signal(bool) -> Slot(bool)
    call; on 3.11 (bools are not immortal) the process then aborts in the garbage collector."""
    emitter = _Emitter()
    emitter.flag.connect(emitter._on_self_flag)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.flag.emit(True)
    assert emitter.calls == 200
    # a few references come and go with the interpreter's own work; the bug lost 200
    assert abs(sys.getrefcount(True) - before) < 20
