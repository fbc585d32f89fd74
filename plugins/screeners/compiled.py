"""Keep compiled Jinja templates between builds, one folder per set of compile options.

Compiling the self-check templates (and the theme's base template they
extend) anew took about 25 ms on each build, a seventh of the plugin's
time. Jinja's file-system bytecode cache checks that each template's source
is unchanged, but not how the environment compiles it: trim_blocks,
autoescape or an extension change the compiled code. So the folder's name
carries a digest of those options, and a change starts a fresh folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

# The Environment attributes that change the code Jinja compiles.
COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def options_key(environment: jinja2.Environment) -> str | None:
    """A digest of how `environment` compiles, or None when it has no stable one."""
    autoescape = environment.autoescape
    described = [repr(getattr(environment, name)) for name in COMPILE_OPTIONS]
    described.append(getattr(autoescape, "__qualname__", repr(autoescape)))
    described.extend(sorted(environment.extensions))
    described.append(jinja2.__version__)
    text = "\n".join(described)
    if " at 0x" in text:  # an object named by its address: a new key every build
        return None
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def keep_compiled(environment: jinja2.Environment, cache: Path) -> None:
    """Give `environment` a bytecode cache under `cache` (nothing if its options are unstable)."""
    key = options_key(environment)
    if key is None:
        return
    folder = cache / f"templates-{key}"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
