#!/usr/bin/env bash
# The main job on the bundled data: build the 吕梁日报 release from data/raw/, verify it, load it
# with datasets.load_dataset and show what is in it. Sets up .venv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
out="build/releases"
# quickstart's own output: a build of an older baokan there would make this version "already exist"
rm -rf "$out/lvliang-daily"
release="$("$VENV/bin/baokan" build data/lvliang-daily.toml --out "$out")"
"$VENV/bin/baokan" verify "$release"
"$VENV/bin/python" - "$release" data/releases/lvliang-daily/1.0.0 <<'PY'
import filecmp
import sys
from pathlib import Path

from datasets import load_dataset

release, committed = Path(sys.argv[1]), Path(sys.argv[2])
ds = load_dataset(str(release), cache_dir=str(release.parent.parent / ".hf-cache"))
print(f"\nloaded {release} with datasets.load_dataset:")
for split, data in ds.items():
    print(f"  {split}: {data.num_rows} articles")
first_split = next(iter(ds))
for article in ds[first_split].select(range(min(2, ds[first_split].num_rows))):
    print(f"\n  title:     {article['title']}")
    authors = ", ".join(f"{a['name']} ({a['role']})" for a in article["authors"]) or "—"
    print(f"  authors:   {authors}")
    print(f"  paragraph: {article['paragraphs'][0][:80]}…")
if committed.is_dir():
    names = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    same = all((committed / n).is_file() and filecmp.cmp(release / n, committed / n, shallow=False) for n in names)
    same = same and len(names) == sum(1 for p in committed.rglob("*") if p.is_file())
    print(f"\nbyte-identical to the committed {committed}: {'yes' if same else 'NO'}")
PY
