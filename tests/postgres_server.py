"""A throw-away PostgreSQL server for the storage tests, started once a session.

`FACTBOT_TEST_POSTGRES_URL` names a server to use instead (it must be one the tests may fill
and empty). Otherwise the server binaries are looked for where Debian's `postgresql` package
puts them (`.ci/run` installs it when missing); PostgreSQL refuses to run as root, so under
root the server runs as the `postgres` system user. It listens on a unix socket in its own
folder only (no port to race for), and a server left by a test run that died is stopped
the next time.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

_PREFIX = "factbot-pg-"
_OWNER = "owner.pid"


class PostgresUnavailable(Exception):
    """No server to test against, and why."""


def _binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    # The newest release: 15 before 9.6, as numbers and not as text.
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: [int(part) for part in re.findall(r"\d+", Path(path).parts[4])],
    )
    if not versions:
        raise PostgresUnavailable(
            "PostgreSQL is not installed (apt-get install postgresql, or set "
            "FACTBOT_TEST_POSTGRES_URL)"
        )
    return Path(versions[-1]).parent


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ThrowAwayServer:
    """initdb into a temporary folder, start listening in it, stop and delete."""

    def __init__(self, folder: Path | None = None) -> None:
        """A new server, or (`folder`) the one a dead test run left there."""
        self.binaries = _binaries()
        self._as_postgres = os.geteuid() == 0
        # Under root the postgres user must reach the folder: a private TMPDIR (0700) would
        # stop initdb, so use the shared /tmp.
        self._parent = "/tmp" if self._as_postgres else tempfile.gettempdir()
        self.folder = folder or Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self._parent))
        self.data = self.folder / "data"

    def _run(self, *command: str) -> None:
        argv = [str(self.binaries / command[0]), *command[1:]]
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{command[0]} failed: {done.stderr.strip()[-500:]}")

    def start(self) -> str:
        """The URL of the started server's `postgres` database; on failure nothing is left."""
        self._sweep_abandoned()
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> str:
        (self.folder / _OWNER).write_text(str(os.getpid()))
        if self._as_postgres:
            try:
                shutil.chown(self.folder, "postgres")
            except LookupError as error:
                raise PostgresUnavailable(f"running as root and {error}") from error
        self._run("initdb", "-D", str(self.data), "-U", "factbot", "-A", "trust", "-E", "UTF8")
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.folder} -c fsync=off "
            "-c max_connections=200"
        )
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")
        return f"postgresql://factbot@/postgres?host={self.folder}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _sweep_abandoned(self) -> None:
        """Stop and delete the servers of test runs that died without stopping theirs."""
        for folder in Path(self._parent).glob(f"{_PREFIX}*"):
            owner = folder / _OWNER
            try:
                pid = int(owner.read_text())
            except (OSError, ValueError):
                continue
            if folder != self.folder and not _alive(pid):
                try:
                    ThrowAwayServer(folder).stop()
                except PostgresUnavailable:
                    shutil.rmtree(folder, ignore_errors=True)


def database_url(server: str, name: str) -> str:
    """The URL of database `name` on the server of URL `server`, its options kept."""
    return urlsplit(server)._replace(path=f"/{name}").geturl()
