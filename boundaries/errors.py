"""Domain errors that services raise; pages and the API turn them into answers.

Services never raise Http404 themselves: what they were asked to change may not be there
for this person, and saying so is the caller's business (boundaries.middleware answers 404,
as for anything else that does not exist).
"""


class NotFound(Exception):
    """What a service was asked to act on does not exist, or is not this person's."""
