"""The progress of a batch, shown in the main process: a rich bar on a terminal, plain lines otherwise.

Workers never print; the batch calls `advance` once per client result, in the main process. rich is imported only
when stderr is a terminal, so a batch run from cron or CI pays nothing for it.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """One display for `total` clients; use it as a context manager around the run."""

    def __init__(self, total: int):
        self.total, self.done, self.failed = total, 0, 0
        self.started = self.last = time.monotonic()
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("scoring"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}/s"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.task = self.bar.add_task("batch", total=total, rate="0")

    def __enter__(self) -> Progress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()
        elif self.total:
            self._line()

    def advance(self, failed: bool) -> None:
        """One more client done; without a terminal a line every two seconds at most, and one at the end."""
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.bar:
            rate = self.done / max(now - self.started, 1e-9)
            self.bar.update(self.task, advance=1, rate=f"{rate:.0f}")
        elif now - self.last >= 2 and self.done < self.total:
            self.last = now
            self._line()

    def _line(self) -> None:
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        sys.stderr.write(f"scored {self.done}/{self.total} ({self.failed} failed), {rate:.0f}/s\n")

    def log(self, message: str) -> None:
        """A line above the bar (a failed client), taken as plain text: never rich markup, and its file names and
        quoted values never act on the terminal (control characters, bidi marks and lone surrogates are shown as
        escapes, `\\x1b`)."""
        from .safetext import visible

        message = visible(message)
        if self.bar:
            self.bar.console.print(message, markup=False, highlight=False)
        else:
            sys.stderr.write(message + "\n")
