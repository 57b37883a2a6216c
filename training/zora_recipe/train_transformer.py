"""Trains the digits Speech-Transformer (joint CTC) and writes models/digits-transformer and models/digits-ctc.

    /usr/bin/python3 -m zora_recipe.train_transformer --steps 4000          # train (resumes), then export
    /usr/bin/python3 -m zora_recipe.train_transformer --export-only         # export the last checkpoint

Training resumes from <run>/checkpoint.pt. The learning rate follows the Noam schedule (warm-up,
then 1/sqrt(step)), which does not depend on the total, so a run can be extended with a larger --steps;
with --anneal-steps K it falls linearly to zero over the run's last K steps (a cool-down before export).
"""
import argparse
import json
import math
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from . import cards, checkpoint
from .bundle import Exported, export_onnx, keep_named_intermediates, start_golden, write_golden, write_manifest
from .ctc import PrefixScorer, prefix_beam_search
from .data import SLOWED_TEMPO, Corpus
from .features import LogMel, LogMelConfig, SpecAugment, TimeStretch, compose
from .strings import (
    LONG_STRING_SHARE,
    VTLP_RANGE,
    StringTrainingSet,
    as_served,
    fsdd_validation_strings,
    scored_sets,
)
from .transformer import (
    BLANK,
    EOS,
    PAD,
    SOS,
    SUBSAMPLING,
    VOCABULARY,
    SpeechTransformer,
    decode,
    encode,
    padding_mask,
    subsampled_length,
)
from .warm_start import load_bundle
from .wer import edit_distance

# 20 ms hop (40 ms window): half the frames of digits-cnn, so each training step costs half as much;
# after 4x subsampling the encoder sees 12.5 frames a second, still several per spoken digit.
CFG = LogMelConfig(n_fft=512, win_length=320, hop_length=160)
CTC_WEIGHT = 0.3  # in the training loss
JOINT_CTC_WEIGHT = 0.5  # in joint CTC/attention decoding: chosen on the validation strings
MAX_TOKENS = 12  # the least limit on a hypothesis: ten digits, <eos>, and one to spare
# A longer utterance may hold more words: up to this many a second (faster than anyone reads digits),
# plus <eos>. A fixed 12 cut a 16-digit number read in one breath to its first 11 digits; a fixed limit
# fit for the server's longest utterance (20 s) loosened the early stop of every short search.
MAX_TOKENS_PER_SECOND = 4.0


def batch_features(frontend, clips, augment=None, rng=None):
    """Per-utterance features (normalised alone, as the server does), padded: [B, T, F], lengths.
    With `augment` (training only: `features.compose` of TimeStretch, SpecAugment) each utterance's
    features are augmented, drawing from `rng`."""
    device = frontend.fbank.device
    feats = [frontend(torch.from_numpy(c.samples)[None].to(device), c.warp)[0] for c in clips]
    if augment is not None:
        feats = [augment(f, rng) for f in feats]
    lengths = torch.tensor([f.shape[0] for f in feats], device=device)
    return torch.nn.utils.rnn.pad_sequence(feats, batch_first=True), lengths


def memory_mask(lengths, t):
    """[B, t] True on the encoder frames that are padding."""
    return padding_mask(subsampled_length(lengths), t)


def loss_on(model, frontend, clips, augment=None, rng=None):
    x, lengths = batch_features(frontend, clips, augment, rng)
    targets = [encode(c.words) for c in clips]
    t = subsampled_length(x.shape[1])
    mask = memory_mask(lengths, t)
    memory, _ = model.encode(x, lengths)
    s = max(len(y) for y in targets) + 1
    inputs = torch.full((len(clips), s), PAD)
    outputs = torch.full((len(clips), s), PAD)
    for i, y in enumerate(targets):
        inputs[i, :len(y) + 1] = torch.tensor([SOS] + y)
        outputs[i, :len(y) + 1] = torch.tensor(y + [EOS])
    inputs, outputs = inputs.to(x.device), outputs.to(x.device)
    logits, _, _ = model.decode(inputs, memory, mask)
    attention_loss = F.cross_entropy(logits.transpose(1, 2), outputs, ignore_index=PAD, label_smoothing=0.1)
    log_probs = model.ctc_logits(memory).log_softmax(-1).transpose(0, 1)
    ctc_loss = F.ctc_loss(log_probs, torch.cat([torch.tensor(y, dtype=torch.long) for y in targets]).to(x.device),
                          subsampled_length(lengths), torch.tensor([len(y) for y in targets], device=x.device),
                          blank=BLANK, zero_infinity=True)
    return (1 - CTC_WEIGHT) * attention_loss + CTC_WEIGHT * ctc_loss


