"""Start skillsnet commands as real subprocesses (the way an operator runs them) and talk to them over HTTP."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SKILLSNET = [sys.executable, "-m", "skillsnet.cli"]
SECRET = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(data_dir, **extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SKILLSNET_", "DATABASE_", "DJANGO_", "REDIS_URL", "PYTEST_"))}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env.update({"SKILLSNET_DATA_DIR": str(data_dir), "DATABASE_URL": "", "PYTHONPATH": src,
                "SKILLSNET_LANGUAGE": "en"})
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(args, env, timeout=300, check=True):
    done = subprocess.run([*SKILLSNET, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"skillsnet {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def migrated_copy(template_dir, target_dir):
    """A data directory with a migrated SQLite database, copied from one migrated once per session."""
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(template_dir) / "skillsnet.sqlite3", target_dir / "skillsnet.sqlite3")
    return target_dir


class Server:
    """A server subprocess; stops it with SIGTERM and records how it ended."""

    def __init__(self, args, env, port, log_path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen([*SKILLSNET, *args], env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def wait_ready(self, path="/healthz", timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if httpx.get(self.url + path, timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"server not ready after {timeout} s:\n{self.output()}")

    def output(self):
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout=60):
        """SIGTERM, then wait; returns the exit code (kills the process group if it does not stop)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()
        return self.proc.returncode
