"""The municipal service desk: staff sign-in, open by code, assisted mode, audit log."""
