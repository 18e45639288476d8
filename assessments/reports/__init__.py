"""The comparison report: `build` makes one Report of a finished check-in, `cache` keeps what
is rendered from it. Every output (page, API, print, the therapist's view) reads a Report."""

from .build import Report, report_for, summary_of
from .cache import cached, forget, kept_copy


def talk_progress(checkin, viewer) -> tuple[int, int]:
    """(cards talked about, cards) of a finished round, kept with the report's versions."""

    def build():
        report = report_for(checkin, viewer)
        return report.talked_count, len(report.cards)

    return cached(checkin, viewer, "talk-progress", build)


__all__ = ["Report", "cached", "forget", "kept_copy", "report_for", "summary_of", "talk_progress"]
