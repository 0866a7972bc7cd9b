"""Demo mode's own entries: simulate a booking so its webhook event arrives, all offline."""
