"""trochtrack: follow-up of lateral hip pain for physiotherapists."""

__version__ = "0.1.0"
