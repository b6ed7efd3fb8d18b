"""How messages travel: the national hub (GGK for gemeenten, VECOZO for providers) delivers them as files in a
mailbox. One small interface, so a hub spoken over HTTP is another Mailbox later (docs/messaging.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from django.conf import settings


class Mailbox(Protocol):
    def send(self, name: str, content: bytes) -> None: ...

    def receive(self) -> Iterator[tuple[str, bytes]]: ...

    def deliver(self, name: str, content: bytes) -> None:
        """Put a file in the inbox as the hub does (atomically): the simulated providers (provider_side.py)."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        tmp = self.inbox / f".{name}.tmp"
        tmp.write_bytes(content)
        os.replace(tmp, self.inbox / name)

    def done(self, name: str) -> None: ...


class FolderMailbox:
    """Outgoing files are written atomically (temporary name, then rename) into `outbox`; incoming files are read
    from `inbox` and moved to `inbox/verwerkt/` once stored (their raw bytes are in the database by then)."""

    def __init__(self, inbox: Path | None = None, outbox: Path | None = None):
        self.inbox = Path(inbox or settings.TOEGANG_BERICHTEN_IN)
        self.outbox = Path(outbox or settings.TOEGANG_BERICHTEN_UIT)

    def send(self, name: str, content: bytes) -> None:
        self.outbox.mkdir(parents=True, exist_ok=True)
        tmp = self.outbox / f".{name}.tmp"
        tmp.write_bytes(content)
        os.replace(tmp, self.outbox / name)

    def receive(self) -> Iterator[tuple[str, bytes]]:
        if not self.inbox.is_dir():
            return
        for path in sorted(p for p in self.inbox.iterdir() if p.is_file() and not p.name.startswith(".")):
            yield path.name, path.read_bytes()

    def deliver(self, name: str, content: bytes) -> None:
        """Put a file in the inbox as the hub does (atomically): the simulated providers (provider_side.py)."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        tmp = self.inbox / f".{name}.tmp"
        tmp.write_bytes(content)
        os.replace(tmp, self.inbox / name)

    def done(self, name: str) -> None:
        processed = self.inbox / "verwerkt"
        processed.mkdir(exist_ok=True)
        try:
            os.replace(self.inbox / name, processed / name)
        except FileNotFoundError:  # moved aside already (an operator, a pickup on another server): stored either way
            pass


def mailbox() -> Mailbox:
    return FolderMailbox()
