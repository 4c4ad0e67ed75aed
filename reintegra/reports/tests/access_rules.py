"""Who may open each URL of the reports app (walked by tests/test_access_matrix.py).

Reports are the coordinator's: alice. oscar, a coordinator of another organisation, may
open the reports page (his own organisation's, with his own jobs) but not alice's job
or its file (404). Everyone else is denied, the DPO included.

``setup(world)`` adds ``world.report_job``: a finished JSON report of alice's.
"""

COORDINATORS = {"alice", "oscar"}


def setup(world):
    import datetime as dt

    from reintegra.reports import services

    job = services.request_report(actor=world.alice, audience="public", format="json",
                                  language="en", start=dt.date(2026, 1, 1),
                                  end=dt.date(2026, 12, 31))
    services.run_job(job.pk)
    world.report_job = job


RULES = {
    "reports:index": {"allow": COORDINATORS},
    "reports:job": {"allow": {"alice"}, "kwargs": lambda w: {"pk": w.report_job.pk}},
    "reports:download": {"allow": {"alice"}, "kwargs": lambda w: {"pk": w.report_job.pk}},
}
