"""Call cards and what belongs to a call: data panel, dialer, DTMF pad, CRM status."""