def token_limit(encoder_frames):
    """The most tokens (with <eos>) a hypothesis of an utterance whose encoder gave `encoder_frames`
    may have: MAX_TOKENS, or MAX_TOKENS_PER_SECOND a second of it plus <eos> if that is more. The
    server counts the same way (Java BeamSearchOptions.forUtterance)."""
    seconds = encoder_frames * (SUBSAMPLING * (CFG.hop_length / CFG.sample_rate))
    return max(MAX_TOKENS, math.ceil(MAX_TOKENS_PER_SECOND * seconds) + 1)


def beam_search(model, memory, width=1, max_tokens=None, ctc_weight=0.0, length_normalization=1.0):
    """One utterance's memory [1, T, d] -> token ids: the best hypothesis of scored_beam_search
    (at most `max_tokens`, by default the utterance's token_limit)."""
    return scored_beam_search(model, memory, width, max_tokens, ctc_weight, length_normalization)[0]


@torch.no_grad()
def scored_beam_search(model, memory, width=1, max_tokens=None, ctc_weight=0.0, length_normalization=1.0):
    """One utterance's memory [1, T, d] -> (token ids, the score they ranked by). Width 1 is
    greedy. A hypothesis scores (1 - ctc_weight) * its summed attention log-probabilities + ctc_weight * its CTC prefix score
    (joint CTC/attention decoding, from the same encoder's CTC head); finished hypotheses rank by
    that score divided by length ** length_normalization (length with <eos>; 1, the server's
    default, so long strings are not penalised; 0 ranks by the raw score). Stops early once no live
    hypothesis can beat the best finished one: scores only fall as tokens are added, so nothing a
    live one becomes ranks above its score / max_tokens ** length_normalization (the answer is
    unchanged). `max_tokens` defaults to the utterance's token_limit."""
    max_tokens = max_tokens or token_limit(memory.shape[1])
    scorer = None
    if ctc_weight > 0:
        scorer = PrefixScorer(model.ctc_logits(memory)[0].log_softmax(-1).cpu().numpy(), BLANK, EOS)
    candidates_per_beam = width if scorer is None else min(len(VOCABULARY), width + 2)
    beams = [([SOS], 0.0, 0.0, scorer.initial() if scorer else None)]  # tokens, attention, ctc, state
    finished = []
    for _ in range(max_tokens):
        tokens = torch.tensor([b[0] for b in beams], device=memory.device)
        logits, _, _ = model.decode(tokens, memory.expand(len(beams), -1, -1))
        log_probs = logits[:, -1].log_softmax(-1)
        candidates = []
        for (seq, attention, _, state), lp in zip(beams, log_probs, strict=True):
            top = lp.topk(candidates_per_beam)
            ids = [int(i) for i in top.indices]
            if scorer is None:
                candidates += [(seq + [i], attention + float(v), 0.0, None) for v, i in zip(top.values, ids, strict=True)]
            else:
                psi, states = scorer.extend(state, ids)
                candidates += [(seq + [i], attention + float(v), float(p), st)
                               for v, i, p, st in zip(top.values, ids, psi, states, strict=True)]
        candidates.sort(key=lambda c: -joint_score(c, ctc_weight))
        beams = []
        for c in candidates[:width]:
            (finished if c[0][-1] == EOS else beams).append(c)
        if beams and finished and max(normalised(c, ctc_weight, length_normalization) for c in finished) > \
                max(joint_score(c, ctc_weight) for c in beams) / max_tokens ** length_normalization:
            beams = []  # nothing a live hypothesis becomes can win any more
        if not beams:
            break
    finished += beams
    best = max(finished, key=lambda c: normalised(c, ctc_weight, length_normalization))
    return [i for i in best[0][1:] if i != EOS], normalised(best, ctc_weight, length_normalization)


