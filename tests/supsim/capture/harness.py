"""Real nodes for the capture tests: a private epmd, Erlang and Elixir nodes driven line by line.

Everything runs on this machine and is stopped at the end: the test starts its own epmd on a free
port (ERL_EPMD_PORT, which erl, elixir and supsim all honour), so the names it registers never
meet another run's, and every node name carries the test's PID. Each node runs capture_driver
(nodes/capture_driver.erl), which evaluates one Erlang expression per line of its standard input.
"""

import os
import select
import shutil
import socket
import stat
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NODES = os.path.join(HERE, "nodes")
COOKIE = "capture_test_cookie_%d" % os.getpid()


class EnvironmentMissing(Exception):
    """A program the tier needs is not installed: the tier fails, it does not skip."""


def need(program):
    if shutil.which(program) is None:
        raise EnvironmentMissing(
            "%s not found: the capture tier needs Debian's erlang-nox and elixir (./build.sh test "
            "installs them)" % program)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Env:
    """A temporary directory, a private epmd, the cookie file, and the compiled test code."""

    def __init__(self, supsim):
        for program in ("erl", "erlc", "epmd", "elixir", "mix"):
            need(program)
        self.supsim = supsim
        self.dir = tempfile.mkdtemp(prefix="supsim-capture-")
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home)
        self.cookie_file = os.path.join(self.home, ".erlang.cookie")
        with open(self.cookie_file, "w") as f:
            f.write(COOKIE + "\n")
        os.chmod(self.cookie_file, stat.S_IRUSR)
        self.port = free_port()
        self.env = dict(os.environ, ERL_EPMD_PORT=str(self.port), HOME=self.home,
                        MIX_HOME=os.path.join(self.dir, "mix"), HEX_OFFLINE="1", MIX_ENV="prod",
                        ERL_CRASH_DUMP=os.path.join(self.dir, "erl_crash.dump"))
        self.env.pop("ERL_AFLAGS", None)
        self.env.pop("ERL_ZFLAGS", None)
        # In the foreground, as a child of this process: close() ends it by its pid, whatever
        # nodes are still registered (`epmd -kill` refuses while any is).
        self.epmd = subprocess.Popen(["epmd", "-port", str(self.port)], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if subprocess.run(["epmd", "-port", str(self.port), "-names"], env=self.env,
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        self.ebin = self._compile_erlang()
        self.kv_ebin = self._build_kv()

    def _compile_erlang(self):
        ebin = os.path.join(self.dir, "ebin")
        os.makedirs(ebin)
        sources = [os.path.join(NODES, "capture_driver.erl")]
        sources += [os.path.join(NODES, "capdemo", f) for f in sorted(os.listdir(
            os.path.join(NODES, "capdemo"))) if f.endswith(".erl")]
        subprocess.run(["erlc", "-o", ebin] + sources, check=True, env=self.env)
        shutil.copy(os.path.join(NODES, "capdemo", "capdemo.app"), ebin)
        return ebin

    def _build_kv(self):
        project = os.path.join(self.dir, "kv")
        shutil.copytree(os.path.join(NODES, "kv"), project)
        subprocess.run(["mix", "compile"], cwd=project, env=self.env, check=True,
                       capture_output=True)
        return os.path.join(project, "_build", "prod", "lib", "kv", "ebin")

    def close(self):
        self.epmd.terminate()
        try:
            self.epmd.wait(5)
        except subprocess.TimeoutExpired:
            self.epmd.kill()
            self.epmd.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def capture(self, *args, env=None):
        """Runs supsim capture; returns (exit code, stdout, stderr)."""
        proc = subprocess.run([self.supsim, "capture"] + list(args), capture_output=True,
                              text=True, env=env or self.env, timeout=120)
        return proc.returncode, proc.stdout, proc.stderr

    def supsim_run(self, *args):
        proc = subprocess.run([self.supsim] + list(args), capture_output=True, text=True,
                              env=self.env, timeout=120)
        return proc.returncode, proc.stdout, proc.stderr


class Node:
    """One Erlang or Elixir node, driven through capture_driver."""

    counter = 0

    def __init__(self, env, base, elixir=False, long_name=False, cookie=COOKIE):
        Node.counter += 1
        self.env = env
        self.alive = "%s_%d_%d" % (base, os.getpid(), Node.counter)
        host = "127.0.0.1" if long_name else None
        self.name = self.alive + ("@" + host if host else "")
        paths = ["-pa", env.ebin, "-pa", env.kv_ebin]
        if elixir:
            flag = "--name" if long_name else "--sname"
            command = ["elixir", flag, self.name, "--cookie", cookie] + paths + [
                "-e", ":capture_driver.loop()"]
        else:
            flag = "-name" if long_name else "-sname"
            command = ["erl", flag, self.name, "-setcookie", cookie, "-noshell",
                       "-kernel", "logger_level", "critical"] + paths + [
                "-eval", "capture_driver:loop()"]
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=env.env, bufsize=1,
                                     cwd=env.dir)
        self.buffer = ""
        # The node is ready when it answers and epmd lists it.
        self.call("ok", timeout=30)

    def call(self, expression, timeout=30):
        """Evaluates one line on the node; returns the printed value, raises on an exception."""
        if self.proc.poll() is not None:
            raise RuntimeError("node %s is down" % self.name)
        self.proc.stdin.write(expression.rstrip().rstrip(".") + ".\n")
        self.proc.stdin.flush()
        line = self._read_line(timeout)
        if line is None:
            raise RuntimeError("node %s did not answer %r" % (self.name, expression))
        if line.startswith("=! "):
            raise RuntimeError("node %s: %s raised %s" % (self.name, expression, line[3:]))
        return line[3:]

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            while "\n" in self.buffer:
                line, self.buffer = self.buffer.split("\n", 1)
                if line.startswith("=> ") or line.startswith("=! "):
                    return line
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536).decode("utf-8", "replace")
            if chunk == "":
                return None
            self.buffer += chunk

    def wait_down(self, timeout=15):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
