#!/bin/sh
# /usr/bin/contactpoint: starts the ContactPoint client installed in /opt/contactpoint.
# The bundle carries its own Python and Qt; this only hands it the arguments. The machine
# policy is /etc/contactpoint/policy.json (see /etc/contactpoint/policy.json.example).
exec /opt/contactpoint/contactpoint "$@"