def joint_score(candidate, ctc_weight):
    _, attention, ctc, _ = candidate
    return (1 - ctc_weight) * attention + ctc_weight * ctc


def normalised(candidate, ctc_weight, length_normalization=1.0):
    """The final ranking: the score over length ** length_normalization, <eos> counted."""
    return joint_score(candidate, ctc_weight) / (len(candidate[0]) - 1) ** length_normalization


def ctc_greedy(model, memory):
    ids = model.ctc_logits(memory)[0].argmax(-1).tolist()
    return [i for j, i in enumerate(ids) if i != BLANK and (j == 0 or i != ids[j - 1])]


def ctc_beam(model, memory, width):
    return prefix_beam_search(model.ctc_logits(memory)[0].log_softmax(-1).cpu().numpy(), width, BLANK)


@torch.no_grad()
def word_error_rate(model, frontend, clips, width=1, ctc=False, ctc_weight=0.0, length_normalization=1.0):
    """Over clips; ctc=True decodes the CTC head alone (best path at width 1, prefix beam search
    above), else the attention decoder (with joint CTC scoring when ctc_weight > 0)."""
    model.eval()
    errors = words = 0
    for c in clips:
        memory, _ = model.encode(frontend(torch.from_numpy(c.samples)[None].to(frontend.fbank.device)))
        if ctc:
            ids = ctc_greedy(model, memory) if width == 1 else ctc_beam(model, memory, width)
        else:
            ids = beam_search(model, memory, width, ctc_weight=ctc_weight, length_normalization=length_normalization)
        hyp = decode(ids)
        errors += edit_distance(list(c.words), hyp)
        words += len(c.words)
    model.train()
    return errors / words


def noam(step, warmup, peak):
    step = max(step, 1)
    return peak * min(step / warmup, (warmup / step) ** 0.5)


def learning_rate(step, args):
    """The rate for training step `step` (1-based): Noam's, times a linear fall to zero over the
    last `args.anneal_steps` steps before `args.steps` (the last step gets 1/K of it)."""
    rate = noam(step, args.warmup, args.lr)
    if args.anneal_steps:
        rate *= min(1.0, (args.steps - step + 1) / args.anneal_steps)
    return rate


