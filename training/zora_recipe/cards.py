"""Model cards (each bundle's README.md), written from the metrics the export just measured."""
from pathlib import Path

from .strings import VTLP_RANGE, training_mix

DATA_AND_LICENCE = """\
## Data and licence

- Free Spoken Digit Dataset (FSDD), Zohar Jackson et al., Zenodo DOI 10.5281/zenodo.1342401,
  licence CC-BY-SA-4.0: six English speakers, 8 kHz. Trained on file index 10-49 of every speaker
  and digit (and sox pitch-shifted copies of them); index 5-9 is the validation split, never trained
  on; index 0-4 (FSDD's test split) was not used at all.
- Synthetic speech from espeak-ng (GPL-3.0 program; its output is not covered by its licence):
  8 English accents x 59 voice variants at random rates and pitches; ten variants held out.
- The weights are shared under CC-BY-SA-4.0, as the FSDD licence asks of adaptations.
"""


def measured_by(training: dict) -> str:
    """The command whose export measured a connected bundle's metrics."""
    if "averageOf" in training:
        return "`zora_recipe.average` over the bundles below (its command is in training/README.md)"
    return "`cd training && /usr/bin/python3 -m zora_recipe.train_transformer --export-only`"


def warp_range(block: dict) -> tuple:
    """The VTLP warps a training block (a run's, or an averaged ingredient's) drew from."""
    return tuple(block.get("vtlpRange", VTLP_RANGE))


def vtlp_text(training: dict) -> str:
    """What the training block says of VTLP; for an average, what its ingredients share."""
    if "averageOf" in training:
        shared = {(i.get("vtlp"), warp_range(i)) for i in training["averageOf"]}
        if len(shared) != 1:
            return "; VTLP differs between the averaged bundles (below)"
        (on, (low, high)), = shared
    else:
        on, (low, high) = training.get("vtlp"), warp_range(training)
    return (f"; 80% of the speech warped by a vocal-tract-length factor of {low:g}-{high:g} (VTLP, in the "
            "log-mel front end)" if on else "")


def ingredient(i: dict) -> str:
    """One averaged bundle: its folder, version, steps, seed and the options it was trained with."""
    options = [f"{i['version']}", f"{i['steps']} steps"]
    if "seed" in i:
        options.append(f"seed {i['seed']}")
    if "vtlp" in i:
        low, high = warp_range(i)
        options.append(f"VTLP {low:g}-{high:g}" if i["vtlp"] else "without VTLP")
    if "annealSteps" in i:
        options.append(f"learning rate down to zero over its last {i['annealSteps']} steps")
    if "slowedRecordingsTempo" in i:
        options.append("with the slowed recordings")
    if "timeStretch" in i:
        options.append("with stretched features")
    return f"`{i['bundle']}` ({', '.join(options)})"


def mix_text(accented: bool = True) -> str:
    """The training mix's shares, as `training_mix` has them."""
    names = {"real": "real strings", "espeak": "espeak-ng", "synth": "flite/festival",
             "accented": "accented festival voices", "single": "one real digit",
             "non_speech": "non-speech with an empty transcript (noise bursts, clicks, tones, "
                           "music-like chords, mains hum)"}
    mix = training_mix(accented)
    total = sum(mix.values())
    return ", ".join(f"{share / total:.0%} {names[kind]}" for kind, share in mix.items())


def trained_with(training: dict, key: str):
    """The `key` settings of the bundle's training block, or of each bundle it averages that has
    one, and the words that say so when only some of them do."""
    blocks = training.get("averageOf", [training])
    settings = [b[key] for b in blocks if key in b]
    some = "" if len(settings) == len(blocks) else " (the averaged bundles below that say so)"
    return settings, some


def slowed_text(training: dict) -> str:
    """The bullet on the slowed real recordings, when the bundle (or one it averages) trained on them."""
    tempos, some = trained_with(training, "slowedRecordingsTempo")
    if not tempos:
        return ""
    low, high = min(t[0] for t in tempos), max(t[1] for t in tempos)
    return f"""\
- Since 1.7.0, slowed real recordings{some}: every FSDD training recording also at {low:g}-{high:g} of
  its tempo, pitch kept (sox `tempo -s`, `Corpus.fsdd_train_slowed`), as one more speaker per FSDD
  speaker, so a third of the single digits and a sixth of the real strings are said slowly: FSDD's
  speakers say a digit in 0.36-0.51 s on average, a careful speaker in 0.5-0.7 s, which the models
  before heard as two words ("seven seven"). A control run without them did as well on the real
  held-out voice (`training/README.md`, "1.7.0"): they are not what 1.7.0 gained by.
"""


