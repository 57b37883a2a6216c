"""Resumable training state: model, optimiser, schedule, step and RNG, saved atomically."""
import os
import random
from pathlib import Path

import numpy as np
import torch


def pick_device(name: str) -> torch.device:
    """'auto' is the CUDA GPU when PyTorch sees one, else the CPU; or name one ('cpu', 'cuda:1')."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def seed_everything(seed: int):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def save(path: Path, **state):
    path.parent.mkdir(parents=True, exist_ok=True)
    state["torch_rng"] = torch.get_rng_state()
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)  # a crash mid-save never leaves a half-written checkpoint


def load(path: Path):
    if not path.exists():
        return None
    state = torch.load(path, map_location="cpu")
    torch.set_rng_state(state.pop("torch_rng"))
    return state