def train(args):
    checkpoint.seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    device = checkpoint.pick_device(args.device)
    print(f"training on {device}", flush=True)
    corpus = Corpus(args.fsdd, args.cache)
    frontend = LogMel(CFG).to(device)
    model = SpeechTransformer().to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=1e-2)
    run = Path(args.run)
    state = checkpoint.load(run / "checkpoint.pt")
    step = 0
    continued_from = None  # the bundle training started from: its version and steps
    # What the data mix depends on: a run resumes or exports only with the options it was trained
    # with, so its manifest says what it was trained on (checkpoints from before this carry none).
    settings = {"vtlp": not args.no_vtlp, "held_out_speaker": args.hold_out_speaker}
    if args.spec_augment:  # only when on, so the checkpoints from before it resume as they were
        settings["spec_augment"] = True
    if args.vtlp_max != VTLP_RANGE[1]:  # likewise only when not the default
        settings["vtlp_max"] = args.vtlp_max
    if args.no_accented:  # likewise only when off
        settings["accented"] = False
    if args.long_strings:  # likewise only when on
        settings["long_strings"] = True
    if args.no_slowed:  # likewise only when off (runs before 1.7.0 had no slowed recordings)
        settings["slowed"] = False
    if args.time_stretch:  # likewise only when on
        settings["time_stretch"] = True
    if state and state.get("settings", settings) != settings:
        raise SystemExit(f"{run} was trained with {state['settings']}, not {settings}: give the same options")
    if state:
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        step = state["step"]
        # Checkpoints from before this was kept: the --init-bundle given again names the start.
        continued_from = state.get("continued_from") or bundle_origin(args.init_bundle)
        print(f"resumed at step {step}", flush=True)
    elif args.init_bundle:
        load_bundle(model, Path(args.init_bundle))
        continued_from = bundle_origin(args.init_bundle)
        step = continued_from["steps"]
        print(f"started from {args.init_bundle} (trained {step} steps)", flush=True)
    if args.export_only:
        return model, corpus, provenance(args, step, continued_from)
    training_set = StringTrainingSet(corpus, vtlp=not args.no_vtlp, without_speaker=args.hold_out_speaker,
                                     vtlp_range=(VTLP_RANGE[0], args.vtlp_max), accented=not args.no_accented,
                                     long_strings=args.long_strings, slowed=not args.no_slowed)
    # stretched first: the masks fall on the slower utterance, as they would on a slower speaker's
    augment = compose(TimeStretch() if args.time_stretch else None, SpecAugment() if args.spec_augment else None)
    validation = fsdd_validation_strings(corpus)[:args.eval_strings]
    # Tight single digits (what a model trained on padded strings missed), as the server pads them.
    isolated = as_served(corpus.fsdd_validation()[::3], np.random.default_rng(0))
    started, running = time.time(), None
    while step < args.steps:
        rng = np.random.default_rng(args.seed * 100_003 + step)
        for group in optimiser.param_groups:
            group["lr"] = learning_rate(step + 1, args)
        loss = loss_on(model, frontend, [training_set.draw(rng) for _ in range(args.batch)], augment, rng)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimiser.step()
        step += 1
        running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
        if step % 25 == 0:
            print(f"step {step} loss {running:.3f} lr {learning_rate(step, args):.2e} "
                  f"{(time.time() - started) / 25:.2f}s/step", flush=True)
            started = time.time()
        if step % args.checkpoint_every == 0 or step == args.steps:
            checkpoint.save(run / "checkpoint.pt", model=model.state_dict(),
                            optimiser=optimiser.state_dict(), step=step, continued_from=continued_from,
                            settings=settings)
        if step % args.eval_every == 0:
            print(f"step {step} validation WER greedy {word_error_rate(model, frontend, validation):.4f} "
                  f"ctc {word_error_rate(model, frontend, validation, ctc=True):.4f} "
                  f"isolated greedy {word_error_rate(model, frontend, isolated):.4f} "
                  f"ctc {word_error_rate(model, frontend, isolated, ctc=True):.4f}", flush=True)
            started = time.time()
    return model, corpus, provenance(args, step, continued_from)


def provenance(args, steps, continued_from):
    """The manifest's `training` block for a run of this script (export adds the parameter count)."""
    return {"steps": steps, "seed": args.seed, "vtlp": not args.no_vtlp,
            **({"specAugment": asdict(SpecAugment())} if args.spec_augment else {}),
            **({"timeStretch": asdict(TimeStretch())} if args.time_stretch else {}),
            **({"vtlpRange": [VTLP_RANGE[0], args.vtlp_max]} if args.vtlp_max != VTLP_RANGE[1] else {}),
            **({"accentedVoices": False} if args.no_accented else {}),
            **({"longStringShare": LONG_STRING_SHARE} if args.long_strings else {}),
            **({} if args.no_slowed else {"slowedRecordingsTempo": list(SLOWED_TEMPO)}),
            **({"heldOutSpeaker": args.hold_out_speaker} if args.hold_out_speaker else {}),
            **({"annealSteps": args.anneal_steps} if args.anneal_steps else {}),
            **({"continuedFrom": continued_from} if continued_from else {})}


def bundle_origin(bundle):
    """The version and step count of a digits-transformer bundle; None without one."""
    if bundle is None:
        return None
    manifest = json.loads((Path(bundle) / "zora.json").read_text())
    return {"version": manifest["version"], "steps": manifest["training"]["steps"]}


