"""One way to build the site: never half-written, one build at a time, no tracebacks.

`make html`, `make publish`, the development server (tools/serve.py),
`make check` and the tests all build through here, so they build exactly as
`make html` does (fatal warnings, plain log lines) and all get these rules:

- **All or nothing.** Pelican writes into a new folder beside the output
  (`.output.building-<pid>-<random>`, a unique name for every build). Only
  when Pelican (and, with `--publish`, `make check` and tools/publish.py)
  has succeeded does that folder take the place of `output/`, in one rename
  (Linux's renameat2 with RENAME_EXCHANGE swaps the two folders at once;
  elsewhere the old folder is renamed aside first). The old site is then
  deleted. A failed, interrupted (Ctrl-C) or stopped build deletes its own
  folder and leaves `output/` as it was; a killed one leaves its folder for
  the next build to delete.
- **One at a time.** A lock beside the output (`.output.lock`, an flock the
  system releases when a build ends, however it ends) keeps two builds of one
  output apart: a second build says it is waiting and builds when the first
  is done, so both succeed; after `--wait` seconds it gives up, saying which
  process holds the lock.
- **Messages, not tracebacks.** `--fatal warnings` makes Pelican add a
  traceback that only repeats the warning; it is dropped (`--debug` keeps it).

Why a wrapper and not a Pelican plugin: Pelican sends no signal when a build
fails or is interrupted, so a plugin could not reliably delete its folder;
`make publish` has two more steps after Pelican that belong to the same
all-or-nothing swap; and the search index is written at Pelican's last
signal, whose order between plugins is not defined.

Usage: `python tools/build.py [--publish] [--wait SECONDS] <pelican arguments>`.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import io
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# How long a build waits for another build of the same output to finish.
LOCK_WAIT_SECONDS = 300.0
BUILDING = ".building-"
FATAL_WARNING = "Warning or error encountered"


class BuildBusy(Exception):
    """Another build of the same output is still running after the wait."""

    is_author_error = True


class BuildInterrupted(BaseException):
    """Ctrl-C (or a stop signal) ended the build; the last complete site is still in place.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` in
    Pelican or a plugin takes it for an ordinary error.
    """


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the lock -----------------------------------------------------------------


def lock_path(output: Path) -> Path:
    """The lock file of an output folder: `.output.lock` beside `output/`."""
    return output.parent / f".{output.name}.lock"


@contextlib.contextmanager
def _locked(output: Path, wait: float, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the output's lock; wait up to `wait` seconds for another build to release it."""
    handle = os.open(lock_path(output), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(handle, 200, 0).decode("utf-8", "replace").strip()
                holder = holder or "another process"
                if time.monotonic() >= deadline:
                    raise BuildBusy(
                        f"Another build of {output.name}/ is running ({holder}); wait for it to "
                        "finish, or stop it, then build again."
                    ) from None
                if not told:
                    say(f"Waiting for another build of {output.name}/ to finish ({holder})...")
                    told = True
                time.sleep(0.1)
        started = dt.datetime.now().strftime("%H:%M:%S")
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"process {os.getpid()}, started at {started}".encode(), 0)
        yield
    finally:
        os.close(handle)  # releases the lock


# --- all or nothing ---------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(
    output: str | Path,
    *,
    wait: float = LOCK_WAIT_SECONDS,
    keep: tuple[str, ...] = (),
    say: Callable[[str], None] = _say,
) -> Iterator[Path]:
    """Yield a new, empty folder to build into; it becomes `output` only if the block succeeds.

    `keep` names entries of the old output to carry over (Pelican's
    OUTPUT_RETENTION, such as a `.git` folder of a deployment).
    """
    output = Path(os.path.abspath(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output, wait, say):
        _remove_leftovers(output)
        temporary = output.with_name(
            f".{output.name}{BUILDING}{os.getpid()}-{secrets.token_hex(4)}"
        )
        temporary.mkdir()
        try:
            yield temporary
            with _signals_held():
                _swap(temporary, output)
        except BaseException:
            with _signals_held():
                _remove(temporary)
            raise
        # `temporary` now holds the previous site (or nothing).
        for name in keep:
            old, new = temporary / name, output / name
            if old.exists() and not new.exists():
                old.rename(new)
        with _signals_held():
            _remove(temporary)


def _remove_leftovers(output: Path) -> None:
    """Delete the folders of builds that were killed (the lock is ours, so none is running)."""
    for leftover in output.parent.glob(f".{output.name}{BUILDING}*"):
        _remove(leftover)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _swap(new: Path, output: Path) -> None:
    """Put `new` where `output` is, in one step where the system allows; `new` gets the old one."""
    if not output.exists() and not output.is_symlink():
        new.rename(output)
        new.mkdir()  # so that the caller's clean-up finds what it expects
        return
    if _exchange(new, output):
        return
    aside = new.with_name(new.name + "-old")
    output.rename(aside)
    try:
        new.rename(output)
    except OSError:
        aside.rename(output)  # put the last complete site back
        raise
    aside.rename(new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call (Linux renameat2); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel, or a file system without the flag
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Let no Ctrl-C (or stop signal) land between two renames or in a clean-up."""
    signals = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    except (ValueError, OSError):  # pragma: no cover - not the main thread on some systems
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# --- running Pelican -----------------------------------------------------------------


def run_in_process(settings: dict, *, wait: float = LOCK_WAIT_SECONDS) -> Path:
    """Run Pelican in this process with `settings`, all or nothing, into OUTPUT_PATH.

    The tests' in-process builds use this; errors propagate as Pelican raises them.
    """
    from pelican import Pelican

    output = Path(settings["OUTPUT_PATH"])
    keep = tuple(settings.get("OUTPUT_RETENTION") or ())
    with atomic_output(output, wait=wait, keep=keep) as temporary:
        Pelican({**settings, "OUTPUT_PATH": str(temporary)}).run()
    return output


class _NoFatalTraceback(logging.Filter):
    """Drop the traceback `--fatal warnings` adds: it only repeats the warning above it."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        fatal = isinstance(error, RuntimeError) and str(error) == FATAL_WARNING
        if fatal and not logging.getLogger("pelican").isEnabledFor(logging.DEBUG):
            record.exc_info = None
            record.msg, record.args = (
                "The site was not built: the warning above stops the build (every warning "
                "does); fix what it says and build again.",
                (),
            )
        return True


def _output_of(pelican_args: list[str]) -> tuple[Path, tuple[str, ...], str]:
    """The output folder, OUTPUT_RETENTION and settings file of a Pelican command line."""
    from pelican import get_config, parse_arguments
    from pelican.settings import read_settings

    args = parse_arguments(pelican_args)
    if args.settings is None and os.path.isfile("pelicanconf.py"):
        args.settings = "pelicanconf.py"
    settings = read_settings(args.settings, override=get_config(args))
    keep = tuple(settings.get("OUTPUT_RETENTION") or ())
    return Path(settings["OUTPUT_PATH"]), keep, args.settings or "pelicanconf.py"


def _pelican(pelican_args: list[str], temporary: Path) -> int:
    """Run Pelican's own command line into `temporary`; its exit status."""
    import pelican

    logging.getLogger("pelican").addFilter(_NoFatalTraceback())
    try:
        pelican.main([*pelican_args, "-o", str(temporary)])
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def _publish(settings_file: str, temporary: Path, output: Path) -> int:
    """`make publish`'s steps after Pelican, on the new site before it is swapped in."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools import check, publish

    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        status = check.main(["--settings", settings_file, "--output", str(temporary)])
    # The checks name the new folder, which is about to become the output.
    text = said.getvalue().replace(str(temporary), str(output))
    sys.stdout.write(text.replace(_shown(temporary), _shown(output)))
    if status != 0:
        _say("The site was not published: fix the errors above and run `make publish` again.")
        return status
    return publish.main([str(temporary), "--settings", settings_file])


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


class _Failed(Exception):
    def __init__(self, status: int):
        self.status = status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/build.py", description=__doc__.splitlines()[0], allow_abbrev=False
    )
    parser.add_argument(
        "--publish", action="store_true", help="then check it and finish it for publishing"
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=LOCK_WAIT_SECONDS,
        help="how long to wait for another build of the same output (seconds)",
    )
    ours, pelican_args = parser.parse_known_args(argv)
    stopped: list[str] = []

    def stop(number, _frame):
        # Pelican catches KeyboardInterrupt and may even return normally, so
        # the signal is also remembered: a stopped build is never swapped in.
        stopped.append(signal.Signals(number).name)
        raise BuildInterrupted(stopped[-1])

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    output = Path("output")
    try:
        try:
            output, keep, settings_file = _output_of(pelican_args)
        except Exception as error:  # a settings file Python cannot run
            _say(
                f"The settings cannot be read: {type(error).__name__}: {error}. Fix the file "
                "and build again; nothing was built."
            )
            return 1
        with atomic_output(output, wait=ours.wait, keep=keep) as temporary:
            try:
                status = _pelican(pelican_args, temporary)
                if status == 0 and ours.publish and not stopped:
                    status = _publish(settings_file, temporary, output)
            except BaseException:
                if stopped:
                    raise BuildInterrupted(stopped[0]) from None
                raise
            if stopped:
                raise BuildInterrupted(stopped[0])
            if status != 0:
                raise _Failed(status)
    except _Failed as failed:
        _say(f"{output.name}/ was left as it was (the last complete site).")
        return failed.status
    except BuildBusy as busy:
        _say(str(busy))
        return 1
    except (BuildInterrupted, KeyboardInterrupt):
        _say(f"\nThe build was stopped; {output.name}/ still holds the last complete site.")
        return 130
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


# --- for the development server, `make check` and the tests --------------------------------


def pelican_command(
    settings: str | Path = "pelicanconf.py",
    content: str | Path = "content",
    output: str | Path = "output",
    cache: str | Path | None = None,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The command line of an all-or-nothing build that stops on any warning (`make html`)."""
    command = [sys.executable, str(ROOT / "tools" / "build.py"), str(content), "-s", str(settings)]
    command += ["-o", str(output), "--fatal", "warnings", "--log-handler", "plain"]
    if cache is not None:
        command += ["--cache-path", str(cache)]
    return [*command, *extra]


def run_pelican(*args, cwd: str | Path = ROOT, env=None, **kwargs) -> subprocess.CompletedProcess:
    """Run `pelican_command(*args, **kwargs)` from `cwd` and capture what it says."""
    command = pelican_command(*args, **kwargs)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def failure_message(done: subprocess.CompletedProcess) -> str | None:
    """What a failed build said, without any traceback; None if it worked."""
    if done.returncode == 0:
        return None
    said = []
    for line in (done.stderr.strip() or done.stdout.strip()).splitlines():
        if line.startswith("Traceback (most recent call last)"):
            break  # --debug: the message came first
        if line.strip() != f"RuntimeError: {FATAL_WARNING}":
            said.append(line)
    return "\n".join(said).strip() or f"pelican exited with {done.returncode}"


if __name__ == "__main__":
    sys.exit(main())
