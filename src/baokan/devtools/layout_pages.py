"""Generated layout pages with their gold, in every form: `write_layout_pages`.

OUT/<form>/<publication>/<YYYY-MM-DD>/<NN>.<ext> and <NN>.gold.json beside it (the PaddleOCR file
is `<NN>_res.json`, as PaddleOCR names its results, and its gold `<NN>_res.gold.json`):

- `pdf`     NN.pdf
- `alto`    NN.xml (ALTO v4)
- `hocr`    NN.hocr
- `paddle`  NN_res.json (3.x object; every fifth page the 2.x list), engine order, OCR noise
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from baokan.devtools.layout_writers import alto_xml, hocr_html, paddle_json, pdf_bytes
from baokan.devtools.layoutgen import gold_of, lay_out_page, ocr_noise
from baokan.devtools.pdgen import PDArticle

__all__ = ["FORMS", "write_layout_pages"]

FORMS = ("pdf", "alto", "hocr", "paddle")
PUBLICATION = "人民日报"


def write_layout_pages(
    out: Path,
    pages: int,
    seed: int,
    articles: list[PDArticle],
    forms: tuple[str, ...] = FORMS,
    publication: str = PUBLICATION,
) -> list[Path]:
    """`pages` pages of the articles' days, each written in every form of `forms`."""
    days = sorted({a.day for a in articles})
    written: list[Path] = []
    for n in range(pages):
        rng = random.Random(seed * 1_000_003 + n)
        day = days[n % len(days)]
        pool = [a for a in articles if a.day == day]
        chosen = rng.sample(pool, min(len(pool), 8))
        number = n // len(days) + 1
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        layout = lay_out_page(rng.randrange(2**31), chosen, publication=publication, date=date, label=f"第{number}版")
        stem = f"{number:02d}"
        for form in forms:
            folder = out / form / publication / date
            folder.mkdir(parents=True, exist_ok=True)
            items = layout.items
            if form == "pdf":
                name, data = f"{stem}.pdf", pdf_bytes(layout)
            elif form == "alto":
                name, data = f"{stem}.xml", alto_xml(layout, items, random.Random(n)).encode("utf-8")
            elif form == "hocr":
                name, data = f"{stem}.hocr", hocr_html(layout, items).encode("utf-8")
            else:
                noisy = ocr_noise(items, random.Random(n))
                items = [it for it, _ in noisy]
                version = 2 if n % 5 == 4 else 3
                name, data = f"{stem}_res.json", paddle_json(layout, noisy, version).encode("utf-8")
            (folder / name).write_bytes(data)
            gold = gold_of(layout, items, name, publication)
            gold["render"] = {"generator": "layoutgen", "form": form, "seed": seed, "features": sorted(layout.features)}
            gold_path = folder / (name.rsplit(".", 1)[0] + ".gold.json")
            gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(folder / name)
    return written
