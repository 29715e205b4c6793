"""Bounded stream decoding for pdfminer.six.

pdfminer inflates every FlateDecode stream with no size cap (a 204 KB PDF grew to 433 MB of
memory), and recovers a stream whose checksum is damaged by inflating it one input byte at a
time while copying the whole output each time (quadratic: a damaged 200 KB image stream runs for
hours). Both are pdfminer module globals looked up at call time, so ``install()`` swaps in a
linear inflate with a cap. A stream over the cap raises ``StreamTooLarge``, which the PDF reader
reports as ``too_large``. Behaviour is otherwise pdfminer's: a stream damaged anywhere but its
4-byte Adler-32 checksum still fails with ``zlib.error``.
"""

from __future__ import annotations

import zlib

from pdfminer import pdftypes

MAX_STREAM_BYTES = 256 * 1024 * 1024  # one decoded content/font/object stream
_CHUNK = 1024 * 1024
_CHECKSUM = 4  # zlib's trailing Adler-32


class StreamTooLarge(Exception):
    """A PDF stream inflates past ``MAX_STREAM_BYTES``."""


def _inflate(data: bytes, *, checksum_may_fail: bool) -> bytes:
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0

    def feed(piece: bytes) -> None:
        nonlocal size
        while piece and not inflater.eof:
            chunk = inflater.decompress(piece, _CHUNK)
            size += len(chunk)
            if size > MAX_STREAM_BYTES:
                raise StreamTooLarge(f"> {MAX_STREAM_BYTES // 2**20} MB")
            out.append(chunk)
            piece = inflater.unconsumed_tail

    if not checksum_may_fail:
        feed(data)
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
        return b"".join(out)
    feed(data[:-_CHECKSUM])  # damage here is real damage: zlib.error, as in pdfminer
    try:
        feed(data[-_CHECKSUM:])
    except zlib.error:
        pass  # only the checksum is wrong: keep the data
    return b"".join(out)


class _BoundedZlib:
    """The part of the ``zlib`` module pdfminer's ``pdftypes`` uses, with a capped inflate."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        return _inflate(data, checksum_may_fail=False)


def decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a stream that failed to inflate, in linear time and capped."""
    return _inflate(data, checksum_may_fail=True)


def install() -> None:
    """Make pdfminer's stream decoding bounded in this process (idempotent)."""
    pdftypes.zlib = _BoundedZlib  # type: ignore[attr-defined,assignment]
    pdftypes.decompress_corrupted = decompress_corrupted
