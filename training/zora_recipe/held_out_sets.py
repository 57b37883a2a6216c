"""Builds the held-out sets bench/held_out.sh sends through the server into the cache (no training).

    /usr/bin/python3 -m zora_recipe.held_out_sets [--fsdd ../../shared/data/fsdd] [--cache cache]
"""
import argparse

from .data import Corpus
from .strings import held_out_sets


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    args = p.parse_args()
    for name, clips in held_out_sets(Corpus(args.fsdd, args.cache)).items():
        print(f"{name}: {len(clips)} clips", flush=True)


if __name__ == "__main__":
    main()
