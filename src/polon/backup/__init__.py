"""Backup and restore: an online-consistent copy of the database and every stored file, with a manifest."""
