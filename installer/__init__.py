"""Bundle build, Linux package, machine policy template, Windows MSI/ADMX recipe."""
