"""Trains digits-cnn and writes the bundle models/digits-cnn.

    /usr/bin/python3 -m zora_recipe.train_cnn --fsdd ../../shared/data/fsdd --out ../models/digits-cnn

Resumes from <run>/checkpoint.pt when it exists; --epochs 0 exports the untrained network
(useful to develop the server against the bundle format).
"""
import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from . import audio, cards, checkpoint
from .bundle import Exported, export_onnx, keep_named_intermediates, start_golden, write_golden, write_manifest
from .cnn import LABELS, LAYER_TENSORS, MIN_FRAMES, SILENCE, UNKNOWN, DigitsCnn
from .data import DIGIT_WORDS, Corpus, held_out_digit_words
from .features import LogMel, LogMelConfig

CFG = LogMelConfig()
RATE = CFG.sample_rate
# The validation clips are the same six speakers' other recordings, so the real recordings count
# for more than their pitched and espeak copies; the fastest speakers' clips (under 0.25 s, 116 of
# 2,400) are where clean errors cluster, so they come more often still.
REAL_REPEATS = 2
SHORT_CLIP = int(0.25 * RATE)
SHORT_EXTRA_REPEATS = 4
# Half of the added noise is white: hiss is what a cheap microphone adds, and white noise, which
# covers the fricatives' band, is what the 10 dB test uses.
WHITE_NOISE_SHARE = 0.5


def label_of(clip):
    word = clip.words[0]
    return 0 if word == "oh" else DIGIT_WORDS.index(word)


def room_tone(window, rng):
    """Silence as microphones hear it: room tone, hum or hiss at any level, sometimes a click."""
    x = np.zeros(window, dtype=np.float32)
    level = 10 ** (rng.uniform(-80, -20) / 20)
    x = audio.add_noise(x + 1e-9, 0, rng, rng.choice(["white", "pink", "brown"]))
    x = x / (audio.rms(x) + 1e-12) * level
    if rng.random() < 0.2:
        x += (0.3 * level * np.sin(2 * np.pi * rng.choice([50, 60]) * np.arange(window) / RATE))
    if rng.random() < 0.1:
        x[rng.integers(0, window)] += rng.uniform(0.05, 0.5)
    return x


class CnnTrainingSet:
    """Draws augmented examples: (samples, label) with the clip placed at random in a window."""

    def __init__(self, corpus: Corpus, snr_db: tuple):
        self.snr_db = snr_db
        real = [(c.samples, label_of(c)) for c in corpus.fsdd_train()]
        copies = [(c.samples, label_of(c)) for c in corpus.fsdd_train_pitched() + corpus.espeak_digits()]
        short = [(s, y) for s, y in real if len(s) < SHORT_CLIP]
        self.digits = real + copies + short * SHORT_EXTRA_REPEATS + real * (REAL_REPEATS - 1)
        # Other speech: words that are not digits. (Digits played backwards were tried and dropped:
        # a CNN that pools over time is nearly blind to direction, and real digits became unknown.)
        self.unknown = [(c.samples, UNKNOWN) for c in corpus.espeak_unknown()]

    def epoch(self, rng, batch):
        """Batches of clips of similar length, so a batch's window can fit its clips tightly."""
        n_silence = len(self.digits) // 10
        items = self.digits + self.unknown + [(None, SILENCE)] * n_silence
        jitter = rng.uniform(0, 0.05 * RATE, len(items))  # mixes neighbouring lengths between epochs
        # Silence has no length of its own: spread it over all batches.
        lengths = [rng.uniform(0.25, 1.0) * RATE if s is None else len(s) for s, _ in items]
        by_length = np.argsort(np.array(lengths) + jitter)
        batches = [[items[i] for i in by_length[k:k + batch]] for k in range(0, len(items), batch)]
        return [batches[i] for i in rng.permutation(len(batches))]

    @staticmethod
    def window_for(batch, rng):
        """Half the batches are cut tight to their shortest clip (as a trimmed upload: FSDD's own
        clips are trimmed close to the speech), the others leave up to a second of room around
        the longest (as a recording with the digit somewhere inside)."""
        lengths = [len(s) for s, _ in batch if s is not None] or [int(0.5 * RATE)]
        if rng.random() < 0.5:
            return min(lengths)
        return max(lengths) + int(rng.uniform(0.1, 1.0) * RATE)

    def example(self, samples, label, window, rng):
        x = np.zeros(window, dtype=np.float32)
        if samples is not None:
            if len(samples) > window:  # a tight batch: keep the middle, where the speech is
                start = (len(samples) - window) // 2
                samples = samples[start:start + window]
            offset = rng.integers(0, window - len(samples) + 1)
            x[offset:offset + len(samples)] = samples
            x = audio.augment(x, rng, noise_snr_db=self.snr_db, white_noise_share=WHITE_NOISE_SHARE)[:window]
        else:
            x = room_tone(window, rng)
        if len(x) < window:
            x = np.pad(x, (0, window - len(x)))
        return x.astype(np.float32)


