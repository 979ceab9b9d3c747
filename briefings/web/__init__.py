"""Reading the web safely: URL checks against SSRF, the guarded HTTP fetcher, decoding
bytes of any common encoding, article text from HTML and feed documents.

Nothing here touches the store; ingestion and feeds build on it.
"""
