"""Understand what a document says: structure, metadata, stages, leader, ledger, sentences, problems, classification, similarity.

General Chinese-document knowledge only: every campaign word comes from the rule pack.
"""
