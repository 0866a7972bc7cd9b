"""The History window: every recorded save across all links."""
