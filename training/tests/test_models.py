import json

import numpy as np
import onnx
import pytest
import torch

from zora_recipe.bundle import write_golden
from zora_recipe.cnn import LABELS, LAYER_TENSORS, MIN_FRAMES, DigitsCnn
from zora_recipe.features import LogMelConfig, logmel_numpy
from zora_recipe.train_cnn import export_cnn
from zora_recipe.train_transformer import (
    MAX_TOKENS,
    attention_tensors,
    beam_search,
    export_ctc,
    export_seq2seq,
    scored_beam_search,
    token_limit,
)
from zora_recipe.transformer import SOS, SpeechTransformer, subsampled_length


@pytest.fixture(scope="module")
def transformer():
    torch.manual_seed(0)
    return SpeechTransformer(d_model=32, heads=2, d_ff=64, encoder_layers=2, decoder_layers=1).eval()


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def test_cnn_takes_any_number_of_frames_and_names_every_label():
    model = DigitsCnn().eval()
    for frames in (MIN_FRAMES, 37, 200):
        assert model(torch.randn(2, frames, 40)).shape == (2, len(LABELS))


def test_cnn_export_keeps_named_conv_outputs_and_dynamic_batch_and_frames(tmp_path):
    model = DigitsCnn().eval()
    export_cnn(model, torch.randn(1, 60, 40), tmp_path / "model.onnx")
    graph = onnx.load(str(tmp_path / "model.onnx")).graph
    assert [o.name for o in graph.output] == ["logits"]
    assert dims(graph.input[0]) == ["batch", "frames", 40]
    produced = {o for node in graph.node for o in node.output}
    assert set(LAYER_TENSORS) <= produced


def test_subsampled_length_matches_the_convolutions(transformer):
    for frames in (1, 2, 3, 4, 5, 17, 100, 101):
        memory, _ = transformer.encode(torch.randn(1, frames, 40))
        assert memory.shape[1] == subsampled_length(frames)


def test_a_padded_batch_encodes_each_utterance_as_it_would_alone(transformer):
    short, long = torch.randn(1, 41, 40), torch.randn(1, 90, 40)
    batch = torch.cat([torch.nn.functional.pad(short, (0, 0, 0, 49)), long])
    lengths = torch.tensor([41, 90])
    with torch.no_grad():
        together, _ = transformer.encode(batch, lengths)
        alone, _ = transformer.encode(short)
    n = subsampled_length(41)
    assert torch.allclose(together[0, :n], alone[0], atol=1e-5)


def test_beam_of_width_one_is_greedy_decoding(transformer):
    memory, _ = transformer.encode(torch.randn(1, 80, 40))
    tokens = [SOS]
    with torch.no_grad():
        for _ in range(12):
            logits, _, _ = transformer.decode(torch.tensor([tokens]), memory)
            tokens.append(int(logits[0, -1].argmax()))
            if tokens[-1] == 2:
                break
    assert beam_search(transformer, memory, width=1) == [t for t in tokens[1:] if t != 2]


def decoder_log_prob(transformer, memory, ids):
    """The decoder's summed log-probability of `ids` followed by <eos>, and that sequence's length."""
    seq = [SOS] + ids + [2]
    with torch.no_grad():
        logits, _, _ = transformer.decode(torch.tensor([seq[:-1]]), memory)
    lp = logits[0].log_softmax(-1)
    return float(sum(lp[i, t] for i, t in enumerate(seq[1:]))), len(seq) - 1


def test_a_wider_beam_never_scores_worse_than_greedy(transformer):
    memory, _ = transformer.encode(torch.randn(1, 80, 40))

    def score(ids):
        total, length = decoder_log_prob(transformer, memory, ids)
        return total / length

    assert score(beam_search(transformer, memory, width=4)) >= score(beam_search(transformer, memory, 1)) - 1e-6


def test_a_longer_utterance_may_have_more_tokens_as_the_server_allows():
    # Java BeamSearchOptions.forUtterance: max(12, ceil(4 * seconds) + 1), 80 ms an encoder frame.
    assert token_limit(13) == MAX_TOKENS  # 1.04 s
    assert token_limit(34) == MAX_TOKENS  # 2.72 s: 12 is still the larger
    assert token_limit(63) == 22  # 5.04 s: 20.16 words, rounded up, and <eos>
    assert token_limit(250) == 81  # 20 s, the server's longest utterance


def test_the_scored_beam_search_returns_the_score_its_answer_ranked_by(transformer):
    memory, _ = transformer.encode(torch.randn(1, 80, 40))
    ids, score = scored_beam_search(transformer, memory, width=4)
    assert ids == beam_search(transformer, memory, width=4)
    assert len(ids) == token_limit(memory.shape[1]) == MAX_TOKENS  # an untrained decoder never says <eos>: a live beam
    with torch.no_grad():
        logits, _, _ = transformer.decode(torch.tensor([[SOS] + ids[:-1]]), memory)
    log_probs = logits[0].log_softmax(-1)
    assert score == pytest.approx(sum(float(log_probs[i, t]) for i, t in enumerate(ids)) / len(ids), abs=1e-5)


def test_without_length_normalisation_the_beam_picks_a_raw_score_no_lower_than_the_per_token_ranking_does(transformer):
    memory, _ = transformer.encode(torch.randn(1, 80, 40))

    def raw(ids):
        return decoder_log_prob(transformer, memory, ids)[0]

    best = beam_search(transformer, memory, width=4, length_normalization=0.0)
    # Both searches keep the same beams until one stops; the raw one stops only when nothing live can beat it.
    assert raw(best) >= raw(beam_search(transformer, memory, width=4)) - 1e-6


