"""Pure-Python scoring engine for declarative self-check definitions (stdlib only).

The same code runs in CPython at build and test time and in Pyodide in the
visitor's browser. Typical use::

    screener = load_definition(data)          # raises DefinitionErrors
    result = score(screener, {"q1": "2", ...})  # raises AnswerErrors
    result.to_json()

The browser talks to `worker.handle` only (JSON text in, JSON text out).
"""

from .errors import (
    AnswerError,
    AnswerErrors,
    DefinitionError,
    DefinitionErrors,
    ScreenerError,
    format_path,
)
from .model import Screener
from .result import Result, errors_to_json
from .scoring import score
from .selftest import compare
from .validate import load_definition
from .worker import ENGINE_VERSION, handle, load_bundle


def __getattr__(name: str) -> object:
    # The schema is only needed by tools and tests, so the browser never imports it.
    if name == "json_schema":
        from .schema_file import json_schema

        return json_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENGINE_VERSION",
    "AnswerError",
    "AnswerErrors",
    "DefinitionError",
    "DefinitionErrors",
    "Result",
    "Screener",
    "ScreenerError",
    "compare",
    "errors_to_json",
    "format_path",
    "handle",
    "json_schema",
    "load_bundle",
    "load_definition",
    "score",
]
