"""The waQup command line and terminal UI: thin faces over ``engine``."""
