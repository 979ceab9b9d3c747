"""Ingestion: text, files, URLs and feeds into the store, safely."""

from briefings.ingest.ingestor import Ingestor, IngestResult

__all__ = ["IngestResult", "Ingestor"]
