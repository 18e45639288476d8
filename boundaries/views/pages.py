"""Pages anyone may read (about, privacy), and what a couple's page shows before linking."""

from django.shortcuts import render


def about(request):
    return render(request, "pages/about.html")


def privacy_page(request):
    return render(request, "pages/privacy.html")


def not_linked(request, *, title, why):
    """What a page about the couple shows someone not linked yet: what comes first, and
    the way there (instead of a 404)."""
    return render(request, "boundaries/not_linked.html", {"title": title, "why": why})
