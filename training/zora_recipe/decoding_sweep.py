"""Word error rates of a digits-transformer bundle under other decoding settings: the CTC weight of
joint decoding and the length normalisation of the final ranking (issue 23: tune them against
insertions and dropped repeats), on the held-out string sets in the cache.

    /usr/bin/python3 -m zora_recipe.decoding_sweep ../models/digits-transformer \\
        --ctc-weights 0.3,0.5,0.7,0.9 --length-normalizations 1,0

Beam width 4, as served. Builds the held-out sets first if the cache lacks them.
"""
import argparse

import torch

from .data import Corpus
from .features import LogMel
from .strings import scored_sets
from .train_transformer import CFG, word_error_rate
from .warm_start import transformer_from_bundle

SETS = ("validation", "repeated_digits", "slow_strings", "espeak_held_out_voices", "synth_held_out_voices")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bundle")
    p.add_argument("--ctc-weights", default="0.3,0.5,0.7")
    p.add_argument("--length-normalizations", default="1,0")
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    args = p.parse_args()
    torch.set_num_threads(1)
    model = transformer_from_bundle(args.bundle)
    frontend = LogMel(CFG)
    sets = {name: clips for name, clips in scored_sets(Corpus(args.fsdd, args.cache)).items()
            if name in SETS}
    print("| ctc weight | length normalisation | " + " | ".join(sets) + " |", flush=True)
    print("| --- | --- |" + " --- |" * len(sets), flush=True)
    for a in (float(x) for x in args.length_normalizations.split(",")):
        for w in (float(x) for x in args.ctc_weights.split(",")):
            rates = [word_error_rate(model, frontend, clips, width=args.beam, ctc_weight=w, length_normalization=a)
                     for clips in sets.values()]
            print(f"| {w:g} | {a:g} | " + " | ".join(f"{100 * r:.1f}%" for r in rates) + " |", flush=True)


if __name__ == "__main__":
    main()
