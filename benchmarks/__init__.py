"""Performance benchmarks for the site: `make bench` runs `python -m benchmarks.run`.

Scripts here print figures and write them to `benchmarks/results/`; they never
fail on a time (the tests stay functional). See README.md.
"""
