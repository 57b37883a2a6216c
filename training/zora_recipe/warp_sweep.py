"""Does a digits-transformer bundle hear a new voice better through a warped filterbank? Decodes
each held-out set at several vocal-tract-length warps (features.vtlp_warp, the training
augmentation) and reports the word error rate at each warp, and of three ways to pick one
transcript per utterance: the hypothesis whose decoding score (the normalised joint CTC/attention
score the beam ranks by; one that ended with <eos> before one cut off at the length limit) is best
over a few warps or over all of them, and the oracle (the warp with the fewest errors, per
utterance: the headroom, not something a server can do).

    /usr/bin/python3 -m zora_recipe.warp_sweep ../models/digits-transformer [--by-speaker]
    /usr/bin/python3 -m zora_recipe.warp_sweep runs/loso-jackson-accented/digits-transformer \\
        --sets held_out_speaker_strings

A bundle trained without an FSDD speaker (its manifest's training.heldOutSpeaker) is also scored
on that speaker's sets. Beam width 4 and the served CTC weight. The server decodes at warp 1 only.
"""
import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import torch

from .data import Corpus
from .features import LogMel
from .strings import scored_sets
from .train_transformer import CFG, JOINT_CTC_WEIGHT, scored_beam_search, token_limit
from .transformer import decode
from .warm_start import transformer_from_bundle
from .wer import edit_distance

NEW_VOICE_SETS = ("validation", "espeak_held_out_voices", "synth_held_out_voices", "held_out_speaker_strings")


@dataclass(frozen=True)
class Decoded:
    errors: int
    score: float  # the normalised joint score the beam ranked it by
    ended: bool  # said <eos>, rather than being cut at its token_limit (its score then lacks <eos>'s cost)


@torch.no_grad()
def decode_at_warps(model, frontend, clip, warps, beam=4):
    """One clip decoded through each warped filterbank: {warp: Decoded}."""
    decoded = {}
    for warp in warps:
        memory, _ = model.encode(frontend(torch.from_numpy(clip.samples)[None], warp=warp))
        ids, score = scored_beam_search(model, memory, beam, ctc_weight=JOINT_CTC_WEIGHT)
        decoded[warp] = Decoded(edit_distance(list(clip.words), decode(ids)), score, len(ids) < token_limit(memory.shape[1]))
    return decoded


def best_scored(decoded, warps):
    """The decoding, among `warps`, whose score is highest, of those that ended if any did."""
    return max((decoded[w] for w in warps), key=lambda d: (d.ended, d.score))


def sweep_row(per_clip, words, warps, picks):
    """Word error rates (%) at each warp, then of each pick: per_clip is one {warp: Decoded} per clip."""
    at_warp = [100 * sum(d[w].errors for d in per_clip) / words for w in warps]
    picked = [100 * sum(pick(d).errors for d in per_clip) / words for pick in picks.values()]
    return at_warp + picked


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bundle")
    p.add_argument("--warps", default="0.8,0.85,0.9,0.95,1,1.05,1.1,1.15,1.2")
    p.add_argument("--few", default="0.9,1,1.1", help="the warps of the 'best score of a few' pick")
    p.add_argument("--sets", default=",".join(NEW_VOICE_SETS), help="held-out sets by metric name")
    p.add_argument("--by-speaker", action="store_true", help="a row per voice of each set, too")
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    args = p.parse_args()
    warps = [float(w) for w in args.warps.split(",")]
    few = [float(w) for w in args.few.split(",")]
    if not set(few) <= set(warps) or 1.0 not in warps:
        raise SystemExit("--warps must hold 1 (what the server does) and every warp of --few")
    torch.set_num_threads(1)
    model = transformer_from_bundle(args.bundle)
    frontend = LogMel(CFG)
    corpus = Corpus(args.fsdd, args.cache)
    speaker = json.loads((Path(args.bundle) / "zora.json").read_text())["training"].get("heldOutSpeaker")
    wanted = args.sets.split(",")
    sets = {name: clips for name, clips in scored_sets(corpus, speaker).items() if name in wanted}
    picks = {f"best score of {args.few}": lambda d: best_scored(d, few),
             "best score of all": lambda d: best_scored(d, warps),
             "oracle": lambda d: min(d.values(), key=lambda x: x.errors)}
    print("| set | " + " | ".join(f"warp {w:g}" for w in warps) + " | " + " | ".join(picks) + " |", flush=True)
    print("| --- |" + " --- |" * (len(warps) + len(picks)), flush=True)
    for name, clips in sets.items():
        per_clip = [decode_at_warps(model, frontend, c, warps, args.beam) for c in clips]
        groups = {name: range(len(clips))}
        if args.by_speaker:
            for voice in sorted({c.speaker for c in clips}):
                groups[f"{name}: {voice}"] = [i for i, c in enumerate(clips) if c.speaker == voice]
        for row, members in groups.items():
            rates = sweep_row([per_clip[i] for i in members], sum(len(clips[i].words) for i in members), warps, picks)
            print(f"| {row} | " + " | ".join(f"{r:.1f}%" for r in rates) + " |", flush=True)


if __name__ == "__main__":
    main()
