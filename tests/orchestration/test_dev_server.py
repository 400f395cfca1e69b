"""``ironriver dev``'s supervisor (orchestration/cli/dev_server.py) on a real process tree: a
server whose children ignore SIGTERM and SIGINT, like ``dagster dev``'s code servers under
load. A stop signal ends the whole tree within the grace period, nothing left behind.
(``ironriver dev`` itself, with Dagster, is tested in tests/e2e/test_operations.py.)"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parents[2]
GRACE_S = 2.0

# The supervised "server": one child that stops on SIGTERM, one that ignores every stop
# signal, and a grandchild (as deaf) orphaned when its parent exits. Each deaf one says
# "ready" once it ignores the signals; then the server records their pids.
_DEAF = """
import signal, sys, time
for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
print("ready", flush=True)
time.sleep(600)
"""
_ORPHANING = """
import subprocess, sys
deaf = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
assert deaf.stdout.readline() == "ready\\n"
print(deaf.pid)
"""
_SERVER = f"""
import json, os, subprocess, sys, time
polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
deaf = subprocess.Popen([sys.executable, "-c", {_DEAF!r}], stdout=subprocess.PIPE, text=True)
assert deaf.stdout.readline() == "ready\\n"
orphan = subprocess.run(
    [sys.executable, "-c", {_ORPHANING!r}, {_DEAF!r}], stdout=subprocess.PIPE, text=True,
    check=True,
).stdout
with open(sys.argv[1] + ".tmp", "w") as out:
    json.dump([os.getpid(), polite.pid, deaf.pid, int(orphan)], out)
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(600)
"""

_SUPERVISOR = """
import sys
from pathlib import Path
from orchestration.cli.dev_server import serve
server = [sys.executable, "-c", sys.argv[1], sys.argv[2]]
sys.exit(serve(server, {}, Path.cwd(), float(sys.argv[3])))
"""


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_ends_the_whole_tree_within_the_grace(tmp_path, sig):
    pids_file = tmp_path / "pids.json"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", _SUPERVISOR, _SERVER, str(pids_file), str(GRACE_S)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not pids_file.exists():
            assert supervisor.poll() is None, supervisor.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        tree = json.loads(pids_file.read_text())
        assert all(_alive(pid) for pid in tree)
        started = time.monotonic()
        supervisor.send_signal(sig)
        code = supervisor.wait(timeout=GRACE_S + 5)
        took = time.monotonic() - started
        assert code == 0
        assert took < GRACE_S + 3, took
        assert [pid for pid in tree if psutil.pid_exists(pid)] == []
        # the ones that ignored the signal were killed after the grace, and said so
        assert took >= GRACE_S
        assert "were killed" in supervisor.stderr.read()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        supervisor.wait()


def test_server_ending_by_itself_takes_its_children_with_it(tmp_path):
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        f"open({str(tmp_path / 'child')!r}, 'w').write(str(child.pid))\n"
        "sys.exit(3)\n"
    )
    supervisor = subprocess.run(
        [sys.executable, "-c", _SUPERVISOR, script, "unused", str(GRACE_S)],
        cwd=REPO,
        timeout=60,
    )
    assert supervisor.returncode == 3
    assert not psutil.pid_exists(int((tmp_path / "child").read_text()))
