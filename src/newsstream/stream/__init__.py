"""The streaming layer: the only package that imports faust or aiokafka.

It is thin on purpose: agents move records between topics and call the pure stage
functions of ``newsstream.pipeline``; state lives only in Faust tables.
"""
