"""The therapist's review of client couples: dashboard, couple and report pages, and API."""
