"""`compilemessages`, also where GNU gettext is not installed.

With `msgfmt` on the PATH this is Django's own command. Without it (a fresh machine with only
Python, or the slim Docker image), our catalogs in LOCALE_PATHS are compiled with polib, so
that `make install` works everywhere. Both leave out fuzzy and untranslated entries; the
suite checks the catalogs themselves (tests/config/test_translations.py).
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.commands import compilemessages
from django.core.management.utils import find_command


class Command(compilemessages.Command):
    def handle(self, **options):
        if find_command(self.program) is not None:
            return super().handle(**options)
        wanted, left_out = set(options["locale"]), set(options["exclude"])
        for folder in settings.LOCALE_PATHS:
            for po in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
                language = po.parent.parent.name
                if (wanted and language not in wanted) or language in left_out:
                    continue
                polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
                if options["verbosity"] > 0:
                    self.stdout.write(f"processing file {po.name} in {po.parent}")
