"""Edit → Copy as cURL: the open link's request as a shell command."""
