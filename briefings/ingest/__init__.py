"""Ingestion: text, files, URLs and feeds into the store, safely."""

from briefings.ingest.service import Ingestor, IngestResult

__all__ = ["IngestResult", "Ingestor"]
