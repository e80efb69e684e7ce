"""Admin screens of the observatory (declarations only): filled in below."""
