"""agent-toolbar: a desktop toolbar for contact-center operators."""

__version__ = "0.1.0"
