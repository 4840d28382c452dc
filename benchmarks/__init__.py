"""Reproducible benchmarks: `make bench` (python -m benchmarks) writes BENCHMARKS.md.

Timings are measured here and only here; tests never assert them.
"""
