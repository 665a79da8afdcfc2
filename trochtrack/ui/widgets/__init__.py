"""Small reusable widgets: number and date entry, alert cards, charts, the lock screen."""
