"""gunicorn's settings for the production path: `gunicorn -c config/gunicorn.py`.

The Dockerfile, tests/servers.py and scripts/bench.py all start gunicorn with this file, so
what the tests run is what production runs. Options given on the command line win over these.
"""

import os

from gunicorn.glogging import Logger

from config.log_redaction import RedactSecretsFilter, escape_unprintable, redact_path

wsgi_app = "config.wsgi"
bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))

# One line per request: time, method, redacted path, status, bytes sent, duration, the
# request's id. No
# Referer (it repeats an invitation link), no user agent, no header at all: whatever the
# format asks for, RedactingLogger.atoms offers nothing else (a missing atom prints "-").
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms %(rid)s'


class RedactingLogger(Logger):
    """gunicorn's logger, with an access log that cannot carry a secret from the URL."""

    SAFE_ATOMS = ("t", "m", "H", "s", "b", "B", "T", "D", "M", "L", "p")

    def setup(self, cfg):
        super().setup(cfg)
        # "Error handling request <uri>" names the path too.
        if not any(isinstance(f, RedactSecretsFilter) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        every = super().atoms(resp, req, environ, request_time)
        atoms = {name: every[name] for name in self.SAFE_ATOMS}
        # PATH_INFO is percent-decoded, so an encoded secret segment is caught as well.
        path = redact_path(environ.get("PATH_INFO") or "/")
        query = environ.get("QUERY_STRING", "")
        query = redact_path(f"?{query}")[1:] if query else ""
        path, query = escape_unprintable(path), escape_unprintable(query)
        target = f"{path}?{query}" if query else path
        # The request's id (config/request_id.py), as the app's own log lines carry it.
        rid = next((v for k, v in resp.headers if k.lower() == "x-request-id"), "-")
        atoms.update(
            U=path, q=query, r=f"{atoms['m']} {target} {atoms['H']}", rid=escape_unprintable(rid)
        )
        return atoms


logger_class = RedactingLogger
