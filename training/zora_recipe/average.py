"""Averages the weights of digits-transformer bundles trained on from one start (a "model soup",
Wortsman et al. 2022) and exports the average as both connected bundles, measured like any run.

    /usr/bin/python3 -m zora_recipe.average ../models/digits-transformer \\
        runs/ft13600-plain/digits-transformer runs/ft13600-vtlp/digits-transformer --version 1.3.0

Every bundle must be the start or continued from it (`training.continuedFrom` names the start's
version): weights of runs from different starts do not average into a working model. The
manifest's `training.averageOf` lists each ingredient's folder (as given), version and training
block.
"""
import argparse
import json
from pathlib import Path

import torch

from .data import Corpus
from .train_transformer import JOINT_CTC_WEIGHT, export
from .transformer import SpeechTransformer
from .warm_start import load_bundle


def manifest(bundle) -> dict:
    return json.loads((Path(bundle) / "zora.json").read_text())


def common_start(manifests) -> str:
    """The version every bundle was continued from, or is; fails when there is none (runs from
    scratch, even of one recipe, end in different places and do not average)."""
    origins = {m["training"].get("continuedFrom", {}).get("version") for m in manifests} - {None}
    for start in sorted(origins):
        if all(m["version"] == start or m["training"].get("continuedFrom", {}).get("version") == start
               for m in manifests):
            return start
    raise ValueError("the bundles do not share a start: each must be continued from one version or be it, got "
                     + ", ".join(f"{m['version']} (from {m['training'].get('continuedFrom')})" for m in manifests))


def average(models) -> SpeechTransformer:
    averaged = SpeechTransformer()
    states = [m.state_dict() for m in models]
    averaged.load_state_dict({k: (sum(s[k].double() for s in states) / len(states)).to(v.dtype)
                              for k, v in states[0].items()})
    return averaged


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bundles", nargs="+", help="digits-transformer bundle folders")
    p.add_argument("--fsdd", default="../../shared/data/fsdd")
    p.add_argument("--cache", default="cache")
    p.add_argument("--out", default="../models/digits-transformer")
    p.add_argument("--ctc-out", default="../models/digits-ctc")
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--ctc-weight", type=float, default=JOINT_CTC_WEIGHT)
    p.add_argument("--version", required=True, help="the average's version, in its manifests")
    args = p.parse_args()
    if len(args.bundles) < 2:
        p.error("give two bundles or more")
    manifests = [manifest(b) for b in args.bundles]
    start = common_start(manifests)
    models = []
    for bundle in args.bundles:
        model = SpeechTransformer()
        load_bundle(model, Path(bundle))
        models.append(model)
    ingredients = [{"bundle": bundle, "version": m["version"],
                    **{k: v for k, v in m["training"].items() if k != "parameters"}}
                   for bundle, m in zip(args.bundles, manifests, strict=True)]
    training = {"steps": max(i["steps"] for i in ingredients), "averageOf": ingredients,
                "averagedFrom": start}
    torch.set_num_threads(1)
    export(average(models), Corpus(args.fsdd, args.cache), training, args)


if __name__ == "__main__":
    main()
