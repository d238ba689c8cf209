"""The SIP engine: pjsua2 in its own process (engine.py) and the GUI-side proxy (client.py)."""
