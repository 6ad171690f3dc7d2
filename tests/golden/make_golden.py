"""Writes the golden that tests/test_linear_build.py compares the build with.

    python tests/golden/make_golden.py [HOOKS_DIR]

HOOKS_DIR is the hooks/ folder of the code that makes the golden (by default this tree's).
The golden of issue 17 was made by commit 9d7bdb8, before the build was made linear:
`git worktree add /tmp/old 9d7bdb8; cp hooks/playbook/synthetic.py /tmp/old/hooks/playbook/;
python tests/golden/make_golden.py /tmp/old/hooks`. Run it again only when a change to the
drawings or to the answers of the queries is meant, and say so in the commit."""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (15, 100)


def main() -> None:
    hooks = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE.parent.parent / "hooks"
    sys.path.insert(0, str(hooks))
    from playbook import api  # the code that makes the golden
    from playbook.synthetic import synthetic_data
    sys.path.insert(0, str(HERE.parent))
    from test_linear_build import SITE_URL, answers, drawings

    assert Path(api.__file__).is_relative_to(hooks), api.__file__
    for roles in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            data = synthetic_data(HERE / "data", Path(tmp) / "data", roles, hooks.parent / "playbook_data" / "schema")
            pages = api.build_pages(data, SITE_URL)
            golden = {"drawings": drawings(pages), "answers": answers(api.load_playbook(data))}
        with gzip.open(HERE / f"pages-{roles}.json.gz", "wt", encoding="utf-8") as out:
            json.dump(golden, out, sort_keys=True, indent=0)
        print(f"{roles} roles: {sum(map(len, golden['drawings'].values()))} drawings")


if __name__ == "__main__":
    main()
