"""Text that remembers, for every character, where it came from in the raw text.

Normalisation steps rewrite text with regex substitutions; ``MappedText.sub`` applies one and
carries the offsets along, so a span of the final text maps back to the raw text (the page
highlights the original, and PDF parts keep their page and box).
"""

from __future__ import annotations

from collections.abc import Callable

import regex

Replacement = str | Callable[["regex.Match[str]"], str]


class MappedText:
    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: list[int] | None = None) -> None:
        self.text = text
        self.offsets = list(range(len(text))) if offsets is None else offsets
        assert len(self.offsets) == len(self.text)

    def sub(self, pattern: regex.Pattern[str], repl: Replacement) -> MappedText:
        """Replace every match of ``pattern``; replaced characters keep the offsets they can.

        A replacement of the same length keeps each character's offset; a shorter or longer one
        maps its characters onto the match's first offsets (then its last), and text inserted
        into an empty match takes the offset of the character that follows.
        """
        pieces: list[str] = []
        offsets: list[int] = []
        last = 0
        text, old = self.text, self.offsets
        for match in pattern.finditer(text):
            start, end = match.span()
            new = repl(match) if callable(repl) else match.expand(repl)
            if new == match.group(0):
                continue
            pieces.append(text[last:start])
            offsets.extend(old[last:start])
            pieces.append(new)
            offsets.extend(_spread(old, start, end, len(new), len(text)))
            last = end
        if last == 0 and not pieces:
            return self
        pieces.append(text[last:])
        offsets.extend(old[last:])
        return MappedText("".join(pieces), offsets)


def _spread(old: list[int], start: int, end: int, length: int, text_len: int) -> list[int]:
    if length == 0:
        return []
    if end > start:
        span = old[start:end]
        return [span[min(i, len(span) - 1)] for i in range(length)]
    anchor = old[start] if start < text_len else (old[-1] + 1 if old else 0)
    return [anchor] * length
