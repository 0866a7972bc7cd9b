"""The activity journal: one record per save, whatever its outcome."""
