"""Writes resources/sounds/ring.wav, the built-in ring.

Two bursts of a 440 + 480 Hz dual tone (the North American ring-back pair), 16-bit mono at
22,050 Hz, about 1.2 s. Run from the repository root: ``python scripts/make_ring_sound.py``.
Our own tone, generated here, so the bundle carries no third-party sound file.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds" / "ring.wav"


def samples() -> list[int]:
    """The ring's samples: two 0.4 s bursts (faded in and out), each followed by 0.2 s quiet."""
    out: list[int] = []
    for _burst in range(2):
        length = int(RATE * 0.4)
        for i in range(length):
            t = i / RATE
            fade = min(1.0, i / 200, (length - i) / 200)
            tone = math.sin(2 * math.pi * 440 * t) + math.sin(2 * math.pi * 480 * t)
            out.append(int(0.35 * fade * tone * 32767 / 2))
        out.extend([0] * int(RATE * 0.2))
    return out


def main() -> None:
    """Write the file."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", s) for s in samples()))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
