"""bench/quality.py's reweighting: weights that make the baselines score as on the judged pages."""
import importlib.util
import math
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("quality_bench", Path(__file__).resolve().parents[1] / "bench" / "quality.py")
quality = importlib.util.module_from_spec(spec)
spec.loader.exec_module(quality)


def rows(f1s):
    return [{"id": str(i), "p": f, "r": f, "f1": f} for i, f in enumerate(f1s)]


def mean(weights, values):
    return sum(w * v for w, v in zip(weights, values))


def test_the_weights_give_the_baselines_their_judged_means():
    none = [0.2, 0.5, 0.6, 0.9, 0.7, 0.4]
    c4 = [0.1, 0.6, 0.5, 0.8, 0.9, 0.3]
    w = quality.tilted_weights([none, c4], [0.65, 0.62])
    assert w is not None
    assert math.isclose(sum(w), 1.0)
    assert mean(w, none) == pytest.approx(0.65, abs=1e-5)
    assert mean(w, c4) == pytest.approx(0.62, abs=1e-5)
    assert all(x > 0 for x in w)


def test_targets_at_the_dev_means_leave_the_pages_evenly_weighted():
    values = [0.2, 0.4, 0.9]
    w = quality.tilted_weights([values], [sum(values) / 3])
    assert w == pytest.approx([1 / 3] * 3)


def test_a_target_no_weights_can_reach_gives_none():
    assert quality.tilted_weights([[0.2, 0.4, 0.9]], [0.95]) is None


def test_reweighted_weighs_scrapelint_by_the_baselines_pages():
    results = [
        {"subset": "wcxb_dev", "path": "html", "method": "trafilatura", "rows": rows([0.5, 0.9])},
        {"subset": "wcxb_dev", "path": "html", "method": "scrapelint", "rows": rows([0.6, 1.0])},
    ]
    (entry,) = quality.reweighted(results)
    target = quality.JUDGED_BASELINES[("wcxb_dev", "html")]["trafilatura"]
    # Two pages: the weight w on the second solves 0.5 + 0.4 w = target; scrapelint follows it.
    w = (target - 0.5) / 0.4
    assert entry["scrapelint"]["f1"] == pytest.approx(0.6 + 0.4 * w, abs=1e-5)
    assert entry["baselines"]["trafilatura"] == {"dev": 0.7, "judged": target}
    assert entry["effective_pages"] == pytest.approx(1 / ((1 - w) ** 2 + w ** 2), abs=1e-4)


def test_the_type_mix_weighs_pages_of_a_type_alike():
    results = [
        {"subset": "wcxb_dev", "path": "html", "method": "trafilatura", "rows": rows([0.6, 0.4, 0.95, 0.85])},
        {"subset": "wcxb_dev", "path": "html", "method": "scrapelint", "rows": rows([0.7, 0.5, 1.0, 0.9])},
    ]
    types = {"wcxb_dev": {"0": "listing", "1": "listing", "2": "article", "3": "article"}}
    (entry,) = quality.reweighted(results, types)
    mix = entry["type_mix"]
    target = quality.JUDGED_BASELINES[("wcxb_dev", "html")]["trafilatura"]
    # Type means: listing 0.5, article 0.9; the article weight a solves 0.5 + 0.4 a = target.
    a = (target - 0.5) / 0.4
    assert mix["type_weights"] == pytest.approx({"article": a, "listing": 1 - a}, abs=1e-5)
    assert mix["scrapelint"]["f1"] == pytest.approx(0.6 * (1 - a) + 0.95 * a, abs=1e-5)


def test_the_weights_are_the_maximum_entropy_ones():
    # Exponential tilting: log w is affine in the feature, so its slope is the same between any two pages.
    values = [0.1, 0.3, 0.35, 0.6, 0.9]
    w = quality.tilted_weights([values], [0.6])
    slopes = [(math.log(w[i]) - math.log(w[0])) / (values[i] - values[0]) for i in range(1, len(values))]
    assert slopes == pytest.approx([slopes[0]] * len(slopes), rel=1e-6)
    assert slopes[0] > 0


def test_a_subset_without_page_types_has_no_mix():
    results = [
        {"subset": "scrapinghub", "path": "html", "method": "trafilatura", "rows": rows([0.9, 0.99])},
        {"subset": "scrapinghub", "path": "html", "method": "scrapelint", "rows": rows([0.95, 1.0])},
    ]
    (entry,) = quality.reweighted(results, {"scrapinghub": {"0": "", "1": ""}})
    assert "type_mix" not in entry and "scrapelint" in entry
    assert not any("mix" in line for line in quality.reweight_table([entry]))
