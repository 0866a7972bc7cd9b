"""Webhook deliveries received live on loopback: the server, what it keeps, and exports."""
