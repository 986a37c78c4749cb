"""release.card: the dataset card (README.md of a release) rendered from what was published."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from baokan.release.card import CardInfo, front_matter, render_card, size_category
from baokan.release.inputs import InputEntry, InputsSummary
from baokan.release.stats import CorpusStats
from baokan.release.writers import SplitInfo, WrittenShard
from baokan.schema import FieldDoc, field_docs, hf_features_dict
from records_factory import make_records


def _info(**changes: Any) -> CardInfo:
    stats = CorpusStats()
    for record in make_records(8):
        stats.add(record)
    inputs = InputsSummary()
    inputs.add(InputEntry("a.jsonl", "a" * 64, 1234, 8))
    train = WrittenShard("train", "data/train-00000-of-00001.parquet", "jsonl/train-00000-of-00001.jsonl.gz", 8, 999)
    fields: dict[str, Any] = {
        "name": "demo",
        "version": "1.2.0",
        "pretty_name": "Demo | 报刊",
        "description": "  Articles.\n",
        "license": "cc-by-4.0",
        "task_categories": ["text-generation"],
        "splits": {"train": SplitInfo((train,)), "test": SplitInfo(())},
        "stats": stats,
        "tool_version": "0.1.0",
        "schema_version": "1.0.0",
        "schema_sha256": "b" * 64,
        "inputs": inputs,
        "limitations": ["Characters may be missing."],
    }
    fields.update(changes)
    return CardInfo(**fields)


def _split(card: str) -> tuple[dict[str, Any], str]:
    _, head, body = card.split("---\n", 2)
    return yaml.safe_load(head), body


@pytest.mark.parametrize(
    "rows, label", [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (123_456, "100K<n<1M"), (2 * 10**9, "n>1B")]
)
def test_size_category(rows: int, label: str) -> None:
    assert size_category(rows) == label


def test_front_matter_lists_only_splits_with_rows() -> None:
    meta = front_matter(_info())
    assert meta["configs"] == [
        {"config_name": "default", "default": True, "data_files": [{"split": "train", "path": "data/train-*.parquet"}]}
    ]
    info = meta["dataset_info"]
    assert info["splits"] == [{"name": "train", "num_bytes": 999, "num_examples": 8}]
    assert info["features"] == hf_features_dict() and info["dataset_size"] == 999
    assert meta["size_categories"] == ["n<1K"] and meta["license"] == "cc-by-4.0"


def test_the_card_parses_and_documents_every_field() -> None:
    meta, body = _split(render_card(_info()))
    assert meta == front_matter(_info())
    assert body.startswith("\n# Demo | 报刊\n\nArticles.\n\nThis is version **1.2.0** of the dataset `demo`")
    for doc in field_docs():
        assert f"| `{doc.path}` |" in body, doc.path
    assert "| train | 8 | `data/train-00000-of-00001.parquet` |" in body
    assert "| test | 0 | — |" in body
    assert "- Articles: 8;" in body and "- Characters may be missing." in body
    assert 'print(ds["train"][0]["title"])' in body


def test_how_it_was_built_says_publish_or_build() -> None:
    published = render_card(_info())
    assert "- Published with `baokan publish` from the inputs below." in published
    built = render_card(_info(config={"name": "demo", "sources": [{"path": "raw"}]}))
    assert "- Built with `baokan build` from this configuration" in built
    assert '"sources": [\n    {\n      "path": "raw"' in built


def test_citation_year_and_empty_limitations() -> None:
    undated = render_card(_info(limitations=[]))
    assert "year         = {n.d.}" in undated and "## Known limitations\n\n- None recorded.\n" in undated
    assert "@misc{demo_1_2_0," in undated
    assert "year         = {2024}" in render_card(_info(citation_year="2024"))


def test_table_cells_escape_pipes_and_newlines(monkeypatch: pytest.MonkeyPatch) -> None:
    import baokan.release.card as card

    doc = FieldDoc("source.note", "string (a|b)", True, "one | two\nthree")
    monkeypatch.setattr(card, "field_docs", lambda: [doc])
    assert card.field_table().splitlines()[-1] == "| `source.note` | string (a\\|b) | yes | one \\| two three |"


def test_authors_home_page_and_citation_come_from_the_attribution() -> None:
    from baokan.release.attribution import Attribution

    credits = Attribution("cc-by-nc-4.0", authors=("王小明", "Li Hua"), homepage="https://example.org/lvliang")
    meta, body = _split(render_card(_info(license="cc-by-nc-4.0", attribution=credits, citation_year="2026")))
    assert meta["license"] == "cc-by-nc-4.0" and "license_name" not in meta
    assert "- Authors: 王小明, Li Hua\n- Home page: https://example.org/lvliang" in body
    assert (
        "author       = {王小明 and Li Hua}" in body and "howpublished = {\\url{https://example.org/lvliang}}" in body
    )
    given = Attribution("cc-by-4.0", citation="@article{lvliang2026, title = {吕梁}}")
    assert "```bibtex\n@article{lvliang2026, title = {吕梁}}\n```" in render_card(_info(attribution=given))


def test_license_other_carries_its_name_and_link_and_every_card_states_the_rights() -> None:
    from baokan.release.attribution import Attribution

    credits = Attribution("other", "publisher-copyright", "README.md#rights")
    meta, body = _split(render_card(_info(license="other", attribution=credits)))
    assert (meta["license"], meta["license_name"], meta["license_link"]) == (
        "other",
        "publisher-copyright",
        "README.md#rights",
    )
    assert "## Rights" in body and "copyright stays with the newspapers" in body
    assert "`publisher-copyright (README.md#rights)`" in body
    assert "## How the splits are made" in body and "a hash (SHA-256) of its id" in body
    assert "no cluster straddles two splits" not in body  # published, not built with dedup
    built = render_card(_info(dedup_method="near duplicates dropped, keeping the earliest copy"))
    assert "no cluster straddles two splits" in built
    assert "no cluster straddles" not in render_card(_info(dedup_method="none (every article kept; splits by id)"))


def test_an_unknown_licence_is_refused() -> None:
    from baokan.errors import UsageError
    from baokan.release.attribution import check_license

    check_license("cc-by-sa-4.0")
    with pytest.raises(UsageError, match="not a Hugging Face Hub licence identifier"):
        check_license("CC BY 4.0")
    with pytest.raises(UsageError, match="needs license_name"):
        check_license("other", "publisher-copyright")
