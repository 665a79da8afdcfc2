"""Dialogs: each saves through one service call and keeps what was typed if that fails."""
