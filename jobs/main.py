"""The consumer's entry module: `huey_consumer jobs.main.huey` (see Procfile).

Importing the tasks here is what registers them with the consumer.
"""
from .queue import huey  # noqa: F401
from . import tasks  # noqa: F401

# Logging is the consumer's own (huey_consumer sets it up); adding ours would print each line twice.
