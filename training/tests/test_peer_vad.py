"""The benchmark peer's Silero (zora_recipe.peer_vad) computes what Zora computes: the same speech
probabilities as ONNX Runtime on the bundle's graph (recorded from the running server, the command
in the fixture), and speech spans by the same endpoint rules."""
import json
from pathlib import Path

import numpy as np
import soundfile as sf

from zora_recipe.peer_vad import CHUNK, EndpointRules, SileroVad, speech_spans

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "silero-fsdd-string-1.json").read_text())


def test_the_peer_hears_what_zoras_onnx_runtime_hears():
    samples, rate = sf.read(ROOT / FIXTURE["recording"], dtype="float32")
    assert rate == 8000
    ours = SileroVad(ROOT / "models" / "silero-vad")(samples)
    zoras = np.array(FIXTURE["speechProbability"])
    assert ours.shape == zoras.shape
    assert np.max(np.abs(ours - zoras)) < 1e-4


def test_speech_spans_start_after_the_onset_end_after_the_hangover_and_are_padded():
    rules = EndpointRules(0.25, 0.1)  # 2 chunks to start, 25 to end, 0.5 s (4000 samples) of padding
    p = np.zeros(200)
    p[50:60] = 0.9  # speech
    p[60:70] = 0.2  # between the thresholds: still speech once started
    p[100:101] = 0.9  # one chunk: shorter than the onset, not speech
    p[150:200] = 0.9  # speech to the end of the recording
    n = 200 * CHUNK
    assert speech_spans(p, n, rules) == [(50 * CHUNK - 4000, 70 * CHUNK + 4000), (150 * CHUNK - 4000, n)]


def test_a_pause_shorter_than_the_hangover_does_not_end_an_utterance():
    p = np.full(100, 0.9)
    p[40:60] = 0.0  # 20 chunks, 0.64 s: under 0.8 s
    assert speech_spans(p, 100 * CHUNK, EndpointRules(0.25, 0.1)) == [(0, 100 * CHUNK)]


def test_the_peer_finds_the_digit_in_a_clip_and_nothing_in_silence():
    import io

    from zora_recipe.peer_server import Transcriber
    peer = Transcriber(ROOT / "models" / "digits-cnn", SileroVad(ROOT / "models" / "silero-vad"))
    samples, rate = sf.read(ROOT / "models" / "digits-cnn" / "golden" / "fsdd-four-nicolas.wav", dtype="float32")
    clip = np.concatenate([np.zeros(4000, np.float32), samples, np.zeros(4000, np.float32)])

    def wav(x):
        out = io.BytesIO()
        sf.write(out, x, rate, format="WAV", subtype="PCM_16")
        return out.getvalue()

    answer = peer.transcribe(wav(clip))
    assert answer["text"] == "four" and len(answer["segments"]) == 1
    assert peer.transcribe(wav(np.zeros(8000, np.float32))) == {"text": "", "segments": []}
