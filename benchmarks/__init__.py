"""Benchmarks of the platform on a generated large dataset (``make bench``; docs/performance.md)."""
