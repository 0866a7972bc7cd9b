"""The inspector's Receive panel: live webhook deliveries, their headers, export and replay."""