def stretch_text(training: dict) -> str:
    """The bullet on the features said slower (features.TimeStretch), when the bundle (or one it
    averages) trained with them."""
    stretches, some = trained_with(training, "timeStretch")
    if not stretches:
        return ""
    s = stretches[0]
    return f"""\
- Since 1.8.0, slower speech of every voice{some}: {100 * s['share']:.0f}% of the training utterances
  have their features stretched in time (`features.TimeStretch`), in up to {s['max_pieces']} pieces of 1 to
  {s['max_factor']:g} times their length each, so a long onset or a held nasal is slow on its own as a
  careful speaker's is. A control run without it, otherwise the same, did not gain on the real held-out
  voice; with it the three seeds gained 2.0-3.4 points on it (`training/README.md`, "1.8.0").
"""


def connected_training(training: dict) -> str:
    """The connected models' data and mix, and where their training started, from the manifest's
    `training` block."""
    steps, continued_from = training["steps"], training.get("continuedFrom")
    mix = mix_text(training.get("accentedVoices", True))
    seeds = "one seed"
    if "averageOf" in training:
        ingredients = training["averageOf"]
        start_steps = {i.get("continuedFrom", {}).get("steps") for i in ingredients} - {None}
        at = f" at {start_steps.pop()} steps" if len(start_steps) == 1 else ""
        origin = (f"The weight average (`zora_recipe.average`) of {len(ingredients)} bundles trained on from version "
                  f"{training['averagedFrom']}{at}: " + ", ".join(ingredient(i) for i in ingredients))
        distinct = {i.get("seed") for i in ingredients}
        if len(distinct) > 1:
            seeds = f"{len(distinct)} seeds"
    elif continued_from is None:
        origin = "Trained from scratch"
    else:
        origin = (f"Continued from version {continued_from['version']} of the bundle "
                  f"({continued_from['steps']} steps) for {steps - continued_from['steps']} steps (`--init-bundle`)")
    return f"""\
- Synthetic strings from Debian's flite (voices `awb`, `kal`, `kal16`, `rms`; CMU's BSD-style
  licence) and festival (`kal_diphone`; free for any use); flite `slt`, festival `ked_diphone` and
  `cmu_us_slt_arctic_hts` are held out as new voices.
- Since 1.6.0, accented strings: Debian's festival voices of other languages reading the digits
  respelled in their own spelling ("uan tu tri"; `RESPELLINGS` in `data.py`): Italian `lp_diphone`
  (a woman) and `pc_diphone` (a man), GPL-2.0; Finnish `suo_fi_lj_diphone` (a woman) and
  `hy_fi_mv_diphone` (a man), LGPL; Czech `czech_dita` (a woman) and `czech_krb` (a boy), GPL-3.0;
  Catalan `upc_ca_ona_hts` (a woman), LGPL-2.1. The licences are the voices' data's; their
  output, as espeak-ng's, is not covered by them.
{slowed_text(training)}{stretch_text(training)}- The training mix of the last stage (`MIX` in `strings.py`): {mix}; edge silence from a
  tight crop (up to 20 ms into the sound) to 0.5 s, topped up as the server pads; a quarter with a
  non-speech event around or over the words; 10% telephone channel
  (300-3400 Hz, 8-bit mu-law); noise at 0-40 dB{vtlp_text(training)}.
- {origin}; {seeds}. Seed to seed, the recipe from scratch at 3000 steps moves the validation
  strings' WER by 2 points and the new voices' by 6 (three seeds, `training/runs.sh seeds 3000`, in
  `training/README.md`).
"""


THROUGH_THE_SERVER = """\
## Through the server

`./mvnw -B package -DskipTests && bench/held_out.sh` sends the held-out sets (built by
`cd training && /usr/bin/python3 -m zora_recipe.held_out_sets`) through a running server, which
pads tight clips and cuts recordings at pauses: the word error rates of this version and the one
before are in `docs/models.md` ("The models"). They are not regenerated with this card.
"""


