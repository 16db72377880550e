"""A flow walked one message at a time, for channels without a browser session: the JSON API
(portal/api) and the text channel (portal/chat). Same engine, forms, safeguards and counters as
the web pages; only where the answers are kept differs."""
