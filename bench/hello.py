"""The reference for bench/throughput.py: a bare Flask hello-world, served by gunicorn with the
same gunicorn.conf.py as the portal."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"
