"""The one paging rule of the worklists: pages start at 1 and hold 1 to MAX_PAGE_SIZE."""

from __future__ import annotations

from directory.errors import InvalidRequest

MAX_PAGE_SIZE = 100


def check_page(page: int, page_size: int, items: str) -> None:
    """InvalidRequest unless (page, page_size) is a page of `items` (a plural noun)."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidRequest(f"Pages start at 1 and hold 1 to {MAX_PAGE_SIZE} {items}.")
