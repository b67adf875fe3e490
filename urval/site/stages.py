"""Timed, logged build stages, with a heartbeat for stages that run longer than a moment."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from urval.messages import say
from urval.messages.keys import MessageKey
from urval.text import thousands

HEARTBEAT_SECONDS = 2.0


@dataclass
class StageLog:
    out: TextIO = field(default_factory=lambda: sys.stderr)
    timings: dict[str, float] = field(default_factory=dict)
    _progress: str = ""

    def progress(self, done: int, total: int) -> None:
        """Record how far a stage has come; shown by the heartbeat."""
        self._progress = f"{thousands(done)}/{thousands(total)}"

    @contextmanager
    def stage(self, key: MessageKey) -> Iterator[None]:
        name = say(key)
        started = time.perf_counter()
        self._progress = ""
        finished = threading.Event()

        def heartbeat() -> None:
            while not finished.wait(HEARTBEAT_SECONDS):
                elapsed = time.perf_counter() - started
                detail = f" ({self._progress})" if self._progress else ""
                print(
                    say("stage_running", stage=name, seconds=f"{elapsed:.0f}", detail=detail), file=self.out, flush=True
                )

        thread = threading.Thread(target=heartbeat, daemon=True)
        thread.start()
        try:
            yield
        finally:
            finished.set()
            thread.join()
        seconds = time.perf_counter() - started
        self.timings[key] = seconds
        print(say("stage_done", stage=name, seconds=f"{seconds:.2f}"), file=self.out, flush=True)
