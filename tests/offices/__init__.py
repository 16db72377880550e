"""Tests of offices: which ones an outcome shows, where the person is, the offices page."""
