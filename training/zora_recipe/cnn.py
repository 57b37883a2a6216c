"""digits-cnn: a small CNN over log-mel features that names one isolated spoken digit.

Four conv blocks, average pooling over time (not frequency: where in the spectrum a pattern sits
matters for speech), one linear layer over channels x mel bands. The time axis stays dynamic, and
the logits are a linear function of the last block's output averaged over time, so CAM maps over
conv4_out (per time step and mel band) are exact. Each block's output is a named tensor.
"""
import torch
from torch import nn

LABELS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "_silence_", "_unknown_"]
N_LABELS = len(LABELS)
SILENCE = LABELS.index("_silence_")
UNKNOWN = LABELS.index("_unknown_")
CHANNELS = (16, 32, 64, 128)
N_MELS = 40
LAYER_TENSORS = [f"conv{i + 1}_out" for i in range(len(CHANNELS))]
MIN_FRAMES = 2 ** (len(CHANNELS) - 1)  # each max-pool halves the time axis


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, pool):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(cout)
        self.pool = nn.MaxPool2d(2) if pool else nn.Identity()

    def forward(self, x):
        return self.pool(torch.relu(self.norm(self.conv(x))))


class DigitsCnn(nn.Module):
    def __init__(self, n_labels=N_LABELS):
        super().__init__()
        chans = (1,) + CHANNELS
        self.blocks = nn.ModuleList(
            ConvBlock(chans[i], chans[i + 1], pool=i < len(CHANNELS) - 1) for i in range(len(CHANNELS)))
        self.dropout = nn.Dropout(0.3)
        bands = N_MELS // MIN_FRAMES  # the frequency axis is pooled as often as the time axis
        self.classifier = nn.Linear(CHANNELS[-1] * bands, n_labels)

    def forward(self, features, return_layers=False):
        """features [batch, frames, n_mels] -> logits [batch, labels] (and each block's output)."""
        x = features.unsqueeze(1)
        layers = []
        for block in self.blocks:
            x = block(x)
            layers.append(x)
        logits = self.classifier(self.dropout(x.mean(dim=2).flatten(1)))
        return (logits, *layers) if return_layers else logits
