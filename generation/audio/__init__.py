"""Audio: foley synthesis from contact events, and ambience per setting. No I/O here."""