def _encoder_outputs(model, features):
    memory, weights = model.encode(features)
    return (memory, model.ctc_logits(memory), *weights)


def _decoder_outputs(model, tokens, memory):
    logits, self_weights, cross_weights = model.decode(tokens, memory)
    return (logits, *self_weights, *cross_weights)


def _ctc_outputs(model, features):
    memory, weights = model.encode(features)
    return (model.ctc_logits(memory), *weights)


ATTENTION_AXES = {0: "batch", 2: "queries", 3: "keys"}


def attention_tensors(model):
    return ([f"encoder_self_attention_{i}" for i in range(len(model.encoder))],
            [f"decoder_self_attention_{i}" for i in range(len(model.decoder))],
            [f"decoder_cross_attention_{i}" for i in range(len(model.decoder))])


def export_seq2seq(model, example_features, example_tokens, out: Path):
    """encoder.onnx (features -> memory, CTC logits, attention) and decoder.onnx (tokens, memory ->
    logits, attention). The CTC logits let a server score hypotheses with both heads."""
    enc_attn, dec_self, dec_cross = attention_tensors(model)
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(Exported(model, _encoder_outputs), example_features, out / "encoder.onnx",
                      input_names=["features"], output_names=["memory", "ctc_logits"] + enc_attn,
                      dynamic_axes={"features": {0: "batch", 1: "frames"},
                                    "memory": {0: "batch", 1: "encoder_frames"},
                                    "ctc_logits": {0: "batch", 1: "encoder_frames"},
                                    **{t: ATTENTION_AXES for t in enc_attn}})
    with torch.no_grad():
        memory, _ = model.encode(example_features)
    export_onnx(Exported(model, _decoder_outputs), (example_tokens, memory), out / "decoder.onnx",
                      input_names=["tokens", "memory"],
                      output_names=["logits"] + dec_self + dec_cross,
                      dynamic_axes={"tokens": {0: "batch", 1: "steps"},
                                    "memory": {0: "batch", 1: "encoder_frames"},
                                    "logits": {0: "batch", 1: "steps"},
                                    **{t: ATTENTION_AXES for t in dec_self + dec_cross}})


def export_ctc(model, example_features, out: Path):
    """model.onnx: features -> CTC logits; encoder attention kept as named intermediate tensors."""
    enc_attn, _, _ = attention_tensors(model)
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(Exported(model, _ctc_outputs), example_features, out / "model.onnx",
                      input_names=["features"], output_names=["logits"] + enc_attn,
                      dynamic_axes={"features": {0: "batch", 1: "frames"},
                                    "logits": {0: "batch", 1: "encoder_frames"},
                                    **{t: ATTENTION_AXES for t in enc_attn}})
    keep_named_intermediates(out / "model.onnx", {"logits"})


