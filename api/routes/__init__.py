"""One router per resource; api/main.py includes them under /api/v1 (pages at the root)."""
