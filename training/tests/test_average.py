import pytest
import torch

from zora_recipe.average import average, common_start
from zora_recipe.cards import connected_training
from zora_recipe.transformer import SpeechTransformer


def test_every_weight_of_the_average_is_the_mean_of_the_ingredients():
    torch.manual_seed(0)
    a, b = SpeechTransformer(), SpeechTransformer()
    mean = average([a, b]).state_dict()
    for name, value in a.state_dict().items():
        torch.testing.assert_close(mean[name], (value + b.state_dict()[name]) / 2)


def test_bundles_average_only_when_each_is_the_start_or_continued_from_it():
    start = {"version": "1.2.0", "training": {"steps": 10600, "continuedFrom": {"version": "1.1.0"}}}
    tuned = {"version": "1.3.0", "training": {"steps": 13600, "continuedFrom": {"version": "1.2.0"}}}
    scratch = {"version": "2.0.0", "training": {"steps": 5600}}
    assert common_start([start, tuned, tuned]) == "1.2.0"
    assert common_start([tuned, tuned]) == "1.2.0"  # two fine-tunes of 1.2.0, without it
    for unrelated in ([start, scratch], [scratch, scratch]):
        with pytest.raises(ValueError, match="do not share a start"):
            common_start(unrelated)


def test_the_card_of_an_average_names_each_ingredients_seed_warps_and_cool_down():
    ingredients = [{"bundle": f"runs/s{seed}/digits-transformer", "version": "1.4.0", "steps": 20600, "seed": seed,
                    "vtlp": True, "vtlpRange": [0.9, 1.25], "annealSteps": 1000,
                    "continuedFrom": {"version": "1.4.0", "steps": 19600}} for seed in (1, 2, 3)]
    text = connected_training({"steps": 20600, "averageOf": ingredients, "averagedFrom": "1.4.0"})
    assert "`runs/s2/digits-transformer` (1.4.0, 20600 steps, seed 2, VTLP 0.9-1.25, learning rate down to zero " \
           "over its last 1000 steps)" in text
    assert "trained on from version 1.4.0 at 19600 steps: `runs/s1/" in text
    assert "; 3 seeds." in text
    assert "vocal-tract-length factor of 0.9-1.25" in text
