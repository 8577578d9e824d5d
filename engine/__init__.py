"""waQup engine: the local library behind the CLI, the TUI, batch runs and the server.

The engine never imports ``waqup_cli``. Heavy dependencies (numpy, SDKs, textual,
sounddevice) are imported lazily inside the functions that need them.
"""

__version__ = "0.1.0"
