"""The worker: `python -m jobs.main --workers 2 --worker-type thread` (see Procfile).

Huey's own `huey_consumer` would log in plain text; this entry point runs the
same consumer with the same options, but logs JSON lines like the web app
(webapp.platform.logs), huey's own lines included. Importing the tasks here
is what registers them with the consumer; `huey_consumer jobs.main.huey`
still works.
"""
from __future__ import annotations

from huey.consumer_options import ConsumerConfig, OptionParserHandler

from jobs import tasks  # noqa: F401  (registers the tasks)
from jobs.queue import huey
from webapp.platform.logs import configure_logging


def main(argv: list[str] | None = None) -> None:
    options, _ = OptionParserHandler().get_option_parser().parse_args(argv)
    config = ConsumerConfig(**{k: v for k, v in vars(options).items() if v is not None})
    config.validate()
    configure_logging(config.loglevel)
    huey.create_consumer(**config.values).run()


if __name__ == "__main__":
    main()
