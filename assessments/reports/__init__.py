"""The comparison report: `build` makes one Report of a finished check-in, `cache` keeps what
is rendered from it. Every output (page, API, print, the therapist's view) reads a Report."""

from .build import Report, report_for, summary_of
from .cache import cached, forget

__all__ = ["Report", "cached", "forget", "report_for", "summary_of"]
