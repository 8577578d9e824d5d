"""One module per Studio screen."""
