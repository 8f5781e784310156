"""Backup and restore: one verified archive with a consistent snapshot of the site."""
