"""newsstream: real-time news enrichment (clean -> tag -> geolocate -> event) on Kafka."""

__version__ = "0.1.0"

__all__ = ["__version__"]
