"""The error shape every route can answer with, published in the OpenAPI document.

Documented once per router, so that clients (and schemathesis) know every refusal is the
same JSON object whatever the route.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    error: str = Field(description="stable machine-readable code, e.g. invalid_criteria")
    message: str = Field(description="a sentence a person can act on; no personal data")
    correlation_id: str = Field(description="quote this to the helpdesk")


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("The request is understood but refused: the message says what to change."),
    401: _error("No valid session, or the login was refused."),
    403: _error("Your role does not permit this."),
    404: _error("Unknown, or not visible to you (the same answer for both)."),
    409: _error("The request contradicts the record's current state."),
    413: _error("The request body is too large."),
    415: _error("The request body is not application/json."),
    422: _error("The request body is not valid JSON of the documented shape."),
    429: _error("Too many requests in a short time; try again shortly."),
    500: _error("An unexpected failure; the helpdesk can trace it by correlation id."),
    503: _error("Not done: the directory could not record it (fail closed), or is not ready."),
}
