"""Throw-away PostgreSQL clusters for tests: a primary and a streaming replica made with `pg_basebackup -R`.

Uses the server binaries of the machine (/usr/lib/postgresql/*/bin); when the tests run as root the
clusters run as the `postgres` OS user (runuser). Data directories live in one temporary directory that
`remove()` deletes after stopping the servers.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def server_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_postgres():
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return ["runuser", "-u", "postgres", "--"]


def available():
    return bool(server_binaries() and _as_postgres() is not None and (os.geteuid() != 0 or shutil.which("runuser")))


class Cluster:
    def __init__(self, base, name, port):
        self.bin = server_binaries()
        self.base = Path(base)
        self.data = self.base / name
        self.port = port
        self.log = self.base / f"{name}.log"

    def _run(self, *args, timeout=120):
        done = subprocess.run([*_as_postgres(), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                              cwd=self.base)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}\n"
                               f"{self.log.read_text() if self.log.exists() else ''}")
        return done.stdout

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def initdb(self):
        self._run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        return self

    def start(self):
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off -c max_connections=40 "
                   "-c shared_buffers=32MB -c hot_standby_feedback=on")
        self._run(self.bin / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o", options, "start")
        return self

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            try:
                self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "-t", "30", "stop")
            except RuntimeError:
                pass

    def replica(self, name, port):
        """A streaming replica of this (running) cluster, started."""
        replica = Cluster(self.base, name, port)
        self._run(self.bin / "pg_basebackup", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-D",
                  replica.data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync", timeout=300)
        return replica.start()


def make_base():
    base = Path(tempfile.mkdtemp(prefix="skillsnet-pg-"))
    if os.geteuid() == 0:
        os.chown(base, pwd.getpwnam("postgres").pw_uid, pwd.getpwnam("postgres").pw_gid)
    return base


def remove(base, clusters):
    for cluster in clusters:
        cluster.stop()
    shutil.rmtree(base, ignore_errors=True)


def wait_until(predicate, timeout=30, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
