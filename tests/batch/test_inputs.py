"""What `vanban batch INPUT...` reads: files, folders recursively and globs, each document once."""

from __future__ import annotations

import os
from pathlib import Path

from vanban.nlp.batch.inputs import expand_inputs


def _tree(root: Path) -> dict[str, Path]:
    files = {
        "a": root / "a.txt",
        "b": root / "sub" / "b.pdf",
        "c": root / "sub" / "deeper" / "c.docx",
        "hidden": root / "sub" / ".nhap.txt",
        "in_hidden_dir": root / ".git" / "x.txt",
        "result": root / "out" / "a-0123456789ab.json",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return files


def test_a_folder_is_read_recursively_without_hidden_files_or_the_output_folder(
    tmp_path: Path,
) -> None:
    files = _tree(tmp_path)
    found = expand_inputs([tmp_path], exclude=tmp_path / "out")
    assert found.paths == sorted(str(files[k]) for k in "abc")
    assert found.unmatched == []


def test_files_folders_and_globs_together_give_each_document_once_sorted(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    inputs = [
        files["c"],
        str(tmp_path / "sub"),
        str(tmp_path / "**" / "*.txt"),
        f"{tmp_path}/./a.txt",
    ]
    found = expand_inputs(inputs, exclude=tmp_path / "out")
    assert found.paths == sorted(str(files[k]) for k in "abc")
    assert all(Path(p).is_absolute() for p in found.paths)


def test_a_hidden_file_named_explicitly_is_taken(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    assert expand_inputs([files["hidden"]]).paths == [str(files["hidden"])]


def test_inputs_that_match_nothing_are_reported(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    (tmp_path / "empty-dir").mkdir()
    inputs = [
        str(tmp_path / "khong-co.pdf"),
        str(tmp_path / "*.doc"),
        str(tmp_path / "empty-dir"),
        str(files["a"]),
    ]
    found = expand_inputs(inputs)
    assert found.paths == [str(files["a"])]
    assert found.unmatched == inputs[:3]


def test_the_output_folder_given_as_input_yields_nothing(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = expand_inputs([tmp_path / "out"], exclude=tmp_path / "out")
    assert found.paths == [] and found.unmatched == [str(tmp_path / "out")]


def test_non_regular_files_and_broken_links_are_skipped_links_to_files_kept(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "link.txt").symlink_to(files["b"])
    (tmp_path / "loop").symlink_to(tmp_path)  # a link to a folder is not followed: no endless walk
    found = expand_inputs([tmp_path], exclude=tmp_path / "out")
    # the link resolves to b.pdf, already found through its own folder
    assert found.paths == sorted(str(files[k]) for k in "abc")


def test_a_literal_name_with_glob_characters_is_a_file_not_a_pattern(tmp_path: Path) -> None:
    odd = tmp_path / "[2023] báo cáo.txt"
    odd.write_text("x", encoding="utf-8")
    (tmp_path / "2.txt").write_text("x", encoding="utf-8")
    assert expand_inputs([str(odd)]).paths == [str(odd)]
