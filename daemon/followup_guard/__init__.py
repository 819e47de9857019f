"""followup-guard: keeps interview follow-ups timely, well addressed and professional."""

__version__ = "0.1.0"
