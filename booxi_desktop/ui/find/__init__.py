"""Find client by external id: the dialog, its results model and its controller."""
