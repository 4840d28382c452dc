"""Application core of the desktop client: bootstrap, machine policy, session state machine,
background operations, idle/lock monitor, platform hardening, training launcher (issue 4)."""
