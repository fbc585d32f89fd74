"""Production builds of the site and Debian's nginx serving them with the shipped config.

A benchmark page visit must see what a visitor gets: `make publish` output
(pre-compressed .br/.gz copies) behind deploy/nginx/iop-guide.conf (immutable
caching of versioned files, brotli_static). nginx's access log, with a format
of our own, counts the compressed bytes of every request, worker requests
included (the DevTools protocol on the page does not see those).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GCWATCH = Path(__file__).parent / "gcwatch.py"
PELICAN_OPTS = ("--fatal", "warnings", "--log-handler", "plain")
LOG_FORMAT = (
    "log_format bench '$msec\\t$request_method\\t$uri\\t$status\\t$body_bytes_sent\\t"
    "$bytes_sent\\t$sent_http_content_type\\t$sent_http_content_encoding\\t$http_user_agent';"
)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings_file(folder: Path, base: str, overrides: dict) -> Path:
    """A settings module: `base` (pelicanconf or publishconf) plus overrides.

    Pelican resolves relative paths in a settings file against the file's
    folder, so the paths the site's settings give are made absolute here.
    """
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        f"from {base} import *  # noqa: F403",
        f"PATH = {str(ROOT / 'content')!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
    ]
    lines += [f"{key} = {value!r}" for key, value in overrides.items()]
    path = folder / "bench_settings.py"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def pelican(
    settings: Path,
    output: Path,
    cache: Path,
    env: dict | None = None,
    gc_report: Path | None = None,
):
    """Run one Pelican build (the `make html` command) from the project folder.

    The content folder is the settings' PATH (no positional path: it would win).
    `env`: variables to set, or to remove from this process's environment (None).
    `gc_report`: run it through gcwatch.py, which writes there what Python's
    garbage collector did during the build.
    """
    runner = ["-m"] if gc_report is None else [str(GCWATCH), str(gc_report)]
    command = [
        sys.executable,
        *runner,
        "pelican",
        "-s",
        str(settings),
        "-o",
        str(output),
        "--cache-path",
        str(cache),
        *PELICAN_OPTS,
    ]
    environment = {**os.environ, **(env or {})}
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


@dataclass
class Published:
    """One `make publish`-style build, for http://127.0.0.1:<port>."""

    name: str
    output: Path
    port: int
    build_s: float
    publish_s: float

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def one(self, pattern: str) -> str:
        """The URL path of the only output file matching a glob."""
        found = sorted(self.output.glob(pattern))
        if len(found) != 1:
            raise RuntimeError(f"{self.name}: expected one {pattern}, found {len(found)}")
        return "/" + found[0].relative_to(self.output).as_posix()


def publish(
    name: str,
    work: Path,
    overrides: dict | None = None,
    before_compress=None,
    after_compress=None,
):
    """Build with publishconf.py (+ overrides) for a free local port, then compress.

    `before_compress(output)` may change what Pelican wrote; `after_compress(output)`
    what tools.publish wrote (its compressed copies).
    """
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    output = work / name / "output"
    env = {"SITEURL": origin}
    settings = settings_file(work / name, "publishconf", overrides or {})
    started = time.perf_counter()
    done = pelican(settings, output, work / name / "cache", env)
    build_s = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the {name} build failed:\n{done.stdout}\n{done.stderr}")
    if before_compress:
        before_compress(output)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tools.publish", str(output), "--settings", str(settings)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"publishing {name} failed:\n{done.stdout}\n{done.stderr}")
    if after_compress:
        after_compress(output)
    return Published(name, output, port, build_s, time.perf_counter() - started)


@dataclass
class LogLine:
    """One request as nginx logged it."""

    at: float
    method: str
    path: str
    status: int
    body_bytes: int
    bytes: int
    content_type: str
    encoding: str
    agent: str


@dataclass
class Nginx:
    """Debian's nginx with the shipped server block, one per published build."""

    sites: list[Published]
    folder: Path
    process: subprocess.Popen | None = None
    _offset: int = field(default=0, init=False)

    @property
    def log(self) -> Path:
        return self.folder / "access.log"

    def start(self) -> Nginx:
        conf = self.folder
        conf.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEPLOY / "security-headers.conf", conf / "security-headers.conf")
        shipped = (DEPLOY / "iop-guide.conf").read_text()
        blocks = []
        for site in self.sites:
            block = shipped.replace("    listen 80;\n", f"    listen 127.0.0.1:{site.port};\n")
            block = block.replace(
                "    root /var/www/iop-guide/output;\n", f"    root {site.output};\n"
            )
            if str(site.output) not in block:
                raise RuntimeError("deploy/nginx/iop-guide.conf changed: no 'root' line to point")
            blocks.append(block)
        (conf / "sites.conf").write_text("\n".join(blocks))
        temp = "\n".join(
            f"  {kind}_temp_path {conf}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        brotli = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
        user = "user root;" if os.geteuid() == 0 else ""
        (conf / "nginx.conf").write_text(
            f"{brotli}\n{user}\nworker_processes 1;\npid {conf}/nginx.pid;\n"
            f"error_log {conf}/error.log warn;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n  {LOG_FORMAT}\n  access_log {self.log} bench;\n{temp}\n"
            f"  include {conf}/sites.conf;\n}}\n"
        )
        out = (conf / "nginx.out").open("wb")
        self.process = subprocess.Popen(
            [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf"), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        for site in self.sites:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", site.port), timeout=0.2).close()
                    break
                except OSError:
                    if self.process.poll() is not None:
                        raise RuntimeError(
                            f"nginx did not start:\n{(conf / 'nginx.out').read_text()}"
                        ) from None
                    time.sleep(0.05)
        return self

    def mark(self) -> None:
        """Start a new window of the access log (see `since_mark`)."""
        self._offset = self.log.stat().st_size if self.log.exists() else 0

    def since_mark(self) -> list[LogLine]:
        """The requests nginx logged since the last `mark()`."""
        if not self.log.exists():
            return []
        with self.log.open("rb") as f:
            f.seek(self._offset)
            text = f.read().decode("utf-8", "replace")
        lines = []
        for raw in text.splitlines():
            parts = raw.split("\t")
            if len(parts) < 9:
                continue
            lines.append(
                LogLine(
                    float(parts[0]),
                    parts[1],
                    parts[2],
                    int(parts[3]),
                    int(parts[4]),
                    int(parts[5]),
                    parts[6],
                    parts[7] if parts[7] != "-" else "",
                    parts[8],
                )
            )
        return lines

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
