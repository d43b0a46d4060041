"""Duplicate detection, pure Python (no Django): normalise, block, score.

The customer services feed it plain values and store its blocking keys; nothing here
touches the database, so the same code serves the real-time check on create, the batch
finder and the benchmarks.
"""
