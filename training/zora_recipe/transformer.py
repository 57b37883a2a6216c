"""digits-transformer: a Speech-Transformer (Dong et al. 2018) for connected digit strings.

Convolutional subsampling (two stride-2 convolutions: 4x fewer frames), a pre-LayerNorm encoder
self-attention stack, a decoder with causal self-attention and cross-attention, no recurrence.
Attention is written out here rather than taken from nn.MultiheadAttention so that every layer's
weights (per head) are returned and exported as ONNX outputs on both torch 1.13 and 2.x.
A CTC head on the encoder output is trained jointly (it helps alignment early in training) and is
exported as its own bundle, digits-ctc.
"""
import math

import torch
from torch import nn

VOCABULARY = ["<blank>", "<sos>", "<eos>", "zero", "oh", "one", "two", "three", "four", "five",
              "six", "seven", "eight", "nine"]
VOCABULARY_SIZE = len(VOCABULARY)
BLANK = PAD = 0
SOS, EOS = 1, 2
SUBSAMPLING = 4


def encode(words):
    return [VOCABULARY.index(w) for w in words]


def decode(ids):
    return [VOCABULARY[i] for i in ids if i > EOS]


def halved(frames):
    """Frames after one stride-2 convolution with kernel 3 and padding 1."""
    return (frames - 1) // 2 + 1


def subsampled_length(frames):
    """Frames after the two stride-2 convolutions."""
    return halved(halved(frames))


def padding_mask(lengths, frames):
    """[B, frames], True past each utterance's length."""
    return torch.arange(frames, device=lengths.device)[None, :] >= lengths[:, None]


def positions(length: int, d_model: int, device=None):
    """Sinusoidal position encoding, computed for the length at hand (no maximum length)."""
    pos = torch.arange(length, dtype=torch.float32, device=device).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32, device=device)
                     * (-math.log(10000.0) / d_model))
    angles = pos * freq
    return torch.stack([angles.sin(), angles.cos()], dim=-1).flatten(1)


class Attention(nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(d_model, d_model)
        self.k = nn.Linear(d_model, d_model)
        self.v = nn.Linear(d_model, d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, query, key, mask=None):
        """mask: boolean, True where attention is NOT allowed, broadcastable to [B, H, Tq, Tk]."""
        b, tq, d = query.shape
        tk = key.shape[1]
        h = self.heads
        q = self.q(query).view(b, tq, h, d // h).transpose(1, 2)
        k = self.k(key).view(b, tk, h, d // h).transpose(1, 2)
        v = self.v(key).view(b, tk, h, d // h).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // h)
        if mask is not None:
            scores = scores.masked_fill(mask, -1e9)
        weights = scores.softmax(dim=-1)
        context = (weights @ v).transpose(1, 2).reshape(b, tq, d)
        return self.out(context), weights


def feed_forward(d_model, d_ff):
    return nn.Sequential(nn.Linear(d_model, d_ff), nn.ReLU(), nn.Linear(d_ff, d_model))


class EncoderLayer(nn.Module):
    def __init__(self, d_model, heads, d_ff):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attention = Attention(d_model, heads)
        self.ff = feed_forward(d_model, d_ff)

    def forward(self, x, mask=None):
        y = self.norm1(x)
        attended, weights = self.attention(y, y, mask)
        x = x + attended
        return x + self.ff(self.norm2(x)), weights


class DecoderLayer(nn.Module):
    def __init__(self, d_model, heads, d_ff):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(d_model) for _ in range(3))
        self.self_attention = Attention(d_model, heads)
        self.cross_attention = Attention(d_model, heads)
        self.ff = feed_forward(d_model, d_ff)

    def forward(self, x, memory, causal_mask, memory_mask=None):
        y = self.norm1(x)
        attended, self_weights = self.self_attention(y, y, causal_mask)
        x = x + attended
        attended, cross_weights = self.cross_attention(self.norm2(x), memory, memory_mask)
        x = x + attended
        return x + self.ff(self.norm3(x)), self_weights, cross_weights


class SpeechTransformer(nn.Module):
    def __init__(self, n_mels=40, d_model=128, heads=4, d_ff=512, encoder_layers=4, decoder_layers=2,
                 vocabulary=VOCABULARY_SIZE, conv_channels=64):
        super().__init__()
        self.d_model = d_model
        self.conv1 = nn.Conv2d(1, conv_channels, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(conv_channels, conv_channels, 3, stride=2, padding=1)
        self.project = nn.Linear(conv_channels * subsampled_length(n_mels), d_model)
        self.encoder = nn.ModuleList(EncoderLayer(d_model, heads, d_ff) for _ in range(encoder_layers))
        self.encoder_norm = nn.LayerNorm(d_model)
        self.ctc_head = nn.Linear(d_model, vocabulary)
        self.embed = nn.Embedding(vocabulary, d_model)
        self.decoder = nn.ModuleList(DecoderLayer(d_model, heads, d_ff) for _ in range(decoder_layers))
        self.decoder_norm = nn.LayerNorm(d_model)
        self.classifier = nn.Linear(d_model, vocabulary)

    def encode(self, features, lengths=None):
        """features [B, T, F] -> memory [B, T', d], per-layer attention [B, H, T', T'].

        lengths [B]: frames of each utterance in a zero-padded batch (training only). Padding is
        zeroed after each convolution and masked in attention, so an utterance in a batch encodes
        exactly as it does alone (which is how the exported model runs)."""
        x = torch.relu(self.conv1(features.unsqueeze(1)))
        if lengths is not None:
            x = x * ~padding_mask(halved(lengths), x.shape[2])[:, None, :, None]
        x = torch.relu(self.conv2(x))
        frame_mask = None if lengths is None else padding_mask(subsampled_length(lengths), x.shape[2])
        if frame_mask is not None:
            x = x * ~frame_mask[:, None, :, None]
        b, c, t, f = x.shape
        x = self.project(x.permute(0, 2, 1, 3).reshape(b, t, c * f))
        x = x * math.sqrt(self.d_model) + positions(t, self.d_model, x.device)
        mask = None if frame_mask is None else frame_mask[:, None, None, :]
        weights = []
        for layer in self.encoder:
            x, w = layer(x, mask)
            weights.append(w)
        return self.encoder_norm(x), weights

    def ctc_logits(self, memory):
        return self.ctc_head(memory)

    def decode(self, tokens, memory, memory_mask=None):
        """tokens [B, S] (starting with <sos>) -> logits [B, S, V], self and cross attention per layer."""
        s = tokens.shape[1]
        causal = torch.triu(torch.ones(s, s, dtype=torch.bool, device=tokens.device), diagonal=1)
        x = self.embed(tokens) * math.sqrt(self.d_model) + positions(s, self.d_model, tokens.device)
        mask = None if memory_mask is None else memory_mask[:, None, None, :]
        self_weights, cross_weights = [], []
        for layer in self.decoder:
            x, sw, cw = layer(x, memory, causal, mask)
            self_weights.append(sw)
            cross_weights.append(cw)
        return self.classifier(self.decoder_norm(x)), self_weights, cross_weights
