"""Icons, style sheets, Qt resource files and translations of the desktop client."""
