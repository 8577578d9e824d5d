"""Local stand-ins for cloud providers: an HTTP server speaking their wire formats, canned
answers that pass the validators, and an in-memory keyring backend."""
