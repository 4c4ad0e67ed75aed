"""Who may open each URL of the exchange app (walked by tests/test_access_matrix.py).

HTCDS export and import move the whole organisation's registry (htcds.may_exchange):
coordinators only, each for their own organisation (alice and oscar). The data protection
officer is denied too: docs/domain.md section 2 gives the DPO the audit trail and consent
records but no case content, and an export is case content (an import writes it).
"""

COORDINATORS = {"alice", "oscar"}

RULES = {
    "exchange:index": {"allow": COORDINATORS},
    "exchange:export": {"allow": COORDINATORS, "method": "POST"},
    "exchange:import": {"allow": COORDINATORS, "method": "POST"},
}
