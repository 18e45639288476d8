"""The look of our email: one HTML shell, inline styles, nothing loaded from elsewhere."""

from django.template.loader import render_to_string


def html_from_text(text: str) -> str:
    """An HTML version of a plain-text email, in our shell: paragraphs, with links made
    clickable."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return render_to_string("notifications/email/from_text.html", {"paragraphs": paragraphs})
