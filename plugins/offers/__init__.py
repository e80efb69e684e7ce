"""Crisis-housing offers: collect, vet, keep up to date, match and pilot the places offered."""
