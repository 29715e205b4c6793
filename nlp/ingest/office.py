"""Legacy Word (.doc) and OpenDocument (.odt) → DOCX with LibreOffice, then the DOCX reader.

Two ``soffice`` runs sharing a profile make the second one silently produce nothing
(stack-notes §6), so every conversion gets its own throw-away profile and HOME.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest.docx import read_docx
from vanban.nlp.types import SourceText

TIMEOUT_S = 120
_FILTER = 'docx:MS Word 2007 XML'


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, filename: str, suffix: str) -> bytes:
    """DOCX bytes of a .doc/.odt file, converted by a private LibreOffice instance."""
    soffice = find_soffice()
    if soffice is None:
        raise VanbanError("tool_missing", filename, "LibreOffice (apt: libreoffice-writer-nogui)")
    work = Path(tempfile.mkdtemp(prefix="vanban-lo-"))
    try:
        source = work / f"input{suffix}"  # a plain name: the user's may hold anything
        source.write_bytes(data)
        out = work / "out"
        home = work / "home"
        out.mkdir()
        home.mkdir()
        command = [
            soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", _FILTER, "--outdir", str(out), str(source),
        ]
        env = {**os.environ, "HOME": str(home), "TMPDIR": str(work)}
        # own session: on timeout the whole group (oosplash + soffice.bin) is ended
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            _stdout, stderr = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            raise VanbanError("conversion_failed", filename, f"timeout {TIMEOUT_S} s") from exc
        except BaseException:  # the caller's own time limit (SIGALRM), Ctrl-C: no orphans
            _kill_group(process)
            raise
        result = out / "input.docx"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = f"rc={process.returncode}" + (f": {detail[-1][:100]}" if detail else "")
            raise VanbanError("conversion_failed", filename, reason)
        return result.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def read_office(data: bytes, filename: str, *, suffix: str, media_type: str) -> SourceText:
    """Convert with LibreOffice, then read as DOCX (keeping the original media type)."""
    return read_docx(convert_to_docx(data, filename, suffix), filename, media_type=media_type)
