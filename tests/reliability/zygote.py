"""Start `foia` commands with the interpreter's import phase already done, to SIGKILL them.

Importing foia_tracker and its dependencies takes about a second on a loaded CI machine; a kill
at a random moment of a fresh `python -m foia_tracker` would mostly land in that import and prove
nothing. A zygote process imports the CLI once, then forks one child per command: each child is
a real `foia` process (its own session, so a kill reaches its document workers too) that starts
its real work at once. The zygote waits for the child and reports its exit status.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]

_SERVER = r"""
import json, os, sys, time
import foia_tracker.cli
from foia_tracker.cli import main
# Commands and the filing side are imported on first use (cli/registry.py, intake/poll.py):
# import them all here, so no child spends its kill window importing.
import foia_tracker.intake.session, foia_tracker.intake.sent_read
from foia_tracker.cli.reference import walk
list(walk(foia_tracker.cli.cli))
started = time.monotonic()
sys.stdout.write("ready\n"); sys.stdout.flush()
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.environ.clear(); os.environ.update(job["env"])
        out = os.open(job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1); os.dup2(out, 2)
        sys.argv = ["foia", *job["argv"]]
        code = 0
        try:
            main()
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except BaseException:
            import traceback; traceback.print_exc()
            code = 99
        sys.stdout.flush(); sys.stderr.flush()
        os._exit(code)
    sys.stdout.write(f"{pid}\n"); sys.stdout.flush()
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(f"{os.waitstatus_to_exitcode(status)}\n"); sys.stdout.flush()
"""


@dataclass
class Outcome:
    code: int  # the exit code, or -9 when killed
    output: str
    seconds: float
    killed: bool


class Zygote:
    """`run(argv, env)` runs a command to its end; `kill_after(argv, env, delay)` SIGKILLs the
    whole session `delay` seconds after the fork (no kill if it finished first)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.out = workdir / "zygote-out.txt"
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.process.stdout.readline().strip() == "ready"

    def _start(self, argv: list[str], env: dict[str, str]) -> tuple[int, float]:
        job = {"argv": argv, "env": {**_base_env(), **env}, "out": str(self.out)}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        started = time.monotonic()
        return int(self.process.stdout.readline()), started

    def _finish(self, pid: int, started: float, killed: bool) -> Outcome:
        code = int(self.process.stdout.readline())
        return Outcome(
            code, self.out.read_text(errors="replace"), time.monotonic() - started, killed
        )

    def run(self, argv: list[str], env: dict[str, str]) -> Outcome:
        pid, started = self._start(argv, env)
        return self._finish(pid, started, False)

    def kill_after(self, argv: list[str], env: dict[str, str], delay: float) -> Outcome:
        pid, started = self._start(argv, env)
        time.sleep(max(0.0, delay - (time.monotonic() - started)))
        killed = _alive(pid)
        if killed:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                killed = False
        outcome = self._finish(pid, started, killed)
        outcome.killed = killed and outcome.code == -signal.SIGKILL
        return outcome

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _alive(pid: int) -> bool:
    """True while the child runs (a zombie awaiting the zygote's wait counts as finished)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _base_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "FOIA_DEBUG")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["PYTHONPATH"] = str(ROOT)
    return env


def import_seconds() -> float:
    """How long a fresh interpreter takes to import the CLI (measured once per session)."""
    script = (
        "import time; t = time.monotonic(); import foia_tracker.cli; print(time.monotonic() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return float(done.stdout)
