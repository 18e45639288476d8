"""Pages anyone may read: about and privacy."""

from django.shortcuts import render


def about(request):
    return render(request, "pages/about.html")


def privacy_page(request):
    return render(request, "pages/privacy.html")
