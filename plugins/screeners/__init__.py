"""Pelican plugin: compile screener definitions into private in-browser self-checks."""