NEW_VOICES = """\
## New real voices (leave one speaker out)

FSDD has six speakers, so a real voice in no training data can only be had by leaving one out:
`training/runs.sh loso` trains the recipe from scratch six times, each without one speaker (and
their pitch twins), and scores that speaker's 450 tight recordings and 100 strings of them. At
3000 steps per run (2026-12-04 and -06, `training/README.md`; the recipe of 1.4.0, before the trim
and edge-padding changes of 1.5.0), transformer beam 4 with joint CTC:

| left out | george | jackson | lucas | nicolas | theo | yweweler |
| --- | --- | --- | --- | --- | --- | --- |
| their tight digits | 21.6% | 28.9% | 12.7% | 17.6% | 11.3% | 16.0% |
| strings of them | 16.0% | 11.0% | 16.8% | 13.9% | 16.5% | 11.1% |
| validation strings (all six speakers) | 3.9% | 4.3% | 5.7% | 4.4% | 3.4% | 4.8% |

A voice never heard costs three to four times the error of the voices the model knows: 11-17% of
the words of its strings. The held-out flite/festival voices in the table above show the same gap,
which is why they stand in for new real voices; six real speakers are too few to close it.
With 1.6.0's recipe (2026-12-07, 3000 steps from scratch, seed 1234, scored on the held-out sets
of 1.5.0 on, with the server's padding), transformer beam 4 with joint CTC:

| left out | george | jackson | lucas | nicolas | theo | yweweler |
| --- | --- | --- | --- | --- | --- | --- |
| their tight digits | 7.3% | 23.6% | 5.6% | 19.8% | 6.9% | 14.4% |
| strings of them | 11.6% | 19.8% | 8.9% | 14.8% | 14.9% | 11.2% |
| validation strings (all six speakers) | 2.1% | 6.9% | 4.0% | 4.1% | 3.7% | 4.2% |

On average 12.9% of a new real voice's tight digits wrong (18.0% with 1.4.0's recipe) and 13.6% of
the words of its strings (14.2%). A second seed without jackson gets 9.6% and 11.6%, without
george 11.1% and 13.9%: two seeds of one recipe differ by more than the recipes of this round do,
so one run per speaker shows the size of the gap, not which recipe closes it.
"""


HELD_OUT_ROWS = [
    ("isolated_tight", "300 FSDD validation digits as FSDD cuts them (tight), with the 0.25 s edge the server adds"),
    ("isolated_tight_white_10db", "the same in white noise at 10 dB SNR (of the whole clip)"),
    ("repeated_digits", "100 validation strings of repeated digits (\"seven seven seven\", \"one one two two\")"),
    ("long_strings", "100 validation strings of 11-20 digits (the recipe trains on 1-10)"),
    ("slow_strings", "100 validation strings said slower (sox tempo 0.55-0.75, pitch kept), a careful speaker's pace"),
    ("noise_pink_10db", "100 validation strings with a 1 s lead and tail in pink noise at 10 dB"),
    ("events_pink_10db", "100 validation strings with a non-speech event in a 1 s lead and tail, pink noise at 10 dB"),
    ("synth_held_out_voices", "150 strings by flite and festival voices never trained on"),
    ("real_held_out_voice", "100 strings by a real voice never trained on (Allison Smith's Asterisk prompts, 8 kHz)"),
]


def held_out_rows(metrics: dict, columns) -> str:
    """Table rows for the held-out sets the metrics have (bundles before version 1.1 have none)."""
    rows = []
    for key, description in HELD_OUT_ROWS:
        if all(f"{key}_wer_{c}" in metrics for c in columns):
            rows.append(f"| {description} | " + " | ".join(percent(metrics[f'{key}_wer_{c}']) for c in columns) + " |")
    return "\n".join(rows)


def real_voice_text(metrics: dict, column: str) -> str:
    """The real held-out voice's word error rate for the limits, when it was measured."""
    key = f"real_held_out_voice_wer_{column}"
    if key not in metrics:
        return ""
    return (f"; a real voice never trained on, Allison Smith's careful telephone prompts: {percent(metrics[key])}, "
            "most of it a long \"seven\" heard as two words")


def percent(x):
    return f"{100 * x:.1f}%"


def write(bundle: Path, text: str):
    (bundle / "README.md").write_text(text)


