"""The site served two ways: the production build behind nginx, and `make serve`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from tools.build import ROOT, failure_message, run_pelican

DEPLOY = ROOT / "deploy" / "nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} stopped:\n{log.read_text()}") from None
            time.sleep(0.1)
    raise RuntimeError(
        f"nothing listened on port {port} after {timeout_s:.0f} s:\n{log.read_text()}"
    )


def publish(work: Path, origin: str) -> Path:
    """`make publish` for `origin`: Pelican with publishconf.py, then tools.publish."""
    output = work / "output"
    env = {**os.environ, "SITEURL": origin}
    done = run_pelican("publishconf.py", output=output, cache=work / "cache", env=env)
    if failure_message(done):
        raise RuntimeError(f"the production build failed:\n{failure_message(done)}")
    done = subprocess.run(
        [sys.executable, "-m", "tools.publish", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"tools.publish failed:\n{done.stdout}{done.stderr}")
    return output


class Server:
    """A server process on a local port, stopped on leaving the `with` block."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.origin = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def __enter__(self) -> Server:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.folder / "server.log"
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        wait_for_port(self.port, self.process, log, timeout_s=600)
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Nginx(Server):
    """Debian's nginx with deploy/nginx/iop-guide.conf as shipped; only `listen` and `root` move."""

    def __init__(self, folder: Path, port: int, output: Path):
        super().__init__(folder, port)
        shipped = (DEPLOY / "iop-guide.conf").read_text()
        moved = shipped.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n").replace(
            "    root /var/www/iop-guide/output;\n", f"    root {output};\n"
        )
        if str(output) not in moved or str(port) not in moved:
            raise RuntimeError("deploy/nginx/iop-guide.conf changed: no 'listen 80' or 'root' line")
        folder.mkdir(parents=True)
        shutil.copy(DEPLOY / "security-headers.conf", folder)
        (folder / "site.conf").write_text(moved)
        temp = "".join(
            f"  {kind}_temp_path {folder}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            (f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else "")
            + ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            + f"events {{ worker_connections 256; }}\nhttp {{\n  access_log off;\n{temp}"
            + f"  include {folder}/site.conf;\n}}\n"
        )

    def command(self) -> list[str]:
        return [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
                "-g", "daemon off;"]  # fmt: skip


class DevServer(Server):
    """`make serve`: tools.serve builds the site into output/ and serves it (no rebuilds)."""

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tools.serve", "--host", "127.0.0.1",
                "--port", str(self.port), "--no-reload"]  # fmt: skip
