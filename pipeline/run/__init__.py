"""The run machinery: the batch pool of workers, the nightly scan, its SQLite store, locks and progress."""
