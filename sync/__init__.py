"""The directory client (httpx), wire models and the encrypted, expiring cache (issues 4-5)."""
