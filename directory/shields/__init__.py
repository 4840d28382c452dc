"""The shield lifecycle (DESIGN.md 3.6.1): the machine, its store and its operations."""
