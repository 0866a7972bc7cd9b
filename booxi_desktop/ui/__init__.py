"""Qt widgets, item models and undo commands of the booxi-desktop window."""
