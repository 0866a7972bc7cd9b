"""Qt-free core: regions, the module-link model, the API client, webhook parsing, storage."""
