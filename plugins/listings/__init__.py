"""Listings of vacant social homes: publish for a diffusion window, public search and detail, traced contacts, feeds."""
