"""The management team's and shield officers' worklists of practitioners' requests."""
