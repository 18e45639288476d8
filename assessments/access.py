"""Who may see which check-in: the two partners of the couple it belongs to, nobody else."""

import functools

from django.db import connections, router
from django.http import Http404

from .models import CheckIn

# Stand-ins for the two values of the one-check-in query, found again among the parameters
# of its compiled SQL (ids are never negative).
_USER, _PK = -1, -2
_FIELDS = tuple(field.attname for field in CheckIn._meta.concrete_fields)
_LARGEST_ID = 2**63 - 1  # BigAutoField


def current_checkins_of(user):
    """The check-ins of the (logged-in) user's current couple: the whole rule, one filter."""
    # Both partners of a couple take part in each of its check-ins, and unlinking ends the
    # couple: so "takes part, and the couple is still together" is the whole rule.
    return CheckIn.objects.filter(couple__ended_at__isnull=True, participations__user=user)


def checkin_for_user_or_404(user, pk) -> CheckIn:
    """A check-in of the (logged-in) user's current couple, in one query.

    Anyone else, or either partner after unlinking, gets a 404.
    """
    if not isinstance(pk, int) or not 0 < pk <= _LARGEST_ID or user.pk is None:
        raise Http404("No such check-in.")
    connection = connections[router.db_for_read(CheckIn)]
    sql, order, converters = _one_checkin_query(connection)
    values = {_USER: user.pk, _PK: pk}
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[stand_in] for stand_in in order])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such check-in.")
    row = list(row)
    for position, convert in converters:
        row[position] = convert(row[position])
    return CheckIn.from_db(connection.alias, _FIELDS, row)


@functools.lru_cache(maxsize=16)
def _one_checkin_query(connection):
    """`current_checkins_of(user).get(pk=pk)` compiled once per database connection: the
    SQL, which stand-in each parameter is, and the conversions of the columns that need one.

    Every check-in page and endpoint asks this on each request, and the report served from
    the cache does little else: building and compiling the same query anew each time was
    most of its own cost. The rule itself stays in `current_checkins_of`.
    """
    queryset = current_checkins_of(_USER).filter(pk=_PK).order_by().values_list(*_FIELDS)
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    if sorted(params) != sorted((_USER, _PK)):
        raise RuntimeError(f"Unexpected parameters in the check-in query: {params}")
    columns = [column for column, _sql, _alias in compiler.select]
    converters = [
        (position, functools.partial(_convert, functions, column, connection))
        for position, (functions, column) in compiler.get_converters(columns).items()
    ]
    return sql, tuple(params), converters


def _convert(functions, column, connection, value):
    for function in functions:
        value = function(value, column, connection)
    return value
