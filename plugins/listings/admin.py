"""Admin declarations of the listings plugin (filled in below)."""
