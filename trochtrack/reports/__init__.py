"""Printed documents (reportlab platypus): GP letters, referral letters, patient handouts."""
