"""Ingestion: text, files, URLs and feeds into the store, safely."""

from briefings.ingest.ingestor import FilteredOut, Ingestor, IngestResult

__all__ = ["FilteredOut", "IngestResult", "Ingestor"]
