"""Benchmarks (``make bench``): the app's hot paths as ratios to the bare libraries."""