def digits_cnn(bundle: Path, metrics: dict, parameters: int, size_bytes: int):
    write(bundle, f"""# digits-cnn

Names one isolated English spoken digit: `zero` ... `nine` ("oh" counts as zero), or `_silence_`
(no speech) or `_unknown_` (speech that is not a digit). Made for short clips and for a stream
cut into utterances, and for looking inside: every conv block's output is a named tensor.

## Architecture

Log-mel input (8 kHz, 25 ms Hann window, 10 ms hop, 40 mel bins 20-4000 Hz, per-utterance mean
removed) `[batch, frames, 40]` -> four conv blocks (3x3 conv, batch norm folded into the conv at
export, ReLU; 2x2 max-pool after the first three; 16/32/64/128 channels; tensors `conv1_out` ...
`conv4_out`, layout `[batch, channels, time, mel]`) -> mean over time -> linear over the 128
channels x 5 mel bands -> 12 logits (so CAM over `conv4_out` is exact). {parameters:,} parameters, {size_bytes / 1024:.0f} KiB of ONNX. Any clip of at least
{8} frames (0.1 s) works; the time axis is dynamic.

## Metrics

| set | accuracy |
| --- | --- |
| FSDD validation split (index 5-9, {metrics['validation_clips']} clips, not trained on) | {percent(metrics['validation_accuracy'])} |
| the same clips with white noise at 10 dB SNR | {percent(metrics['validation_accuracy_white_noise_10db'])} |
| isolated digits by 10 espeak-ng voice variants never trained on (200 clips) | {percent(metrics['held_out_espeak_voices_accuracy'])} |

Measured by the recipe at the end of training (`cd training && /usr/bin/python3 -m
zora_recipe.train_cnn`), in PyTorch; the server's test suite checks that the same accuracy comes
back through the REST API.

{DATA_AND_LICENCE}
## Limits

- Six real speakers (adult, mostly male, one accent family each) plus synthetic voices: expect
  lower accuracy on children, strong accents, far-field or very noisy audio. The held-out espeak
  number above is the best available estimate of how it does on new voices; it is not a real one.
- The numbers above sit on the recipe's targets (99% clean, 97% at 10 dB white noise), the clean
  one by a single clip (297 of 300), and the training configuration was chosen after some thirty
  variants had been measured on this same validation split (`training/README.md`): read them as
  optimistic. The same recipe with seeds 1235 and 1236 gave 98.0% / 95.0% and 98.0% / 96.7%
  (clean / 10 dB): seed to seed, 1-2 points. The clean errors are the three shortest, clipped
  recordings of the fastest speakers (0.14-0.24 s); almost every variant missed them.
- In noise it mistakes digits for each other (three for two, nine for five), and a clip of 0.14 s
  for `_silence_`.
- One digit per clip. Several digits in one clip give one label; use digits-transformer for strings.
- English digits only. `_unknown_` was trained on ~200 espeak-ng words: other speech is often but
  not always rejected.
- 8 kHz model: the server downsamples any input; nothing above 4 kHz is used.
""")


