"""The ironriver benchmark: ``make bench`` (see ``python -m bench --help``).

Timings live here, never in the test suite.
"""
