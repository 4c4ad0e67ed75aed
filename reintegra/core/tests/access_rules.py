"""Who may open the core app's own pages (walked by tests/test_access_matrix.py)."""

STAFF = {"alice", "bob", "charlie", "lena", "piotr", "tina", "dora", "oscar"}

RULES = {
    # Everyone's own list (built from the due registry within the user's reach).
    "core:due": {"allow": STAFF},
}
