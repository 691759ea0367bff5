"""Naumen Contact Center CTI API backend: wire messages, codec, client, adapter, profile."""