def export(model, corpus, training, args):
    """Measures `model`, writes both bundles to args.out and args.ctc_out; `training` is the
    manifest's training block (steps, and where the weights came from)."""
    # Metrics, ONNX and goldens on the CPU: the golden outputs are what the CPU server must reproduce.
    model, frontend = model.cpu().eval(), LogMel(CFG)
    enc_attn, dec_self, dec_cross = attention_tensors(model)
    n_enc = len(enc_attn)
    sets = scored_sets(corpus, training.get("heldOutSpeaker"))
    validation, espeak_test = sets["validation"], sets["espeak_held_out_voices"]
    example = frontend(torch.from_numpy(validation[0].samples)[None])

    widths = sorted({1, args.beam})
    metrics, ctc_metrics = {}, {}
    for w in widths:
        # What the server does (joint decoding, the manifest's ctcWeight), and the decoder alone.
        for name, clips in sets.items():
            metrics[f"{name}_wer_beam{w}"] = round(
                word_error_rate(model, frontend, clips, width=w, ctc_weight=args.ctc_weight), 4)
            metrics[f"{name}_wer_beam{w}_attention_only"] = round(
                word_error_rate(model, frontend, clips, width=w), 4)
            ctc_metrics[f"{name}_wer_{'greedy' if w == 1 else f'beam{w}'}"] = round(
                word_error_rate(model, frontend, clips, width=w, ctc=True), 4)
    counts = {"validation_strings": len(validation), "espeak_test_strings": len(espeak_test),
              "validation_words": sum(len(c.words) for c in validation),
              "espeak_test_words": sum(len(c.words) for c in espeak_test)}
    print(json.dumps({"digits-transformer": metrics, "digits-ctc": ctc_metrics}), flush=True)

    layers = ([{"tensor": t, "title": f"Encoder self-attention, layer {i + 1}", "kind": "attention",
                "layout": "NHQK", "file": "encoder"} for i, t in enumerate(enc_attn)]
              + [{"tensor": t, "title": f"Decoder self-attention, layer {i + 1}", "kind": "attention",
                  "layout": "NHQK", "file": "decoder"} for i, t in enumerate(dec_self)]
              + [{"tensor": t, "title": f"Decoder cross-attention, layer {i + 1} (tokens x encoder frames)",
                  "kind": "cross-attention", "layout": "NHQK", "file": "decoder"} for i, t in enumerate(dec_cross)])
    common = {
        "sampleRate": CFG.sample_rate,
        "frontend": CFG.manifest(),
        "vocabulary": VOCABULARY,
        "subsampling": SUBSAMPLING,
        "license": "CC-BY-SA-4.0 (trained on the Free Spoken Digit Dataset, Zohar Jackson et al., "
                   "CC-BY-SA-4.0; and on espeak-ng speech)",
        "training": {**training, "parameters": sum(p.numel() for p in model.parameters())},
    }

    out, ctc_out = Path(args.out), Path(args.ctc_out)
    export_seq2seq(model, example, torch.tensor([[SOS] + encode(validation[0].words)]), out)
    export_ctc(model, example, ctc_out)

    def run_seq2seq(features):
        with torch.no_grad():
            memory, _ = model.encode(torch.from_numpy(features))
            ids = beam_search(model, memory, width=1)
            logits, _, _ = model.decode(torch.tensor([[SOS] + ids]), memory)
            # What the server answers by default: beam args.beam with joint CTC scoring.
            served = beam_search(model, memory, width=args.beam, ctc_weight=args.ctc_weight)
            return {"memory": memory.numpy(), "ctcLogits": model.ctc_logits(memory).numpy(),
                    "tokens": np.array([SOS] + ids, dtype=np.float32), "logits": logits.numpy(),
                    "servedTokens": np.array(served, dtype=np.float32)}

    def run_ctc(features):
        with torch.no_grad():
            memory, _ = model.encode(torch.from_numpy(features))
            return {"logits": model.ctc_logits(memory).numpy()}

    write_manifest(out, {
        "id": "digits-transformer", "version": args.version, "task": "seq2seq",
        "description": "Transcribes connected English digit strings (zero to nine, and 'oh'): "
                       "a Speech-Transformer with an encoder and a decoder step.",
        **common,
        "specialTokens": {"pad": PAD, "sos": SOS, "eos": EOS, "blank": BLANK},
        "decoding": {"ctcWeight": args.ctc_weight},
        "inputs": {"features": "features", "tokens": "tokens", "memory": "memory"},
        "outputs": {"memory": "memory", "ctcLogits": "ctc_logits", "logits": "logits"},
        "files": {"encoder": "encoder.onnx", "decoder": "decoder.onnx"},
        "layers": layers,
        "metrics": {**metrics, **counts},
    })

    write_manifest(ctc_out, {
        "id": "digits-ctc", "version": args.version, "task": "ctc",
        "description": "Transcribes connected English digit strings with a CTC head on the "
                       "digits-transformer encoder (no decoder: faster, no language context).",
        **common,
        "specialTokens": {"blank": BLANK},
        "inputs": {"features": "features"},
        "outputs": {"logits": "logits"},
        "files": {"model": "model.onnx"},
        "layers": layers[:n_enc],
        "metrics": {**ctc_metrics, **counts},
    })

    parameters = common["training"]["parameters"]
    cards.digits_transformer(out, {**metrics, **counts}, parameters,
                             sum((out / f).stat().st_size for f in ("encoder.onnx", "decoder.onnx")),
                             args.beam, args.ctc_weight, common["training"])
    cards.digits_ctc(ctc_out, {**ctc_metrics, **counts}, (ctc_out / "model.onnx").stat().st_size, args.beam,
                     common["training"])

    start_golden(out)
    start_golden(ctc_out)
    for i in (0, 1, 2):
        clip = validation[i]
        name = f"fsdd-string-{i}"
        write_golden(out, name, clip.samples, CFG, run_seq2seq, " ".join(clip.words))
        write_golden(ctc_out, name, clip.samples, CFG, run_ctc, " ".join(clip.words))
    clip = espeak_test[0]
    write_golden(out, "espeak-string-0", clip.samples, CFG, run_seq2seq, " ".join(clip.words))
    write_golden(ctc_out, "espeak-string-0", clip.samples, CFG, run_ctc, " ".join(clip.words))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    p.add_argument("--run", default="runs/digits-transformer")
    p.add_argument("--out", default="../models/digits-transformer")
    p.add_argument("--ctc-out", default="../models/digits-ctc")
    p.add_argument("--steps", type=int, default=5600)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=400)
    p.add_argument("--anneal-steps", type=int, default=0, help="bring the learning rate linearly down to zero "
                   "over the last this many steps before --steps (recorded in the manifest)")
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--ctc-weight", type=float, default=JOINT_CTC_WEIGHT,
                   help="CTC prefix score weight in joint decoding, written into the manifest")
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--eval-strings", type=int, default=100)
    p.add_argument("--checkpoint-every", type=int, default=50)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=1)  # faster than 2 on a 2-core machine: see README
    p.add_argument("--device", default="auto", help="auto (CUDA when available), cpu or cuda")
    p.add_argument("--export-only", action="store_true")
    p.add_argument("--no-vtlp", action="store_true", help="train without vocal-tract-length perturbation "
                   "(the ablation; recorded in the manifest)")
    p.add_argument("--vtlp-max", type=float, default=VTLP_RANGE[1],
                   help=f"the largest vocal-tract-length warp drawn (default {VTLP_RANGE[1]}; above 1 raises "
                   "the formants, as a shorter vocal tract does; recorded in the manifest)")
    p.add_argument("--no-accented", action="store_true", help="train without the accented voices, their "
                   "share given to espeak-ng as before 1.6.0 (the ablation; recorded in the manifest)")
    p.add_argument("--no-slowed", action="store_true", help="train without the slowed twins of the real "
                   "recordings (Corpus.fsdd_train_slowed), as every version before 1.7.0 did")
    p.add_argument("--long-strings", action="store_true", help="draw a fifth of the real strings with 11-20 "
                   "digits instead of 1-10 (recorded in the manifest)")
    p.add_argument("--spec-augment", action="store_true", help="mask bands and runs of frames of each "
                   "training utterance's features (SpecAugment; recorded in the manifest)")
    p.add_argument("--time-stretch", action="store_true", help="say a share of the training utterances "
                   "slower, on their features, piece by piece (features.TimeStretch; recorded in the manifest)")
    p.add_argument("--version", default="1.2.0", help="the bundles' version, in their manifests")
    p.add_argument("--hold-out-speaker", help="train without this FSDD speaker and score their recordings "
                   "(leave-one-speaker-out; the bundles are for the report, not for models/)")
    p.add_argument("--init-bundle", help="with no checkpoint yet: start from this bundle's weights "
                   "(a digits-transformer folder) and its step count, instead of from scratch")
    args = p.parse_args()
    if args.hold_out_speaker and args.init_bundle:
        p.error("--hold-out-speaker trains from scratch: a bundle to start from has heard every speaker")
    export(*train(args), args)


if __name__ == "__main__":
    main()
