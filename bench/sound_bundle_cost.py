"""What the ring through QSoundEffect costs the packaged toolbar: bundle and tarball sizes
with and without QtMultimedia, built in the same run from the same sources.

    .venv/bin/python bench/sound_bundle_cost.py --python /path/to/venv-with-sound/bin/python

The interpreter given must have the project with the ``sound`` extra (PySide6-Addons, the
same version as PySide6-Essentials) and the ``package`` extra installed; pip-uninstalling
Addons from a venv also removes files Essentials shares with it, so use a separate venv:

    python3 -m venv /tmp/sound-venv && /tmp/sound-venv/bin/pip install -e '.[package,sound]'

1. Builds the bundle twice with ``packaging/build.sh`` into ``build/bench-sound/``: the
   baseline (the spec as shipped: no QtMultimedia) and ``AGENT_TOOLBAR_SOUND=1`` (QtMultimedia
   and its FFmpeg plugin bundled).
2. Runs each bundle's ``--smoke`` offscreen (the frozen build still works).
3. Prints sizes, the difference and the ratio against the baseline, and the biggest files only
   the sound bundle has.

A measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bench-sound"


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(python: str, name: str, sound: bool) -> Path:
    dist = OUT / name / "dist"
    env = dict(
        os.environ,
        DIST=str(dist),
        WORK=str(OUT / name / "work"),
        PY=python,
        AGENT_TOOLBAR_NO_BOOTSTRAP="1",
        AGENT_TOOLBAR_SOUND="1" if sound else "0",
    )
    print(f">> building {name} …", flush=True)
    subprocess.run(
        ["bash", "packaging/build.sh"], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return dist


def smoke(bundle: Path) -> str:
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            HOME=home,
            XDG_CONFIG_HOME=home,
            XDG_STATE_HOME=home,
            LD_LIBRARY_PATH="",
        )
        done = subprocess.run(
            [str(bundle / "agent-toolbar"), "--smoke", "--config", f"{home}/u.ini"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    return "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr[-300:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="an interpreter with the sound extra")
    args = parser.parse_args()
    probe = subprocess.run(
        [args.python, "-c", "import PySide6.QtMultimedia"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        print(f"{args.python} has no QtMultimedia (install the sound extra there)")
        return 2
    sizes: dict[str, tuple[int, int, Path]] = {}
    for name, sound in (("baseline", False), ("with-sound", True)):
        dist = build(args.python, name, sound)
        bundle = dist / "agent-toolbar"
        (tarball,) = dist.glob("agent-toolbar-*.tar.gz")
        sizes[name] = (tree_size(bundle), tarball.stat().st_size, bundle)
        print(f"   {name}: --smoke {smoke(bundle)}")
    (base_dir, base_tar, base), (snd_dir, snd_tar, snd) = sizes["baseline"], sizes["with-sound"]
    mb = 1e6
    print(f"\n{'':12}{'bundle MB':>12}{'tarball MB':>12}")
    print(f"{'baseline':12}{base_dir / mb:12.1f}{base_tar / mb:12.1f}")
    print(f"{'with sound':12}{snd_dir / mb:12.1f}{snd_tar / mb:12.1f}")
    print(f"{'difference':12}{(snd_dir - base_dir) / mb:+12.1f}{(snd_tar - base_tar) / mb:+12.1f}")
    print(f"{'ratio':12}{snd_dir / base_dir:12.2f}{snd_tar / base_tar:12.2f}")
    base_files = {p.relative_to(base) for p in base.rglob("*") if p.is_file()}
    extra = sorted(
        (
            (p.stat().st_size, p.relative_to(snd))
            for p in snd.rglob("*")
            if p.is_file() and p.relative_to(snd) not in base_files
        ),
        reverse=True,
    )
    print("\nbiggest files only the sound bundle has:")
    for size, rel in extra[:12]:
        print(f"  {size / mb:7.2f} MB  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
