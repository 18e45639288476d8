"""How dates and times read in each language: Django's own formats, except for English,
where we write "3 December 2026, 21:30" (Django's default is "Dec. 3, 2026, 9:30 p.m.")."""
