"""The JSON boundary: one function, `handle`, for the browser's Web Worker and for tests.

Only JSON text crosses it, so no Python object ever leaks into JavaScript.
Requests (every other key is an error)::

    {"op": "ping"}
    {"op": "score", "screener": "phq-9", "answers": {"q1": "2", ...}}
    {"op": "visible", "screener": "phq-9", "answers": {"q1": "2", ...}}

`handle` never raises: a malformed request, an unknown operation or
screener, or a bug in the engine all come back as
``{"ok": false, "errors": [{"path", "question", "message", "hint"}]}``.
"""

from __future__ import annotations

import hashlib
import json

from .errors import AnswerError, AnswerErrors, DefinitionError, DefinitionErrors
from .model import Screener
from .result import errors_to_json
from .scoring import score, visible_questions
from .validate import load_definition

ENGINE_VERSION = "1.0.0"
"""Changes whenever the request or result format changes."""

Registry = dict[str, Screener]
"""Checked screeners by id."""

_current: Registry = {}
_bundle_hash: str | None = None  # identifies the bundle text load_bundle was given


def load_bundle(bundle_json: str) -> Registry:
    """Check a JSON list of definitions (as loaded from YAML) and make it the current registry.

    Definitions are validated without running their test cases (the build
    ran them). Raises `DefinitionErrors` (paths start with the index in the
    list) and leaves the current registry alone when anything is wrong.
    The first 16 hex digits of the text's SHA-256 are reported by ``ping``,
    so a browser can tell which build a memory snapshot holds.
    """
    global _current, _bundle_hash
    registry = _read_bundle(bundle_json)
    _current = registry
    _bundle_hash = hashlib.sha256(bundle_json.encode("utf-8")).hexdigest()[:16]
    return registry


def _read_bundle(bundle_json: str) -> Registry:
    try:
        bundle = json.loads(bundle_json)
    except (TypeError, ValueError) as error:
        raise DefinitionErrors(
            [DefinitionError((), f"the bundle is not valid JSON: {error}")]
        ) from None
    return _check_bundle(bundle)


def _check_bundle(bundle: object) -> Registry:
    if not isinstance(bundle, list):
        raise DefinitionErrors([DefinitionError((), "the bundle must be a list of definitions")])
    registry: Registry = {}
    errors: list[DefinitionError] = []
    for index, definition in enumerate(bundle):
        try:
            screener = load_definition(definition, run_tests=False)
        except DefinitionErrors as problems:
            errors += [
                DefinitionError((index, *e.path), e.message, e.hint) for e in problems.errors
            ]
            continue
        if screener.id in registry:
            errors.append(DefinitionError((index, "id"), f"duplicate screener id {screener.id!r}"))
        registry[screener.id] = screener
    if errors:
        raise DefinitionErrors(errors)
    return registry


def _fail(path: str, message: str, hint: str) -> dict:
    error = {"path": path, "question": None, "message": message, "hint": hint}
    return {"ok": False, "errors": [error], "safety": False, "flags": []}


_UNREADABLE = (
    "",
    "The request could not be read.",
    'Send a JSON object such as {"op": "ping"}.',
)


def _check_keys(request: dict, allowed: tuple[str, ...]) -> dict | None:
    for key in request:
        if key not in allowed:
            return _fail(
                str(key)[:40],
                f"Unknown key “{str(key)[:40]}” in the request.",
                f"Use only: {', '.join(allowed)}.",
            )
    return None


def _ping(request: dict, registry: Registry) -> dict:
    return _check_keys(request, ("op",)) or {
        "ok": True,
        "op": "ping",
        "engine": ENGINE_VERSION,
        "screeners": sorted(registry),
        "bundle": _bundle_hash,
    }


def _screener_and_answers(request: dict, registry: Registry) -> dict | tuple[Screener, object]:
    """The screener and answers a request names, or the error reply to send."""
    problem = _check_keys(request, ("op", "screener", "answers"))
    if problem:
        return problem
    name = request.get("screener")
    if not registry:
        return _fail(
            "screener", "The self-checks are not loaded yet.", "Wait a moment and try again."
        )
    if not isinstance(name, str) or name not in registry:
        shown = name[:40] if isinstance(name, str) else json.dumps(name)[:40]
        return _fail(
            "screener",
            f"There is no self-check called “{shown}”.",
            "Reload the page and try again.",
        )
    if "answers" not in request:
        return _fail(
            "answers", "The answers could not be read.", "Send the answers with the request."
        )
    return registry[name], request["answers"]


def _score(request: dict, registry: Registry) -> dict:
    found = _screener_and_answers(request, registry)
    if isinstance(found, dict):
        return found
    screener, answers = found
    try:
        return score(screener, answers).to_json()
    except AnswerErrors as errors:
        return errors_to_json(errors.errors, errors.flags)
    except AnswerError as error:
        return errors_to_json([error])


def _visible(request: dict, registry: Registry) -> dict:
    found = _screener_and_answers(request, registry)
    if isinstance(found, dict):
        return found
    screener, answers = found
    if not isinstance(answers, dict):
        return _fail("answers", "The answers could not be read.", "Send a mapping of answers.")
    return {"ok": True, "op": "visible", "visible": visible_questions(screener, answers)}


OPERATIONS = {"ping": _ping, "score": _score, "visible": _visible}
"""Every operation `handle` knows, by the name used in ``"op"``."""


def handle(request_json: str, registry: Registry | None = None) -> str:
    """Answer one JSON request with JSON; never raises.

    Uses `registry` when given, otherwise the one `load_bundle` made current.
    """
    try:
        reply = _dispatch(request_json, _current if registry is None else registry)
    except Exception as error:  # the visitor must get an answer, whatever happened
        reply = _fail(
            "",
            "Something went wrong while scoring your answers. Nothing was sent anywhere; please "
            "try again.",
            f"Internal error: {type(error).__name__}.",
        )
    return json.dumps(reply)


def _dispatch(request_json: object, registry: Registry) -> dict:
    if not isinstance(request_json, str):
        return _fail(*_UNREADABLE)
    try:
        request = json.loads(request_json)
    except ValueError:
        return _fail(*_UNREADABLE)
    if not isinstance(request, dict):
        return _fail(*_UNREADABLE)
    operation = OPERATIONS.get(request.get("op")) if isinstance(request.get("op"), str) else None
    if operation is None:
        op = request.get("op")
        shown = op[:40] if isinstance(op, str) else json.dumps(op)[:40]
        return _fail("op", f"Unknown request “{shown}”.", f"Use one of: {', '.join(OPERATIONS)}.")
    return operation(request, registry)
