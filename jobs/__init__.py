"""Background jobs (Huey): the queue, the tasks, the consumer's entry module."""
