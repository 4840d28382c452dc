#!/bin/sh
# /usr/bin/contactpoint: starts the ContactPoint client installed in /opt/contactpoint.
# The bundle carries its own Python and Qt; this only hands it the arguments. The bundle
# is found from this script's own place (/usr/bin/../../opt), so that a package unpacked
# elsewhere (dpkg -x, for a check) runs its own copy. The machine policy is
# /etc/contactpoint/policy.json (see /etc/contactpoint/policy.json.example).
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/contactpoint/contactpoint" "$@"
