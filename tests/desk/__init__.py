"""Service-desk tests that need more than tests/test_desk.py holds: staff sessions and the cost
of every sign-in refusal."""
