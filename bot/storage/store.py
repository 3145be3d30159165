"""What the record modules need of a database, whichever one it is: SQLite's `Connection` or
PostgreSQL's `PostgresConnection`. Their SQL is the dialect both speak, with `?` placeholders.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Protocol


class Reader(Protocol):
    """Reads inside one read-only transaction: one moment's state of the whole database."""

    async def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any: ...

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]: ...

    def batches(self, sql: str, size: int) -> AsyncIterator[list[Any]]:
        """The rows of a query `size` at a time, so a big table never sits in memory whole."""


class Writer(Protocol):
    """Statements inside one write transaction."""

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        """Run a statement; the number of rows it changed."""

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once for each row of parameters."""

    async def numbering_follows(self, table: str, column: str) -> None:
        """Generated ids of `column` continue after the rows now there (after a copy)."""

    async def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None: no row)."""

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        """Every row, each a sequence of its columns."""

    async def version(self) -> int:
        """The schema version the database records, read to migrate: other migrations of the
        same database wait until this transaction ends."""

    async def set_version(self, version: int) -> None: ...

    def ddl(self, statement: str) -> str:
        """A migration step (written for SQLite) as this database takes it."""


class Store(Protocol):
    """A database: writes one transaction at a time, reads of committed data only."""

    @property
    def name(self) -> str:
        """How messages name it: the file, or the URL without its password."""

    @property
    def path(self) -> Path | None:
        """The SQLite file; None for a server database."""

    def write(self) -> AbstractAsyncContextManager[Writer]:
        """A transaction, committed when the block ends and rolled back if it raises."""

    def snapshot(self) -> AbstractAsyncContextManager[Reader]:
        """Reads that all see the database as it was when the first one ran (to copy it);
        writers do not wait for it."""

    async def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any: ...

    async def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]: ...

    async def version(self) -> int:
        """The schema version the database records (0: not a FactBot database yet)."""

    async def close(self) -> None: ...
