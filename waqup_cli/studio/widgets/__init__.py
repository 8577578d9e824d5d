"""One module per Studio widget."""