def test_seq2seq_and_ctc_exports_have_dynamic_axes_and_attention_outputs(transformer, tmp_path):
    features = torch.randn(1, 64, 40)
    export_seq2seq(transformer, features, torch.tensor([[SOS, 5, 6]]), tmp_path / "s2s")
    export_ctc(transformer, features, tmp_path / "ctc")
    enc_attn, dec_self, dec_cross = attention_tensors(transformer)
    encoder = onnx.load(str(tmp_path / "s2s" / "encoder.onnx")).graph
    decoder = onnx.load(str(tmp_path / "s2s" / "decoder.onnx")).graph
    ctc = onnx.load(str(tmp_path / "ctc" / "model.onnx")).graph
    assert [o.name for o in encoder.output] == ["memory", "ctc_logits"] + enc_attn
    assert dims(encoder.input[0]) == ["batch", "frames", 40]
    assert [i.name for i in decoder.input] == ["tokens", "memory"]
    assert dims(decoder.input[0]) == ["batch", "steps"]
    assert [o.name for o in decoder.output] == ["logits"] + dec_self + dec_cross
    assert dims(decoder.output[len(dec_self) + 1])[2:] == ["queries", "keys"]
    assert [o.name for o in ctc.output] == ["logits"]
    assert set(enc_attn) <= {o for node in ctc.node for o in node.output}


def test_golden_vectors_hold_the_16_bit_audio_its_features_and_outputs(tmp_path):
    cfg = LogMelConfig()
    x = (0.3 * np.sin(np.linspace(0, 300, 4000))).astype(np.float32)
    write_golden(tmp_path, "tone", x, cfg, lambda f: {"logits": f.sum(axis=(1, 2))}, "tone")
    doc = json.loads((tmp_path / "golden" / "tone.json").read_text())
    import soundfile as sf
    pcm, rate = sf.read(tmp_path / "golden" / "tone.wav", dtype="float32")
    assert rate == 8000 and doc["label"] == "tone"
    features = np.array(doc["logmel"]).reshape(doc["frames"], doc["nMels"])
    np.testing.assert_allclose(features, logmel_numpy(pcm, cfg), atol=1e-5)
    assert doc["outputs"]["logits"] == pytest.approx([float(features.sum())], rel=1e-4, abs=1e-3)


DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.mark.parametrize("device", DEVICES)
def test_a_training_step_gives_the_cpus_loss_and_gradients_on_every_device(device):
    from zora_recipe.data import Clip
    from zora_recipe.features import LogMel
    from zora_recipe.train_transformer import CFG, loss_on

    def loss_and_gradient(on):
        torch.manual_seed(0)
        model = SpeechTransformer(d_model=32, heads=2, d_ff=64, encoder_layers=2, decoder_layers=1).to(on)
        rng = np.random.default_rng(1)
        clips = [Clip(rng.normal(0, 0.1, n).astype(np.float32), words, "x")
                 for n, words in ((9000, ("one", "two")), (12000, ("oh", "nine", "nine")))]
        loss = loss_on(model, LogMel(CFG).to(on), clips)
        loss.backward()
        return loss.item(), model.ctc_head.weight.grad.cpu()

    cpu_loss, cpu_grad = loss_and_gradient(torch.device("cpu"))
    loss, grad = loss_and_gradient(torch.device(device))
    assert np.isfinite(loss)
    assert loss == pytest.approx(cpu_loss, rel=1e-3)
    torch.testing.assert_close(grad, cpu_grad, rtol=1e-2, atol=1e-4)


def test_the_benchmark_peer_reproduces_the_shipped_cnns_golden_logits():
    from pathlib import Path

    from zora_recipe.peer_server import load_from_onnx
    bundle = Path(__file__).resolve().parents[2] / "models" / "digits-cnn"
    model = load_from_onnx(bundle)
    for doc in sorted((bundle / "golden").glob("*.json"))[:4]:
        golden = json.loads(doc.read_text())
        features = torch.tensor(golden["logmel"], dtype=torch.float32).reshape(1, golden["frames"], golden["nMels"])
        with torch.no_grad():
            logits = model(features)[0].numpy()
        np.testing.assert_allclose(logits, golden["outputs"]["logits"], atol=1e-3)


def test_a_bundles_onnx_weights_load_back_into_the_model_they_were_exported_from(tmp_path):
    from zora_recipe.warm_start import load_bundle
    torch.manual_seed(0)
    transformer = SpeechTransformer(d_model=32, heads=2, d_ff=64, encoder_layers=2, decoder_layers=1).eval()
    with torch.no_grad():  # as after training: no two tensors alike (the exporter shares equal ones)
        for p in transformer.parameters():
            p.add_(0.01 * torch.randn_like(p))
    features = torch.randn(1, 64, 40)
    export_seq2seq(transformer, features, torch.tensor([[SOS, 5, 6]]), tmp_path / "s2s")
    torch.manual_seed(1)
    fresh = SpeechTransformer(d_model=32, heads=2, d_ff=64, encoder_layers=2, decoder_layers=1).eval()
    load_bundle(fresh, tmp_path / "s2s")
    for name, value in transformer.state_dict().items():
        torch.testing.assert_close(fresh.state_dict()[name], value, msg=name)
