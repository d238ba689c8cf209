"""HomeAgent: softphone and agent desktop for call-centre operators working from home."""

__version__ = "0.1.0"
