"""What a therapist reads: the dashboard of client couples, in a fixed number of queries,
and one finished report of a client couple."""

from datetime import UTC, datetime

from django.core.paginator import Paginator
from django.db.models import Count, DateTimeField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from boundaries.access import MAX_ID, client_item_or_404
from boundaries.models import AccessLogEntry, Agreement, AgreementEvent, CoupleMembership
from boundaries.selectors import active_links
from safety.selectors import has_shared_concern

from ..models import Answer, CheckIn, Participation

PAGE_SIZE = 25


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


SORTS = {
    "activity": F("last_activity").desc(),
    "name": F("names").asc(nulls_last=True),
    "clashes": F("latest_clashes").desc(nulls_last=True),
}


def clean_query(raw: str) -> str:
    """A search as typed, without control characters (PostgreSQL refuses NUL bytes)."""
    return "".join(ch for ch in (raw or "") if ch.isprintable()).strip()[:100]


def _latest_checkin(field: str):
    return Subquery(
        CheckIn.objects.filter(couple=OuterRef("couple")).order_by("-started_at").values(field)[:1]
    )


def _count(queryset):
    return Coalesce(
        Subquery(queryset.values("couple").annotate(n=Count("pk")).values("n")[:1]), Value(0)
    )


def dashboard(therapist, *, query: str = "", sort: str = "activity", page: int = 1):
    """(page, rows): the therapist's client couples with what the dashboard shows of each,
    searched, sorted and paged, in a fixed number of queries."""
    links = _client_rows(therapist)
    if query:
        links = links.filter(
            Q(couple__memberships__user__display_name__icontains=query)
            | Q(couple__memberships__user__email__icontains=query)
            | Q(invitation__label__icontains=query),
            couple__memberships__left_at=None,
        ).distinct()
    links = links.order_by(SORTS.get(sort, SORTS["activity"]), "pk")
    page_obj = Paginator(links, PAGE_SIZE).get_page(page)
    rows = list(page_obj.object_list)
    _attach_people(rows)
    return page_obj, rows


def _client_rows(therapist):
    """Each active link with the couple's name, latest check-in, proposals, revisits due and
    last activity, as subqueries."""
    today = timezone.localdate()
    return (
        active_links(therapist)
        .select_related("invitation")
        .annotate(
            names=Subquery(
                CoupleMembership.objects.filter(couple=OuterRef("couple"), left_at=None)
                .order_by("user__display_name", "user__email")
                .values("user__display_name")[:1]
            ),
            latest_id=_latest_checkin("pk"),
            latest_started=_latest_checkin("started_at"),
            latest_completed=_latest_checkin("completed_at"),
            latest_clashes=_latest_checkin("clash_count"),
            open_proposals=_count(
                Agreement.objects.filter(couple=OuterRef("couple"), status="proposed")
            ),
            due=_count(
                Agreement.objects.filter(
                    couple=OuterRef("couple"), status="accepted", revisit_on__lte=today
                )
            ),
            last_event=_latest(AgreementEvent.objects.filter(couple=OuterRef("couple")), "at"),
            last_answer=_latest(
                Answer.objects.filter(checkin__couple=OuterRef("couple")), "updated_at"
            ),
            safety_concern=has_shared_concern(),
        )
        .annotate(last_activity=Greatest(*(_or_epoch(name) for name in ACTIVITY_FIELDS)))
    )


ACTIVITY_FIELDS = ("latest_started", "latest_completed", "last_event", "last_answer")


def _latest(queryset, field: str):
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def _or_epoch(name: str):
    return Coalesce(name, Value(EPOCH), output_field=DateTimeField())


def _attach_people(rows) -> None:
    """Names and check-in progress for one page of couples: two queries."""
    couple_ids = [row.couple_id for row in rows]
    people: dict[int, list] = {}
    for membership in CoupleMembership.objects.filter(
        couple_id__in=couple_ids, left_at=None
    ).select_related("user"):
        people.setdefault(membership.couple_id, []).append(membership.user)
    submitted: dict[int, int] = {}
    latest_ids = [row.latest_id for row in rows if row.latest_id]
    for participation in Participation.objects.filter(
        checkin_id__in=latest_ids, submitted_at__isnull=False
    ).only("checkin_id"):
        submitted[participation.checkin_id] = submitted.get(participation.checkin_id, 0) + 1
    for row in rows:
        row.people = sorted(people.get(row.couple_id, []), key=lambda u: u.name.lower())
        row.submitted = submitted.get(row.latest_id, 0)


def client_report_or_404(request, couple_id, checkin_id):
    """(couple, check-in): a finished report of a client couple the therapist may see now.

    A report that does not exist, belongs to another couple or is not finished by both is
    refused and logged as refused, exactly like a refusal for missing consent.
    """

    def finished_report(couple):
        if not 0 < checkin_id <= MAX_ID:
            return None
        return CheckIn.objects.filter(
            pk=checkin_id, couple=couple, completed_at__isnull=False
        ).first()

    return client_item_or_404(
        request, couple_id, what=AccessLogEntry.What.REPORT, find=finished_report
    )
