"""vanban: document intelligence for Vietnamese administrative texts.

The import packages live in the repository's top-level folders and are mapped under this
namespace by pyproject.toml: ``vanban.nlp`` is ``nlp/``, ``vanban.evaluation`` is ``evaluation/``.
"""

__version__ = "0.1.0"
