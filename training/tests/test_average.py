import pytest
import torch

from zora_recipe.average import average, common_start
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
