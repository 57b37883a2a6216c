import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture
def fake_fsdd(tmp_path):
    """A tiny FSDD-shaped folder: two speakers, every digit, file indices 5-12, tones for speech."""
    import numpy as np
    import soundfile as sf
    rec = tmp_path / "fsdd" / "recordings"
    rec.mkdir(parents=True)
    t = np.arange(2400) / 8000
    for digit in range(10):
        for speaker in ("ann", "bob"):
            for index in range(5, 13):
                tone = 0.3 * np.sin(2 * np.pi * (200 + 100 * digit) * t)
                sf.write(rec / f"{digit}_{speaker}_{index}.wav", tone, 8000, subtype="PCM_16")
    return tmp_path / "fsdd"
