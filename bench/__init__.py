"""Benchmarks: `python -m bench [--quick]` prints ratio tables and writes JSON (see __main__)."""
