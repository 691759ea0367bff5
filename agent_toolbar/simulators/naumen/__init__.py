"""The Naumen Contact Center CTI API simulator (protocol version 13)."""
