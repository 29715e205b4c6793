"""Archive-scale extraction: many documents, resumable, on local processes or Dask."""
