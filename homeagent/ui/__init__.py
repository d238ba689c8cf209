"""The Qt user interface: dispatcher, view-models, windows. No adapters here."""
