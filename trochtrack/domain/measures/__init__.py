"""Outcome measures beyond the visit's scores.

Questionnaires item by item, the core outcome set for gluteal tendinopathy, and when
each measure is due.
"""
