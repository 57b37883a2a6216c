"""Compares trained bundles' metrics side by side: the spread over seeds, or leave-one-speaker-out.

    /usr/bin/python3 -m zora_recipe.run_report runs/seed-*/digits-ctc
    /usr/bin/python3 -m zora_recipe.run_report runs/loso-*/digits-transformer

One row per word-error-rate metric that every bundle has, one column per bundle (named by its
held-out speaker, else its seed), then the mean and the spread (max - min).
"""
import argparse
import json
from pathlib import Path


def run_name(manifest: dict) -> str:
    training = manifest["training"]
    return training.get("heldOutSpeaker") or f"seed {training['seed']}"


def report(bundles) -> str:
    manifests = [json.loads((Path(b) / "zora.json").read_text()) for b in bundles]
    if not manifests:
        raise SystemExit("no bundles given")
    keys = [k for k in manifests[0]["metrics"]
            if "_wer_" in k and all(k in m["metrics"] for m in manifests)]
    names = [run_name(m) for m in manifests]
    lines = ["| metric | " + " | ".join(names) + " | mean | spread |",
             "| --- |" + " --- |" * (len(names) + 2)]
    for key in keys:
        values = [m["metrics"][key] for m in manifests]
        cells = [f"{100 * v:.1f}%" for v in values]
        lines.append(f"| {key} | " + " | ".join(cells)
                     + f" | {100 * sum(values) / len(values):.1f}% | {100 * (max(values) - min(values)):.1f} |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bundles", nargs="+", help="bundle folders (each with a zora.json)")
    print(report(p.parse_args().bundles))


if __name__ == "__main__":
    main()
