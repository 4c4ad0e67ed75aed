"""Who may open the audit pages (walked by tests/test_access_matrix.py).

A client's access history is Section.AUDIT of that client: the coordinator and the DPO.
The organisation's whole trail is the DPO's alone.
"""

RULES = {
    "audit:events": {"allow": {"dora"}},
    "audit:client_history": {"allow": {"alice", "dora"},
                             "kwargs": lambda w: {"pk": w.team_client.pk}},
}
