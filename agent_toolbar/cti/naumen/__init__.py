"""Naumen Contact Center CTI API: messages, client, adapter and simulator."""
