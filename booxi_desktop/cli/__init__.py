"""``booxi-link``: the command-line companion over the same core as the window."""