def digits_transformer(bundle: Path, metrics: dict, parameters: int, size_bytes: int, beam: int, ctc_weight: float,
                       training: dict):
    write(bundle, f"""# digits-transformer

Transcribes connected English digit strings, such as a phone number read aloud: "three one four
one five", with "oh" and "zero" both recognised (and written as spoken).

## Architecture

A Speech-Transformer (Dong et al., 2018): log-mel input (8 kHz, 40 ms Hann window, 20 ms hop, 40
mel bins 20-4000 Hz, per-utterance mean removed) -> two 3x3 stride-2 convolutions (4x fewer frames:
12.5 encoder frames per second) -> linear to 128 -> sinusoidal positions -> 4 pre-LayerNorm encoder
layers (4 heads, feed-forward 512) -> memory. The decoder (2 pre-LayerNorm layers: causal
self-attention, cross-attention over the memory, feed-forward) predicts word tokens from the
vocabulary in `zora.json`. No recurrence anywhere. Trained jointly with a CTC head (weight 0.3) on
the encoder, exported as `digits-ctc`. {parameters:,} parameters in training (with the CTC head),
{size_bytes / 1024 / 1024:.1f} MiB of ONNX; {training["steps"]} training steps of 32 strings.

- `encoder.onnx`: `features [batch, frames, 40]` -> `memory [batch, encoder_frames, 128]`, the CTC
  head's `ctc_logits [batch, encoder_frames, vocabulary]` (for joint CTC/attention scoring), and
  `encoder_self_attention_<layer>` `[batch, heads, frames, frames]`.
- `decoder.onnx` (one step over the whole prefix): `tokens [batch, steps]` (int64, starting with
  `<sos>`), `memory` -> `logits [batch, steps, vocabulary]`, plus `decoder_self_attention_<layer>`
  and `decoder_cross_attention_<layer>` `[batch, heads, steps, encoder_frames]`.

## Metrics (word error rate)

| set | greedy | beam {beam} (served) | beam {beam}, attention only |
| --- | --- | --- | --- |
| {metrics['validation_strings']} strings ({metrics['validation_words']} words) built only from FSDD validation recordings (index 5-9), 20-40 dB SNR noise | {percent(metrics['validation_wer_beam1'])} | {percent(metrics[f'validation_wer_beam{beam}'])} | {percent(metrics[f'validation_wer_beam{beam}_attention_only'])} |
| {metrics['espeak_test_strings']} strings ({metrics['espeak_test_words']} words) by 10 espeak-ng voice variants never trained on | {percent(metrics['espeak_held_out_voices_wer_beam1'])} | {percent(metrics[f'espeak_held_out_voices_wer_beam{beam}'])} | {percent(metrics[f'espeak_held_out_voices_wer_beam{beam}_attention_only'])} |
{held_out_rows(metrics, ['beam1', f'beam{beam}', f'beam{beam}_attention_only'])}

Greedy and beam {beam} use joint CTC/attention decoding (Watanabe et al., 2017), as the server does:
a hypothesis scores {1 - ctc_weight:g} x its summed decoder log-probabilities + {ctc_weight:g} x its CTC prefix score
from the encoder's CTC head (`decoding.ctcWeight` in `zora.json`); finished hypotheses rank by that
score over their length (with `<eos>`). The CTC score mostly stops the decoder from dropping a
repeated digit. The last column is the decoder alone.
Measured in PyTorch by {measured_by(training)} (the same numbers are printed at the end of
training), on the recipe's own clips, tight ones padded as the server pads them (0.25 s of silence,
or of the clip's noise floor). The server also cuts recordings at pauses and decodes in float32
ONNX, so its numbers differ a little (`bench/held_out.sh`; `docs/models.md` has them).

{NEW_VOICES}
{DATA_AND_LICENCE}{connected_training(training)}
## Limits

- Digits only: any other word comes out as the nearest digit. No punctuation, no numbers
  ("thirty"), no "double three".
- Trained on strings of 1-10 digits (up to ~10 s). A longer string said in one go loses words,
  most near its end (`long_strings`, 11-20 digits; through the server: `docs/models.md`); pause
  between groups of digits, or use digits-ctc, which holds up there.
- Six real speakers plus synthetic voices: real new voices will do worse than the espeak number
  (held-out flite and festival voices: {percent(metrics[f'synth_held_out_voices_wer_beam{beam}'])} of words wrong{real_voice_text(metrics, f'beam{beam}')}).
- Digits in strong noise: at 10 dB white noise it misses
  {percent(metrics[f'isolated_tight_white_10db_wer_beam{beam}'])} of tight isolated digits here (through the server:
  `docs/models.md`).
- Padding in a batch changes nothing only when each utterance is encoded alone (the exported graph
  has no length input); the server runs one utterance per encoder call, or equal lengths together.

{THROUGH_THE_SERVER}""")


def digits_ctc(bundle: Path, metrics: dict, size_bytes: int, beam: int, training: dict):
    write(bundle, f"""# digits-ctc

The digits-transformer's encoder with its CTC head: connected English digit strings in one encoder
pass, no decoder. Faster than the attention decoder, without its language context.

## Architecture

The same front end and encoder as digits-transformer (see its card), then a linear layer to the
vocabulary: `features [batch, frames, 40]` -> `logits [batch, encoder_frames, vocabulary]` (the server
applies log-softmax; token 0 is the CTC blank). One output frame per 4 input frames (80 ms).
Encoder attention tensors keep their names (`encoder_self_attention_<layer>`) for inspection.
{size_bytes / 1024 / 1024:.1f} MiB of ONNX; trained jointly with the transformer ({training["steps"]} steps, CTC weight 0.3).

## Metrics (word error rate)

| set | best path (beam width 1) | prefix beam search, width {beam} (served) |
| --- | --- | --- |
| {metrics['validation_strings']} strings from FSDD validation recordings (index 5-9), 20-40 dB SNR noise | {percent(metrics['validation_wer_greedy'])} | {percent(metrics[f'validation_wer_beam{beam}'])} |
| {metrics['espeak_test_strings']} strings by 10 espeak-ng voice variants never trained on | {percent(metrics['espeak_held_out_voices_wer_greedy'])} | {percent(metrics[f'espeak_held_out_voices_wer_beam{beam}'])} |
{held_out_rows(metrics, ['greedy', f'beam{beam}'])}

Measured in PyTorch by {measured_by(training)}, on the recipe's own clips (through the server:
`bench/held_out.sh`, in `docs/models.md`).

{NEW_VOICES}
{DATA_AND_LICENCE}{connected_training(training)}
## Limits

The same as digits-transformer's: digits only, strings up to ~10 s, six real speakers plus synthetic
voices.

{THROUGH_THE_SERVER}""")
