"""Help menu: the keyboard shortcuts of the window and About."""
