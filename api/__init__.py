"""vanban's web service (FastAPI): upload, tasks, citations, exports, the page."""
