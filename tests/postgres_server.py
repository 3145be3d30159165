"""A throw-away PostgreSQL server on loopback for the storage tests, started once a session.

`FACTBOT_TEST_POSTGRES_URL` names a server to use instead (it must be one the tests may fill
and empty). Otherwise the server binaries are looked for where Debian's `postgresql` package
puts them (`.ci/run` installs it when missing); PostgreSQL refuses to run as root, so under
root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(Exception):
    """No server to test against, and why."""


def _binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not versions:
        raise PostgresUnavailable(
            "PostgreSQL is not installed (apt-get install postgresql, or set "
            "FACTBOT_TEST_POSTGRES_URL)"
        )
    return Path(versions[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowAwayServer:
    """initdb into a temporary folder, start on a free loopback port, stop and delete."""

    def __init__(self) -> None:
        self.binaries = _binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="factbot-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0

    def _run(self, *command: str) -> None:
        argv = [str(self.binaries / command[0]), *command[1:]]
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{command[0]} failed: {done.stderr.strip()[-500:]}")

    def start(self) -> str:
        """The URL of the started server's `postgres` database."""
        if self._as_postgres:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "factbot", "-A", "trust", "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} -c fsync=off"
        )
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")
        return f"postgresql://factbot@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
