"""The README's example, run verbatim against a running server."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example(server):
    code = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    assert len(code.strip().splitlines()) <= 10
    env = dict(os.environ, NEWSWIRE_SERVER=server.tcp)
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert re.fullmatch(r"Old library reopens with a rooftop garden: sentiment [+-]\d\.\d\d", lines[0])
    assert any(l.startswith("  Priya Nair: ") for l in lines)
