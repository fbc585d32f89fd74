"""Pure-Python scoring engine for declarative self-check definitions (stdlib only)."""
