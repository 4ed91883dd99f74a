"""advocate: playbooks and Word documents for community organisations working with their council."""

__version__ = "0.1.0"
