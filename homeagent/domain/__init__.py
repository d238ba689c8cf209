"""The pure core: models, events, commands and rules. Standard library (and phonenumbers) only."""