def evaluate(model, frontend, clips_and_labels):
    model.eval()
    correct = 0
    with torch.no_grad():
        for samples, label in clips_and_labels:
            logits = model(frontend(torch.from_numpy(samples)[None].to(frontend.fbank.device)))
            correct += int(logits.argmax(-1).item() == label)
    return correct / len(clips_and_labels)


def validation_sets(corpus: Corpus):
    """The same clips and the same noise for every run, whatever seed it trains with."""
    rng = np.random.default_rng(corpus.seed)
    clean = [(c.samples, label_of(c)) for c in corpus.fsdd_validation()]
    noisy = [(audio.add_noise(s, 10.0, rng, "white", reference="whole"), y) for s, y in clean]
    new_voices = [(c.samples, label_of(c)) for c in held_out_digit_words(corpus)]
    return {"validation_accuracy": clean, "validation_accuracy_white_noise_10db": noisy,
            "held_out_espeak_voices_accuracy": new_voices}


def train(args):
    checkpoint.seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    device = checkpoint.pick_device(args.device)
    print(f"training on {device}", flush=True)
    corpus = Corpus(args.fsdd, args.cache)
    frontend = LogMel(CFG).to(device)
    model = DigitsCnn().to(device)
    training_set = CnnTrainingSet(corpus, (args.min_snr_db, args.max_snr_db))
    steps_per_epoch = len(training_set.epoch(np.random.default_rng(0), args.batch))
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, args.lr, total_steps=max(1, args.epochs * steps_per_epoch))
    run = Path(args.run)
    state = checkpoint.load(run / "checkpoint.pt")
    first_epoch = 0
    if state:
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        first_epoch = state["epoch"] + 1
        print(f"resumed after epoch {state['epoch']}", flush=True)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.05)
    for epoch in range(first_epoch, args.epochs):
        rng = np.random.default_rng(args.seed + epoch)
        batches = training_set.epoch(rng, args.batch)
        model.train()
        started, total = time.time(), 0.0
        for batch in batches:
            window = CnnTrainingSet.window_for(batch, rng)
            x = torch.from_numpy(np.stack([training_set.example(s, y, window, rng) for s, y in batch])).to(device)
            y = torch.tensor([label for _, label in batch], device=device)
            loss = loss_fn(model(frontend(x)), y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        accuracy = evaluate(model, frontend, validation_sets(corpus)["validation_accuracy"])
        print(f"epoch {epoch + 1}/{args.epochs} loss {total / steps_per_epoch:.4f} "
              f"val {accuracy:.4f} {time.time() - started:.0f}s", flush=True)
        checkpoint.save(run / "checkpoint.pt", model=model.state_dict(), optimiser=optimiser.state_dict(),
                        schedule=schedule.state_dict(), epoch=epoch)
    return model, corpus, frontend


def export(model, corpus, frontend, args):
    # Metrics, ONNX and goldens on the CPU: the golden outputs are what the CPU server must reproduce.
    model, frontend = model.cpu().eval(), frontend.cpu()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    example = frontend(torch.from_numpy(corpus.fsdd_validation()[0].samples)[None])
    export_cnn(model, example, out / "model.onnx")

    metrics = {name: round(evaluate(model, frontend, items), 4)
               for name, items in validation_sets(corpus).items()}
    metrics["validation_clips"] = len(corpus.fsdd_validation())
    print(json.dumps(metrics), flush=True)

    def run_model(features):
        with torch.no_grad():
            return {"logits": model(torch.from_numpy(features)).numpy()}

    rng = np.random.default_rng(args.seed)
    validation = corpus.fsdd_validation()
    start_golden(out)
    for clip in (validation[i] for i in (3, 71, 138, 206)):
        write_golden(out, f"fsdd-{clip.words[0]}-{clip.speaker}", clip.samples, CFG, run_model, clip.words[0])
    voice = held_out_digit_words(corpus)[7]
    write_golden(out, f"espeak-{voice.words[0]}", voice.samples, CFG, run_model, voice.words[0])
    write_golden(out, "room-tone", room_tone(RATE, rng), CFG, run_model, "_silence_")

    parameters = sum(p.numel() for p in model.parameters())
    write_manifest(out, {
        "id": "digits-cnn",
        "version": "1.0.0",
        "task": "classification",
        "description": "Names one isolated English spoken digit (zero to nine, 'oh' as zero), "
                       "or _silence_ / _unknown_ (other speech).",
        "sampleRate": RATE,
        "frontend": CFG.manifest(),
        "inputs": {"features": "features"},
        "outputs": {"logits": "logits"},
        "labels": LABELS,
        "minFrames": MIN_FRAMES,
        "files": {"model": "model.onnx"},
        "layers": [{"tensor": t, "title": f"Conv block {i + 1} (conv 3x3, batch norm, ReLU"
                                          f"{', max-pool 2x2' if i < len(LAYER_TENSORS) - 1 else ''})",
                    "kind": "conv2d", "layout": "NCTF"} for i, t in enumerate(LAYER_TENSORS)],
        "metrics": metrics,
        "license": "CC-BY-SA-4.0 (trained on the Free Spoken Digit Dataset, Zohar Jackson et al., "
                   "CC-BY-SA-4.0; and on espeak-ng speech)",
        "training": {"epochs": args.epochs, "seed": args.seed, "parameters": parameters},
    })
    cards.digits_cnn(out, metrics, parameters, (out / "model.onnx").stat().st_size)


def export_cnn(model, example, onnx_path):
    """Input `features` [batch, frames, mels], output `logits`; the conv blocks' outputs keep their names."""
    export_onnx(
        Exported(model, lambda m, features: m(features, return_layers=True)), example, onnx_path,
        input_names=["features"], output_names=["logits"] + LAYER_TENSORS,
        dynamic_axes={"features": {0: "batch", 1: "frames"}, "logits": {0: "batch"},
                      **{t: {0: "batch", 2: "time"} for t in LAYER_TENSORS}})
    keep_named_intermediates(onnx_path, {"logits"})


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    p.add_argument("--run", default="runs/digits-cnn")
    p.add_argument("--out", default="../models/digits-cnn")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--min-snr-db", type=float, default=0.0,
                   help="noise is added at min..max dB SNR (80%% of examples)")
    p.add_argument("--max-snr-db", type=float, default=35.0)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=1,
                   help="PyTorch threads; the result depends on it (summation order), the bundle used 1")
    p.add_argument("--device", default="auto", help="auto (CUDA when available), cpu or cuda")
    args = p.parse_args()
    export(*train(args), args)


if __name__ == "__main__":
    main()
