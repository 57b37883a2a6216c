"""Builds the held-out sets bench/held_out.sh sends through the server into the cache (no training).

    /usr/bin/python3 -m zora_recipe.held_out_sets [--fsdd ../../shared/data/fsdd] [--cache cache]
"""
import argparse

from .data import Corpus
from .strings import (espeak_test_strings, fsdd_isolated_noisy, fsdd_validation_strings, held_out_event_strings,
                      synth_test_strings)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    p.add_argument("--seed", type=int, default=1234)
    args = p.parse_args()
    corpus = Corpus(args.fsdd, args.cache, args.seed)
    for name, clips in (("isolated, tight", corpus.fsdd_validation()),
                        ("isolated, 10 dB white", fsdd_isolated_noisy(corpus, 10.0)),
                        ("strings", fsdd_validation_strings(corpus)),
                        ("strings with events, 10 dB pink", held_out_event_strings(corpus)),
                        ("held-out espeak voices", espeak_test_strings(corpus)),
                        ("held-out flite/festival voices", synth_test_strings(corpus))):
        print(f"{name}: {len(clips)} clips", flush=True)


if __name__ == "__main__":
    main()
